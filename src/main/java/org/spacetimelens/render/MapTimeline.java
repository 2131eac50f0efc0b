package org.spacetimelens.render;

import java.util.Arrays;
import java.util.Locale;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * The map for any source frame of a video, from the maps of the clip's sampled frames: HOLD takes the
 * nearest sampled frame (ties go to the earlier one), LINEAR blends the two sampled frames around it.
 * Before the first / after the last sampled frame both hold the end map.
 */
public final class MapTimeline {

    /** How maps between sampled frames are made. */
    public enum Mode {
        HOLD, LINEAR;

        public static Mode byName(String name) {
            return Names.parse(Mode.class, name, "timeline mode");
        }
    }

    private final int[] frames;   // sorted distinct source indices
    private final int[] slot;     // map slot t of each sorted frame
    private final AttentionMaps maps;
    private final Mode mode;
    private final int cells;

    /**
     * @param sourceFrames the clip's source frame index per map ({@code maps.frames()} of them, any order;
     *                     a repeated index keeps its first map)
     */
    public MapTimeline(int[] sourceFrames, AttentionMaps maps, Mode mode) {
        if (sourceFrames.length != maps.frames()) {
            throw new IllegalArgumentException(sourceFrames.length + " source frame indices for " + maps.frames()
                    + " maps; give one index per map");
        }
        if (sourceFrames.length == 0) {
            throw new IllegalArgumentException("a map timeline needs at least one sampled frame");
        }
        this.maps = maps;
        this.mode = mode;
        this.cells = maps.gridH() * maps.gridW();
        Integer[] order = new Integer[sourceFrames.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> sourceFrames[a] != sourceFrames[b]
                ? Integer.compare(sourceFrames[a], sourceFrames[b]) : Integer.compare(a, b));
        int[] f = new int[order.length];
        int[] s = new int[order.length];
        int n = 0;
        for (Integer t : order) {
            if (n > 0 && f[n - 1] == sourceFrames[t]) {
                continue;
            }
            f[n] = sourceFrames[t];
            s[n] = t;
            n++;
        }
        this.frames = Arrays.copyOf(f, n);
        this.slot = Arrays.copyOf(s, n);
    }

    public Mode mode() {
        return mode;
    }

    public int gridH() {
        return maps.gridH();
    }

    public int gridW() {
        return maps.gridW();
    }

    /** A new array with the map for {@code sourceFrame}. */
    public float[] mapAt(int sourceFrame) {
        return mapAt(sourceFrame, new float[cells]);
    }

    /** Writes the map for {@code sourceFrame} into {@code out} ({@code gh·gw}) and returns it. */
    public float[] mapAt(int sourceFrame, float[] out) {
        if (out.length != cells) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "output holds %d values, the maps have %d", out.length, cells));
        }
        float[] v = maps.values();
        int pos = Arrays.binarySearch(frames, sourceFrame);
        if (pos >= 0) {
            System.arraycopy(v, slot[pos] * cells, out, 0, cells);
            return out;
        }
        int after = -pos - 1; // first sampled frame > sourceFrame
        if (after == 0 || after == frames.length) {
            int t = slot[after == 0 ? 0 : frames.length - 1];
            System.arraycopy(v, t * cells, out, 0, cells);
            return out;
        }
        int fa = frames[after - 1];
        int fb = frames[after];
        int ta = slot[after - 1] * cells;
        int tb = slot[after] * cells;
        if (mode == Mode.HOLD) {
            int t = (sourceFrame - fa) <= (fb - sourceFrame) ? ta : tb;
            System.arraycopy(v, t, out, 0, cells);
            return out;
        }
        float w = (float) ((sourceFrame - fa) / (double) (fb - fa));
        for (int i = 0; i < cells; i++) {
            out[i] = v[ta + i] * (1f - w) + v[tb + i] * w;
        }
        return out;
    }
}
