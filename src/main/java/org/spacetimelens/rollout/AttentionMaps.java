package org.spacetimelens.rollout;

/**
 * Maps over a clip's patch grid: {@code values} and {@code raw} are {@code (T, gh, gw)} row-major
 * (frames first). {@code values} is normalised as the parameters asked (global max by default);
 * {@code raw} is the same map before normalisation (rollout mass, comparable across clips).
 */
public record AttentionMaps(int frames, int gridH, int gridW, float[] values, float[] raw) {

    public AttentionMaps {
        int n = frames * gridH * gridW;
        if (values.length != n || raw.length != n) {
            throw new IllegalArgumentException("maps must hold T·gh·gw = " + n + " values, got "
                    + values.length + " and " + raw.length);
        }
    }

    /** Value at frame t, patch row y, patch column x (normalised). */
    public float at(int t, int y, int x) {
        return values[(t * gridH + y) * gridW + x];
    }

    /** A copy of frame t's normalised map, {@code gh × gw}. */
    public float[] frame(int t) {
        float[] out = new float[gridH * gridW];
        System.arraycopy(values, t * out.length, out, 0, out.length);
        return out;
    }

    /** A copy of frame t's raw map, {@code gh × gw}. */
    public float[] rawFrame(int t) {
        float[] out = new float[gridH * gridW];
        System.arraycopy(raw, t * out.length, out, 0, out.length);
        return out;
    }

    /**
     * The maps per sampled frame when each map covers {@code tubelet} consecutive frames (VideoMAE, ViViT):
     * map {@code t'} repeated for frames {@code t'·tubelet … t'·tubelet + tubelet − 1}; this instance when
     * the tubelet is 1.
     */
    public AttentionMaps perFrame(int tubelet) {
        if (tubelet == 1) {
            return this;
        }
        if (tubelet < 1) {
            throw new IllegalArgumentException("tubelet must be >= 1, got " + tubelet);
        }
        int g = gridH * gridW;
        float[] v = new float[frames * tubelet * g];
        float[] r = new float[v.length];
        for (int t = 0; t < frames * tubelet; t++) {
            System.arraycopy(values, (t / tubelet) * g, v, t * g, g);
            System.arraycopy(raw, (t / tubelet) * g, r, t * g, g);
        }
        return new AttentionMaps(frames * tubelet, gridH, gridW, v, r);
    }

    /** Total raw mass per frame (for the timeline sparkline). */
    public float[] massPerFrame() {
        int g = gridH * gridW;
        float[] out = new float[frames];
        for (int t = 0; t < frames; t++) {
            double s = 0;
            for (int i = 0; i < g; i++) {
                s += raw[t * g + i];
            }
            out[t] = (float) s;
        }
        return out;
    }
}
