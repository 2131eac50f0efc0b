package org.spacetimelens.demo;

import java.util.List;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * Does a rollout map point at the target? Accumulates, over frames where the target is visible:
 * hits (the map's arg-max patch lies on or touches the target's box), the chance of a hit for a
 * uniformly random patch (share of patches touching the box), the share of map mass in patches
 * touching the box, and the share of the frame those patches cover (the mass a flat map would
 * put there).
 */
public final class PointingScore {
    private int frames;
    private int hits;
    private double chance;
    private double mass;

    /** Scores every visible frame of one clip; {@code size} is the model's input size in pixels. */
    public void add(AttentionMaps maps, DemoClip clip, int size) {
        add(maps, clip.boxes(), size);
    }

    /**
     * Scores every visible frame; {@code boxes} holds the target's box per map frame, normalised to the
     * model's {@code size × size} input (e.g. a video's boxes mapped through the preprocessor's crop).
     */
    public void add(AttentionMaps maps, List<TargetBox> boxes, int size) {
        if (boxes.size() != maps.frames()) {
            throw new IllegalArgumentException("maps of " + maps.frames() + " frames but " + boxes.size()
                    + " target boxes");
        }
        int gh = maps.gridH();
        int gw = maps.gridW();
        double ph = (double) size / gh;
        double pw = (double) size / gw;
        for (int t = 0; t < maps.frames(); t++) {
            TargetBox box = boxes.get(t);
            if (!box.visible()) {
                continue;
            }
            double[] b = box.pixels(size, size);
            float[] m = maps.rawFrame(t);
            int best = 0;
            double total = 0;
            double inside = 0;
            int touching = 0;
            for (int i = 0; i < m.length; i++) {
                if (m[i] > m[best]) {
                    best = i;
                }
                total += m[i];
                if (touches(i / gw, i % gw, ph, pw, b)) {
                    inside += m[i];
                    touching++;
                }
            }
            frames++;
            if (touches(best / gw, best % gw, ph, pw, b)) {
                hits++;
            }
            chance += (double) touching / m.length;
            mass += total > 0 ? inside / total : 0;
        }
    }

    /** Patch (y, x) covers [x·pw, (x+1)·pw] × [y·ph, (y+1)·ph]; touching includes shared edges. */
    static boolean touches(int y, int x, double ph, double pw, double[] box) {
        double x0 = x * pw;
        double y0 = y * ph;
        return x0 <= box[2] && x0 + pw >= box[0] && y0 <= box[3] && y0 + ph >= box[1];
    }

    public int frames() {
        return frames;
    }

    /** Share of visible frames whose arg-max patch touches the target box. */
    public double hitRate() {
        return frames == 0 ? 0 : (double) hits / frames;
    }

    /** Expected hit rate of a uniformly random patch. */
    public double chanceRate() {
        return frames == 0 ? 0 : chance / frames;
    }

    /** Mean share of rollout mass in patches touching the box (a flat map scores {@link #chanceRate()}). */
    public double massInBox() {
        return frames == 0 ? 0 : mass / frames;
    }
}
