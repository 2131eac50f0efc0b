package org.spacetimelens.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Ranking methods by name. Built in: {@code rollout}, {@code spatial}, {@code temporal} (the rollout
 * package's maps with the given options; the single-layer views at {@code upToLayer}) and {@code random}.
 * Others plug in with {@link #register}, e.g. a class-specific map that needs the model and the target:
 * <pre>{@code
 * RankingMethods.register("grad-rollout", o -> new MapMethod("grad-rollout", ctx -> ...));
 * }</pre>
 */
public final class RankingMethods {

    public static final String ROLLOUT = "rollout";
    public static final String SPATIAL = "spatial";
    public static final String TEMPORAL = "temporal";
    public static final String RANDOM = "random";

    /**
     * What a method may be configured with.
     *
     * @param rollout the rollout options ({@code method} is set per map method)
     * @param seed    seed of the random rankings
     */
    public record Options(RolloutParams rollout, long seed) {
    }

    private static final Map<String, Function<Options, RankingMethod>> FACTORIES = new LinkedHashMap<>();

    static {
        register(ROLLOUT, o -> rolloutMap(ROLLOUT, o.rollout().withMethod(RolloutMethod.ROLLOUT)));
        register(SPATIAL, o -> rolloutMap(SPATIAL, o.rollout().withMethod(RolloutMethod.SPATIAL)));
        register(TEMPORAL, o -> rolloutMap(TEMPORAL, o.rollout().withMethod(RolloutMethod.TEMPORAL)));
        register(RANDOM, o -> new RandomMethod(o.seed(), RandomMethod.DEFAULT_COUNT));
    }

    private RankingMethods() {
    }

    /** Adds (or replaces) a method under {@code name}. */
    public static synchronized void register(String name, Function<Options, RankingMethod> factory) {
        FACTORIES.put(name, factory);
    }

    /** Every known name, in registration order. */
    public static synchronized List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /**
     * The methods of these names, in the order given.
     *
     * @throws IllegalArgumentException for an unknown or repeated name (listing the known ones)
     */
    public static synchronized List<RankingMethod> of(List<String> names, Options options) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no method given; known: " + String.join(", ", FACTORIES.keySet()));
        }
        List<RankingMethod> out = new java.util.ArrayList<>();
        for (String name : names) {
            Function<Options, RankingMethod> f = FACTORIES.get(name);
            if (f == null) {
                throw new IllegalArgumentException("unknown method '" + name + "'; known: "
                        + String.join(", ", FACTORIES.keySet()));
            }
            if (out.stream().anyMatch(m -> m.name().equals(name))) {
                throw new IllegalArgumentException("method '" + name + "' is given twice");
            }
            out.add(f.apply(options));
        }
        return out;
    }

    /** A rollout-package map (normalised as the options ask) at the clip's token grid. */
    public static MapMethod rolloutMap(String name, RolloutParams params) {
        return new MapMethod(name, ctx -> {
            var rec = ctx.clean().attention();
            if (rec == null) {
                throw new IllegalArgumentException(name + " needs the clean pass's attention record");
            }
            return Rollout.compute(rec, params).values();
        });
    }
}
