package org.spacetimelens.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Ranking methods by name. Built in: {@code rollout}, {@code spatial}, {@code temporal} (the rollout
 * package's maps with the given options; the single-layer views at {@code upToLayer}), {@code random} and
 * {@code grad-rollout} (the gradient-weighted map of the evaluated target class, from its own pass with
 * gradients). Others plug in with {@link #register}, e.g. a map that needs the model and the target:
 * <pre>{@code
 * RankingMethods.register("my-map", o -> new MapMethod("my-map", ctx -> ...));
 * }</pre>
 */
public final class RankingMethods {

    public static final String ROLLOUT = "rollout";
    public static final String SPATIAL = "spatial";
    public static final String TEMPORAL = "temporal";
    public static final String RANDOM = "random";
    public static final String GRAD_ROLLOUT = "grad-rollout";

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
        register(GRAD_ROLLOUT, o -> gradRolloutMap(GRAD_ROLLOUT, o.rollout().withMethod(RolloutMethod.GRAD_ROLLOUT)));
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

    /**
     * The gradient-weighted rollout (ROLLOUT.md) of the clip's target class, no contrast class: one more
     * single-clip pass with gradients, float32 (the clean pass's record has no gradients). Options that
     * grad-rollout does not take (discard ratio, residual weight) fail with the rollout package's message.
     */
    public static MapMethod gradRolloutMap(String name, RolloutParams params) {
        return new MapMethod(name, ctx -> {
            var c = ctx.clip();
            ForwardResult r = ctx.model().forwardWithGradients(c.data(), c.frames(), c.height(), c.width(), false,
                    ctx.targetClass(), AttentionGradients.NO_CONTRAST);
            return Rollout.compute(r.attention(), r.gradients(), params).values();
        });
    }
}
