package org.spacetimelens.model;

import java.util.Objects;

/**
 * The gradient of one target score with respect to every layer's attention probabilities (after the
 * softmax, before they multiply the values), from the same forward pass that recorded the attention
 * (ROLLOUT.md, "Gradient-weighted rollout"). float32, in exactly the layouts of {@link AttentionRecord}:
 * spatial {@code (T, H, 1+G, 1+G)} (joint: {@code (1, H, N, N)}), temporal {@code (G, H, T, T)} for divided
 * space-time only.
 *
 * <p>The target is the logit of {@link #targetClass()}, minus the logit of {@link #contrastClass()} when
 * there is one ({@code y_c − y_k}, "why c rather than k").
 */
public final class AttentionGradients {
    /** {@link #contrastClass()} when there is none. */
    public static final int NO_CONTRAST = -1;

    private final AttentionType type;
    private final int frames;
    private final int gridH;
    private final int gridW;
    private final int heads;
    private final float[][] spatial;
    private final float[][] temporal;
    private final int targetClass;
    private final int contrastClass;
    private final TokenLayout layout; // joint only: the token order (TimeSformer's unless ofJoint)

    /**
     * @param temporal null unless divided space-time; arrays are not copied
     * @throws IllegalArgumentException when a block's length does not fit the shape
     */
    public AttentionGradients(AttentionType type, int frames, int gridH, int gridW, int heads, float[][] spatial,
            float[][] temporal, int targetClass, int contrastClass) {
        this(type, type == AttentionType.JOINT_SPACE_TIME ? TokenLayout.TIMESFORMER_JOINT : null, frames, gridH, gridW,
                heads, spatial, temporal, targetClass, contrastClass);
    }

    /**
     * Gradients of a joint space-time model of any family (VideoMAE, ViViT): per layer {@code (H, N, N)} in
     * {@code layout}'s token order, {@code slots} temporal slots (as {@link AttentionRecord#ofJoint}).
     *
     * @throws IllegalArgumentException when a block's length does not fit the shape
     */
    public static AttentionGradients ofJoint(TokenLayout layout, int slots, int gridH, int gridW, int heads,
            float[][] attention, int targetClass, int contrastClass) {
        return new AttentionGradients(AttentionType.JOINT_SPACE_TIME, Objects.requireNonNull(layout, "layout"), slots,
                gridH, gridW, heads, attention, null, targetClass, contrastClass);
    }

    private AttentionGradients(AttentionType type, TokenLayout layout, int frames, int gridH, int gridW, int heads,
            float[][] spatial, float[][] temporal, int targetClass, int contrastClass) {
        this.layout = layout;
        this.type = Objects.requireNonNull(type, "type");
        this.frames = frames;
        this.gridH = gridH;
        this.gridW = gridW;
        this.heads = heads;
        this.spatial = Objects.requireNonNull(spatial, "spatial");
        this.temporal = temporal;
        this.targetClass = targetClass;
        this.contrastClass = contrastClass;
        if (targetClass < 0 || contrastClass < NO_CONTRAST || contrastClass == targetClass) {
            throw new IllegalArgumentException("target class " + targetClass + " and contrast class " + contrastClass
                    + ": the target must be >= 0 and the contrast another class (or none)");
        }
        boolean divided = type == AttentionType.DIVIDED_SPACE_TIME;
        if (divided != (temporal != null) || (divided && temporal.length != spatial.length)) {
            throw new IllegalArgumentException("temporal gradients are given exactly for divided space-time");
        }
        int g = gridH * gridW;
        long n = type == AttentionType.JOINT_SPACE_TIME ? layout.tokens(g, frames) : 1L + g;
        long sSize = (type == AttentionType.JOINT_SPACE_TIME ? 1 : frames) * (long) heads * n * n;
        for (int l = 0; l < spatial.length; l++) {
            if (spatial[l].length != sSize || (divided && temporal[l].length != (long) g * heads * frames * frames)) {
                throw new IllegalArgumentException("layer " + l + ": attention gradients do not fit T=" + frames
                        + ", grid " + gridH + "x" + gridW + ", " + heads + " heads");
            }
        }
    }

    public AttentionType type() { return type; }
    public int layers() { return spatial.length; }
    public int frames() { return frames; }
    public int gridH() { return gridH; }
    public int gridW() { return gridW; }
    public int heads() { return heads; }
    /** The class whose logit is the target. */
    public int targetClass() { return targetClass; }
    /** The class whose logit is subtracted, or {@link #NO_CONTRAST}. */
    public int contrastClass() { return contrastClass; }
    public boolean hasContrast() { return contrastClass != NO_CONTRAST; }
    /** Token order of joint gradients (as {@link AttentionRecord#layout()}; null for divided and space-only). */
    public TokenLayout layout() { return layout; }

    /** Direct (not copied) spatial block of a layer, the {@link AttentionRecord} layout. Do not modify. */
    public float[] spatial(int layer) { return spatial[layer]; }

    /** Direct temporal block of a layer (divided space-time only). Do not modify. */
    public float[] temporal(int layer) {
        if (temporal == null) {
            throw new IllegalStateException("no temporal attention in a " + type.configName() + " model");
        }
        return temporal[layer];
    }

    /** True when these gradients have the shape of {@code record} (same type, layers, frames, grid, heads, layout). */
    public boolean fits(AttentionRecord record) {
        return record.type() == type && record.layers() == layers() && record.frames() == frames
                && record.gridH() == gridH && record.gridW() == gridW && record.heads() == heads
                && Objects.equals(record.layout(), layout);
    }
}
