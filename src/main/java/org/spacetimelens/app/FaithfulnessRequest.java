package org.spacetimelens.app;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.pipeline.Captions;
import org.spacetimelens.rollout.RolloutParams;

/**
 * What the Faithfulness pane evaluates: one analysed clip, the map the viewer shows (its method and
 * options) and the random baseline, S steps, one class. Two requests with the same {@link #view()} give
 * the same curves, so the pane compares views to tell current curves from stale ones.
 *
 * @param analysis the analysed clip (its frames are preprocessed again for the perturbed passes)
 * @param model    the loaded checkpoint that analysed it
 * @param params   the map's options as the viewer shows them
 * @param methods  the methods to compare, names of {@link RankingMethods} (the view's map first, then random)
 * @param steps    S: each curve has S+1 points
 * @param target   the class to follow, or null for the clean clip's top class
 * @param seed     seed of the random rankings
 */
record FaithfulnessRequest(ClipAnalysis analysis, ModelHandle model, RolloutParams params, List<String> methods,
        int steps, Integer target, long seed) {

    /** The seed the CLI's {@code evaluate} uses by default, so the pane's random curve is the CLI's. */
    static final long DEFAULT_SEED = 0;

    FaithfulnessRequest {
        Objects.requireNonNull(analysis);
        Objects.requireNonNull(model);
        Objects.requireNonNull(params);
        methods = List.copyOf(methods);
    }

    /** The map the viewer shows and the random baseline, as the CLI's {@code --methods} would name them. */
    static FaithfulnessRequest of(ClipAnalysis analysis, ModelHandle model, RolloutParams params, int steps,
            Integer target) {
        return new FaithfulnessRequest(analysis, model, params, List.of(methodName(params), RankingMethods.RANDOM),
                steps, target, DEFAULT_SEED);
    }

    /** The {@link RankingMethods} name of a rollout method: {@code GRAD_ROLLOUT} → {@code grad-rollout}. */
    static String methodName(RolloutParams params) {
        return params.method().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What decides the curves: equal views, equal curves. */
    record View(ClipKey clip, java.nio.file.Path model, RolloutParams params, List<String> methods, int steps,
            Integer target, long seed) {
    }

    View view() {
        return new View(analysis.key(), model.card().path(), params, methods, steps, target, seed);
    }

    /** One line for the pane: which clip, map options and class these curves belong to. */
    String describe() {
        ModelSummary card = model.card();
        int[] f = analysis.frameIndices();
        String cls = target == null ? "top class" : "class " + Captions.label(card.labels(), target);
        return String.format(Locale.ROOT, "%s, frames %d–%d · %s · %s · %s%s · S = %d · %s", card.name(), f[0],
                f[f.length - 1], Captions.method(params), Captions.layers(params, card.layers()),
                Captions.heads(params), extras(params), steps, cls);
    }

    /** The options {@link Captions} leaves out that change the ranking: residual weight, per-frame maps. */
    private static String extras(RolloutParams p) {
        String s = p.method() == org.spacetimelens.rollout.RolloutMethod.ROLLOUT
                ? String.format(Locale.ROOT, " · residual %.2f", p.residualWeight()) : "";
        return p.normalization() == org.spacetimelens.rollout.MapNormalization.PER_FRAME ? s + " · per-frame" : s;
    }
}
