package org.spacetimelens.cli;

import java.util.List;
import java.util.Locale;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The rollout options of src/docs/ROLLOUT.md as command-line flags (a picocli mixin). Layers and heads are 0-based. */
public final class RolloutOptions {

    @Option(names = "--method", converter = MethodConverter.class,
            paramLabel = "rollout|spatial|temporal|grad-rollout",
            description = "rollout (default), a single-layer view at --up-to-layer, or grad-rollout: the "
                + "gradient-weighted rollout of one class (--target-class, --contrast-class)")
    RolloutMethod method = RolloutMethod.ROLLOUT;

    /** How every layer option states the numbering (held by a test against the figure title's wording). */
    static final String ZERO_BASED = "0-based: 0 is the first layer; --up-to-layer 3 uses layers 0–3";

    @Option(names = "--start-layer", paramLabel = "N",
            description = "first layer of the rollout (default 0); " + ZERO_BASED)
    int startLayer = 0;

    @Option(names = "--up-to-layer", paramLabel = "N",
            description = "last layer of the rollout, included (default: the top layer); " + ZERO_BASED)
    int upToLayer = RolloutParams.ALL_LAYERS;

    @Option(names = "--fusion", converter = FusionConverter.class, paramLabel = "mean|max|min",
            description = "head fusion (default mean)")
    HeadFusion fusion = HeadFusion.MEAN;

    @Option(names = "--select-heads", split = ",", paramLabel = "H[,H...]", hideParamSyntax = true,
            description = "fuse only these heads (default all); 0-based: 0 is the first head")
    List<Integer> selectHeads = List.of();

    @Option(names = "--select-heads-layer", paramLabel = "N",
            description = "apply --select-heads only at this layer; others fuse all heads; " + ZERO_BASED)
    int headLayer = RolloutParams.EVERY_LAYER;

    @Option(names = "--discard-ratio", paramLabel = "R",
            description = "zero the lowest fraction R of each fused map's entries, never the diagonal (default 0)")
    double discardRatio = 0.0;

    @Option(names = "--residual-weight", paramLabel = "A",
            description = "each map becomes rownorm(A·attention + (1-A)·I) (default 0.5)")
    double residualWeight = 0.5;

    @Option(names = "--query", converter = QueryConverter.class, paramLabel = "cls|Y,X,T",
            description = "query token: the CLS (default) or patch row Y, column X of frame T (of tubelet T for "
                + "VideoMAE and ViViT)")
    QueryToken query = QueryToken.CLS;

    @Option(names = "--normalization", converter = NormalizationConverter.class, paramLabel = "global|per-frame|none",
            description = "map scaling (default global: divide by the maximum over all frames)")
    MapNormalization normalization = MapNormalization.GLOBAL_MAX;

    /** The options as parameters; range errors become {@link IllegalArgumentException}s naming the option. */
    public RolloutParams toParams() {
        return RolloutParams.builder().method(method).startLayer(startLayer).upToLayer(upToLayer).fusion(fusion)
                .heads(selectHeads).headLayer(headLayer).discardRatio(discardRatio).residualWeight(residualWeight)
                .query(query).normalization(normalization).build();
    }

    static String key(String value) {
        return value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static final class MethodConverter implements ITypeConverter<RolloutMethod> {
        @Override
        public RolloutMethod convert(String value) {
            try {
                return RolloutMethod.valueOf(key(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not rollout, spatial, temporal or grad-rollout");
            }
        }
    }

    static final class FusionConverter implements ITypeConverter<HeadFusion> {
        @Override
        public HeadFusion convert(String value) {
            try {
                return HeadFusion.valueOf(key(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not mean, max or min");
            }
        }
    }

    static final class NormalizationConverter implements ITypeConverter<MapNormalization> {
        @Override
        public MapNormalization convert(String value) {
            return switch (key(value)) {
                case "GLOBAL", "GLOBAL_MAX" -> MapNormalization.GLOBAL_MAX;
                case "PER_FRAME" -> MapNormalization.PER_FRAME;
                case "NONE" -> MapNormalization.NONE;
                default -> throw new TypeConversionException("'" + value + "' is not global, per-frame or none");
            };
        }
    }

    static final class QueryConverter implements ITypeConverter<QueryToken> {
        @Override
        public QueryToken convert(String value) {
            if (value.trim().equalsIgnoreCase("cls")) {
                return QueryToken.CLS;
            }
            String[] parts = value.split(",");
            if (parts.length != 3) {
                throw new TypeConversionException("'" + value + "' is not cls or Y,X,T (e.g. 3,7,0)");
            }
            try {
                return QueryToken.patch(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not cls or Y,X,T (e.g. 3,7,0)");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
