package org.spacetimelens.demo;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic source of demo scenes: scene {@code i} of generator seed {@code s} is always the
 * same (its random stream is derived from (s, i) alone), so training, evaluation, tests and the
 * demo video can each ask for any scene without generating the ones before it, in any thread.
 *
 * <p>The task: 4–6 distractor shapes in varied, never saturated-red colours (hue 55°–300°) move
 * with the same motion vocabulary as the target; the one saturated red object is the target and
 * its motion is the label. Scenes whose target is hidden (less than half visible) in more than one
 * frame of the canonical clip are redrawn, so the label is always answerable.
 */
public final class SceneGenerator {
    /** Frames of the canonical clip used for the visibility check (the demo model's T). */
    private static final int CHECK_FRAMES = 8;
    private static final int MAX_TRIES = 64;

    /** Distractors per scene of the task proper. */
    public static final int MIN_DISTRACTORS = 4;
    public static final int MAX_DISTRACTORS = 6;

    private final long seed;
    private final int minDistractors;
    private final int maxDistractors;

    /** The task proper: 4–6 distractors. */
    public SceneGenerator(long seed) {
        this(seed, MIN_DISTRACTORS, MAX_DISTRACTORS);
    }

    /** Scenes with {@code min..max} distractors (fewer make an easier task, e.g. for a curriculum). */
    public SceneGenerator(long seed, int minDistractors, int maxDistractors) {
        if (minDistractors < 0 || maxDistractors < minDistractors) {
            throw new IllegalArgumentException("distractor range " + minDistractors + ".." + maxDistractors);
        }
        this.seed = seed;
        this.minDistractors = minDistractors;
        this.maxDistractors = maxDistractors;
    }

    public long seed() {
        return seed;
    }

    /** Scene {@code index}, label drawn uniformly from {@link Motion}. */
    public Scene scene(long index) {
        SplittableRandom rnd = random(index);
        Motion label = Motion.values()[rnd.nextInt(Motion.values().length)];
        return build(index, label, rnd);
    }

    /** Scene {@code index} with a chosen label (the demo video's episodes). */
    public Scene scene(long index, Motion label) {
        return build(index, label, random(index));
    }

    private SplittableRandom random(long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
    }

    private Scene build(long index, Motion label, SplittableRandom rnd) {
        Scene last = null;
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            last = draw(mix(index * 1_000_003L + attempt + seed), label, rnd);
            if (answerable(last)) {
                return last;
            }
        }
        return last; // practically unreachable: MAX_TRIES hidden-target draws in a row
    }

    private static boolean answerable(Scene s) {
        int hidden = 0;
        for (int k = 0; k < CHECK_FRAMES; k++) {
            if (!s.targetBox(s.clipStart() + (double) k / CHECK_FRAMES).visible()) {
                hidden++;
            }
        }
        return hidden <= 1;
    }

    private Scene draw(long sceneSeed, Motion label, SplittableRandom rnd) {
        Background bg = new Background(rnd);
        int distractors = rnd.nextInt(minDistractors, maxDistractors + 1);
        List<SceneObject> objects = new ArrayList<>();
        for (int i = 0; i < distractors; i++) {
            Motion m = Motion.values()[rnd.nextInt(Motion.values().length)];
            double size = rnd.nextDouble(0.055, 0.095);
            objects.add(new SceneObject(shape(rnd), size, distractorColor(rnd), path(m, size, rnd), false));
        }
        double size = rnd.nextDouble(0.075, 0.095);
        Color red = new Color(rnd.nextInt(215, 240), rnd.nextInt(10, 35), rnd.nextInt(15, 40));
        SceneObject target = new SceneObject(shape(rnd), size, red, path(label, size, rnd), true);
        objects.add(rnd.nextInt(objects.size() + 1), target);
        double grain = rnd.nextDouble(4, 9);
        double clipStart = rnd.nextDouble(0, 1.0 / CHECK_FRAMES);
        return new Scene(sceneSeed, label, bg, objects, grain, clipStart);
    }

    private static ShapeKind shape(SplittableRandom rnd) {
        return ShapeKind.values()[rnd.nextInt(ShapeKind.values().length)];
    }

    /** Hue 55°–300° (yellow through green, blue, violet): far from red on every screen. */
    private static Color distractorColor(SplittableRandom rnd) {
        float hue = (float) rnd.nextDouble(55.0 / 360, 300.0 / 360);
        return Color.getHSBColor(hue, (float) rnd.nextDouble(0.45, 0.9), (float) rnd.nextDouble(0.55, 0.95));
    }

    /**
     * A path whose centre stays inside [0.08, 0.92]² for τ ∈ [0, 1]: linear motions travel
     * 0.35–0.55 of the frame along their axis (with a small sideways drift), circles have radius
     * 0.10–0.16 and turn once per unit τ in either direction, still objects stay put.
     */
    static Trajectory path(Motion m, double size, SplittableRandom rnd) {
        double lo = 0.08;
        double hi = 0.92;
        double spin = rnd.nextDouble(-1.2, 1.2);
        switch (m) {
            case LEFT, RIGHT, UP, DOWN -> {
                double d = rnd.nextDouble(0.35, 0.55);
                double drift = rnd.nextDouble(-0.04, 0.04);
                double start = rnd.nextDouble(lo, hi - d);
                double across = rnd.nextDouble(lo + 0.05, hi - 0.05);
                return switch (m) {
                    case RIGHT -> new Trajectory(m, start, across, d, drift, 0, 0, 1, spin);
                    case LEFT -> new Trajectory(m, hi - (start - lo), across, -d, drift, 0, 0, 1, spin);
                    case DOWN -> new Trajectory(m, across, start, drift, d, 0, 0, 1, spin);
                    default -> new Trajectory(m, across, hi - (start - lo), drift, -d, 0, 0, 1, spin);
                };
            }
            case CIRCLES -> {
                double r = rnd.nextDouble(0.10, 0.16);
                double cx = rnd.nextDouble(lo + r, hi - r);
                double cy = rnd.nextDouble(lo + r, hi - r);
                return new Trajectory(m, cx, cy, 0, 0, r, rnd.nextDouble(0, 2 * Math.PI),
                        rnd.nextBoolean() ? 1 : -1, spin);
            }
            default -> {
                return new Trajectory(m, rnd.nextDouble(lo, hi), rnd.nextDouble(lo, hi), 0, 0, 0, 0, 1, spin);
            }
        }
    }

    /** SplitMix64 finaliser: spreads nearby indices into unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
