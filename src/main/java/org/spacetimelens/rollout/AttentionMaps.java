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
