package org.spacetimelens.demo;

import java.util.function.Function;
import java.util.function.IntConsumer;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.Logits;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.model.AttentionRecord;

/**
 * Measures a demo model on fresh scenes of a given generator seed: accuracy with a confusion
 * matrix and, when a rollout is given, whether the rollout map points at the target
 * ({@link PointingScore}).
 */
public final class DemoEvaluator {

    /** Results on {@code clips} scenes of generator seed {@code seed}. */
    public record Report(long seed, int clips, int correct, int[][] confusion, PointingScore pointing) {
        public double accuracy() {
            return clips == 0 ? 0 : (double) correct / clips;
        }
    }

    private DemoEvaluator() {
    }

    /**
     * @param rollout maps of one clip's attention (null: accuracy only)
     * @param progress called with the number of clips done (may be null)
     */
    public static Report evaluate(ClipPredictor model, TimeSformerConfig cfg, PreprocessConfig pp, long seed, int clips,
            Function<AttentionRecord, AttentionMaps> rollout, IntConsumer progress) {
        SceneGenerator gen = new SceneGenerator(seed);
        int k = cfg.numLabels();
        int[][] confusion = new int[k][k];
        int correct = 0;
        PointingScore pointing = rollout == null ? null : new PointingScore();
        for (int i = 0; i < clips; i++) {
            DemoClip clip = gen.scene(i).clip(cfg.numFrames(), pp.cropSize());
            ForwardResult r = model.forward(ClipTensors.of(clip.frames(), pp), rollout != null);
            int pred = Logits.argmax(r.logits());
            int truth = clip.label().ordinal();
            confusion[truth][pred]++;
            if (pred == truth) {
                correct++;
            }
            if (pointing != null) {
                pointing.add(rollout.apply(r.attention()), clip, pp.cropSize());
            }
            if (progress != null) {
                progress.accept(i + 1);
            }
        }
        return new Report(seed, clips, correct, confusion, pointing);
    }
}
