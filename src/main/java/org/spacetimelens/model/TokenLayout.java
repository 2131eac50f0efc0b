package org.spacetimelens.model;

/**
 * The token order of a model with joint space-time attention: where patch {@code g = y·gw + x} of
 * temporal slot {@code t} (a frame, or a tubelet of {@code tubelet} frames) sits in the sequence,
 * and which row of the attention is the model's output.
 *
 * <ul>
 *   <li>TimeSformer {@code joint_space_time}: CLS first, then patch-major, time fastest:
 *       {@code 1 + g·T + t}; the output is the CLS.</li>
 *   <li>VideoMAE: no CLS, tubelets in {@code (t', y, x)} order: {@code t'·G + g}; the classifier
 *       reads the mean of all tokens ({@code use_mean_pooling}) or, without it, token 0.</li>
 *   <li>ViViT: CLS first, then {@code (t', y, x)}: {@code 1 + t'·G + g}; the output is the CLS.</li>
 * </ul>
 *
 * @param cls         a CLS token at index 0
 * @param timeMajor   patches ordered {@code (t, y, x)} (else {@code (y, x, t)})
 * @param tubelet     sampled frames per temporal slot (1 = one frame per slot)
 * @param meanReadout the model's output is the mean of all tokens (only without a CLS)
 */
public record TokenLayout(boolean cls, boolean timeMajor, int tubelet, boolean meanReadout) {

    /** TimeSformer's joint space-time order. */
    public static final TokenLayout TIMESFORMER_JOINT = new TokenLayout(true, false, 1, false);

    public TokenLayout {
        if (tubelet < 1) {
            throw new IllegalArgumentException("tubelet must be >= 1, got " + tubelet);
        }
        if (cls && meanReadout) {
            throw new IllegalArgumentException("a model with a CLS token reads it, not the mean of all tokens");
        }
    }

    /** VideoMAE: no CLS, {@code (t', y, x)}; mean readout with {@code use_mean_pooling}. */
    public static TokenLayout videoMae(int tubelet, boolean meanPooling) {
        return new TokenLayout(false, true, tubelet, meanPooling);
    }

    /** ViViT: CLS, then {@code (t', y, x)}. */
    public static TokenLayout vivit(int tubelet) {
        return new TokenLayout(true, true, tubelet, false);
    }

    /** N: tokens of a clip with {@code slots} temporal slots of {@code patches} patches. */
    public int tokens(int patches, int slots) {
        return (cls ? 1 : 0) + patches * slots;
    }

    /** Sequence index of patch {@code g} of temporal slot {@code t}. */
    public int index(int g, int t, int patches, int slots) {
        return (cls ? 1 : 0) + (timeMajor ? t * patches + g : g * slots + t);
    }

    /** A short description for panels and sidecars, e.g. "cls + (t', y, x), tubelet 2". */
    public String describe() {
        String order = timeMajor ? (tubelet > 1 ? "(t', y, x)" : "(t, y, x)") : "(y, x, t)";
        String readout = cls ? "cls + " : meanReadout ? "mean of " : "token 0 of ";
        return readout + order + (tubelet > 1 ? ", tubelet " + tubelet : "");
    }
}
