package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.Logits;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.Preprocessor;

/**
 * The demo bar of class-specific maps (issue 12) on the demo video: does the class-evidence map
 * (gradient-weighted rollout, src/docs/ROLLOUT.md) of the <em>true</em> class put its arg-max on the
 * target shape, and does the map of a <em>wrong</em> class look different?
 *
 * <p>Every frame of the decoded video is scored once: each episode is cut into {@code samplingRate}
 * windows of {@code modelFrames} frames every {@code samplingRate} frames (offsets 0, 1, …; each window
 * is exactly a training clip), so the windows of an episode cover all its frames. Per window, with the
 * defaults of each method:
 * <ul>
 *   <li>the plain rollout (for reference: the same map for every class);</li>
 *   <li>the class evidence of the true class (the episode's label, {@code demo.json});</li>
 *   <li>the class evidence of the strongest wrong class: the highest logit other than the true one (the
 *       hardest wrong class to tell apart);</li>
 *   <li>and of every wrong class, for a figure that does not depend on that choice.</li>
 * </ul>
 * Pointing is judged as in {@link PointingScore} against the sidecar's target boxes mapped into the
 * model's crop; the wrong-class maps are compared with the true-class map by {@link MapDifference}.
 */
public final class ClassEvidence {

    /** The bar: the true class's map points at the target in at least this share of visible frames. */
    public static final double POINTING_BAR = 0.80;
    /**
     * "Differs visibly", made a number: on average at least this share of a frame's map mass sits elsewhere
     * in the strongest wrong class's map (total variation distance of the two maps as distributions).
     */
    public static final double DIFFERENCE_BAR = 0.25;

    /** The figure shows these windows: episode, offset of the window's first frame in the episode. */
    static final int FIGURE_OFFSET = 2;

    /** One window and its maps. */
    public record Window(int episode, int[] frames, int truth, int wrongClass, float[] logits, AttentionMaps rollout,
            AttentionMaps trueClass, AttentionMaps wrong, List<TargetBox> boxes) {
        /** Whether the model's top class on this window is the truth. */
        public boolean correct() {
            return Logits.argmax(logits) == truth;
        }
    }

    /**
     * What was measured.
     *
     * @param rollout      pointing of the plain rollout
     * @param trueClass    pointing of the true class's evidence
     * @param wrongClass   pointing of the strongest wrong class's evidence
     * @param everyWrong   pointing of every wrong class's evidence (each window counted once per wrong class)
     * @param trueVsWrong  true-class map against the strongest wrong class's map
     * @param trueVsEveryWrong true-class map against every wrong class's map
     * @param trueVsRollout true-class map against the plain rollout
     */
    public record Report(List<Window> windows, List<String> labels, PointingScore rollout, PointingScore trueClass,
            PointingScore wrongClass, PointingScore everyWrong, MapDifference trueVsWrong,
            MapDifference trueVsEveryWrong, MapDifference trueVsRollout) {

        public long correctWindows() {
            return windows.stream().filter(Window::correct).count();
        }

        /** Both parts of the bar. */
        public boolean met() {
            return trueClass.hitRate() >= POINTING_BAR && trueVsWrong.meanTotalVariation() >= DIFFERENCE_BAR;
        }
    }

    private ClassEvidence() {
    }

    /** The plain rollout's parameters (the default recipe). */
    public static RolloutParams rolloutParams() {
        return RolloutParams.defaults();
    }

    /** The class evidence's parameters: gradient-weighted rollout with the default options. */
    public static RolloutParams gradParams() {
        return RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT);
    }

    /**
     * Measures a model on decoded demo-video frames.
     *
     * @param frames   every decoded frame of the video ({@link DemoVideoCheck#decode})
     * @param progress called with the number of windows done (may be null)
     * @throws IOException when the frames do not match the sidecar
     */
    public static Report measure(VideoModel model, List<BufferedImage> frames, DemoSidecar sidecar,
            IntConsumer progress) throws IOException {
        if (frames.size() != sidecar.frameCount()) {
            throw new IOException("decoded " + frames.size() + " frames, the sidecar " + sidecar.video() + " says "
                    + sidecar.frameCount());
        }
        PreprocessConfig pp = model.preprocess();
        int size = pp.cropSize();
        int t = sidecar.modelFrames();
        int classes = model.labels().size();
        CropGeometry crop = new Preprocessor(pp).geometry(sidecar.width(), sidecar.height());
        PointingScore rollout = new PointingScore();
        PointingScore trueClass = new PointingScore();
        PointingScore wrongClass = new PointingScore();
        PointingScore everyWrong = new PointingScore();
        MapDifference trueVsWrong = new MapDifference();
        MapDifference trueVsEvery = new MapDifference();
        MapDifference trueVsRollout = new MapDifference();
        List<Window> windows = new ArrayList<>();
        for (DemoSidecar.Episode e : sidecar.episodes()) {
            int length = e.endFrame() - e.startFrame() + 1;
            for (int offset = 0; offset < sidecar.samplingRate() && offset < length; offset++) {
                int[] idx = new int[t];
                List<BufferedImage> window = new ArrayList<>();
                List<TargetBox> boxes = new ArrayList<>();
                for (int k = 0; k < t; k++) {
                    idx[k] = Math.min(e.endFrame(), e.startFrame() + offset + k * sidecar.samplingRate());
                    window.add(frames.get(idx[k]));
                    boxes.add(box(sidecar.frames().get(idx[k]), crop));
                }
                float[] clip = ClipTensors.of(window, pp);
                int truth = e.labelId();
                ForwardResult r = model.forwardWithGradients(clip, t, size, size, false, truth,
                        AttentionGradients.NO_CONTRAST);
                AttentionMaps plain = Rollout.compute(r.attention(), rolloutParams());
                AttentionMaps evidence = Rollout.compute(r.attention(), r.gradients(), gradParams());
                int strongest = strongestWrong(r.logits(), truth);
                AttentionMaps wrong = null;
                for (int c = 0; c < classes; c++) {
                    if (c == truth) {
                        continue;
                    }
                    ForwardResult w = model.forwardWithGradients(clip, t, size, size, false, c,
                            AttentionGradients.NO_CONTRAST);
                    AttentionMaps m = Rollout.compute(w.attention(), w.gradients(), gradParams());
                    everyWrong.add(m, boxes, size);
                    trueVsEvery.add(evidence, m);
                    if (c == strongest) {
                        wrong = m;
                    }
                }
                rollout.add(plain, boxes, size);
                trueClass.add(evidence, boxes, size);
                wrongClass.add(wrong, boxes, size);
                trueVsWrong.add(evidence, wrong);
                trueVsRollout.add(evidence, plain);
                windows.add(new Window(e.index(), idx, truth, strongest, r.logits(), plain, evidence, wrong,
                        List.copyOf(boxes)));
                if (progress != null) {
                    progress.accept(windows.size());
                }
            }
        }
        return new Report(List.copyOf(windows), List.copyOf(model.labels()), rollout, trueClass, wrongClass,
                everyWrong, trueVsWrong, trueVsEvery, trueVsRollout);
    }

    /** Windows the measure cuts the video into (every frame once). */
    public static int windowCount(DemoSidecar sidecar) {
        int n = 0;
        for (DemoSidecar.Episode e : sidecar.episodes()) {
            n += Math.min(sidecar.samplingRate(), e.endFrame() - e.startFrame() + 1);
        }
        return n;
    }

    /** The class with the highest logit other than {@code truth}. */
    static int strongestWrong(float[] logits, int truth) {
        int best = -1;
        for (int c = 0; c < logits.length; c++) {
            if (c != truth && (best < 0 || logits[c] > logits[best])) {
                best = c;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("a wrong class needs a model with at least two classes");
        }
        return best;
    }

    /**
     * The sidecar's box (video pixels) as a box normalised to the model's crop. The sidecar keeps the visible
     * share rounded to 3 decimals next to the exact visibility flag; the flag decides.
     */
    static TargetBox box(DemoSidecar.FrameTruth f, CropGeometry crop) {
        double[] b = f.box();
        double x0 = clamp01((b[0] * crop.scale() - crop.cropX()) / crop.cropSize());
        double y0 = clamp01((b[1] * crop.scaleY() - crop.cropY()) / crop.cropSize());
        double x1 = clamp01((b[2] * crop.scale() - crop.cropX()) / crop.cropSize());
        double y1 = clamp01((b[3] * crop.scaleY() - crop.cropY()) / crop.cropSize());
        double visible = f.visible() ? Math.max(TargetBox.VISIBLE_THRESHOLD, f.visibleFraction())
                : Math.min(Math.nextDown(TargetBox.VISIBLE_THRESHOLD), f.visibleFraction());
        return new TargetBox(x0, y0, x1, y1, f.partlyOutOfFrame() ? visible : 1.0, visible);
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
