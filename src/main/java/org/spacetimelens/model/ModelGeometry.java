package org.spacetimelens.model;

/**
 * What a loaded model takes and how its tokens are laid out: everything above the model package asks this
 * instead of assuming TimeSformer.
 *
 * @param family       the architecture
 * @param attention    divided, space-only or joint space-time
 * @param layout       the token order of joint attention (null for divided and space-only)
 * @param numFrames    frames the model takes (config {@code num_frames})
 * @param tubelet      sampled frames per temporal token slot (1 for TimeSformer)
 * @param imageSize    height of the input (config {@code image_size}; its side when square)
 * @param patchSize    height of a patch (its side when square)
 * @param numChannels  input channels
 * @param numLayers    transformer layers
 * @param numHeads     attention heads per layer
 * @param hiddenSize   token width
 * @param flexibleSize whether clips of another frame count or size are accepted (TimeSformer resizes its
 *                     embeddings; VideoMAE and ViViT take exactly the config's size, and frame counts that give
 *                     its number of tubelets)
 * @param imageWidth   width of the input (VideoMAE's {@code image_size} may be {@code [h, w]})
 * @param patchWidth   width of a patch (ViViT's {@code tubelet_size[2]}, VideoMAE's {@code patch_size[1]})
 */
public record ModelGeometry(ModelFamily family, AttentionType attention, TokenLayout layout, int numFrames,
        int tubelet, int imageSize, int patchSize, int numChannels, int numLayers, int numHeads, int hiddenSize,
        boolean flexibleSize, int imageWidth, int patchWidth) {

    /** Square input and patches. */
    public ModelGeometry(ModelFamily family, AttentionType attention, TokenLayout layout, int numFrames, int tubelet,
            int imageSize, int patchSize, int numChannels, int numLayers, int numHeads, int hiddenSize,
            boolean flexibleSize) {
        this(family, attention, layout, numFrames, tubelet, imageSize, patchSize, numChannels, numLayers, numHeads,
                hiddenSize, flexibleSize, imageSize, patchSize);
    }

    /** Whether the sequence starts with a CLS token. */
    public boolean hasCls() {
        return layout == null || layout.cls();
    }

    /**
     * Temporal token slots of a clip of {@code frames} frames: frames // tubelet. Frames after the last full
     * tubelet belong to no token (HF's Conv3d with stride = tubelet drops them).
     */
    public int slots(int frames) {
        return frames / tubelet;
    }

    /** Patch rows of a frame {@code pixels} high (rows that do not fill a patch are dropped, as the Conv3d does). */
    public int gridH(int pixels) {
        return pixels / patchSize;
    }

    /** Patch columns of a frame {@code pixels} wide. */
    public int gridW(int pixels) {
        return pixels / patchWidth;
    }

    /**
     * Checks that a clip {@code (frames, C, height, width)} fits this model.
     *
     * @throws IllegalArgumentException naming what does not fit and what the model takes
     */
    public void checkClip(int frames, int height, int width) {
        if (flexibleSize) {
            if (frames < 1 || height < patchSize || width < patchWidth) {
                throw new IllegalArgumentException("clip of " + frames + " frames of " + height + "x" + width
                        + " is smaller than one " + patchSize + "x" + patchWidth + " patch");
            }
            return;
        }
        // HF checks the frame size against image_size; the frame count only has to give the position table's
        // number of tubelets (frames after the last full tubelet are dropped by the Conv3d).
        if (slots(frames) != slots(numFrames) || height != imageSize || width != imageWidth) {
            throw new IllegalArgumentException(family.displayName() + " takes " + numFrames + " frames of "
                    + imageSize + "x" + imageWidth + " (config num_frames, image_size; its position embeddings "
                    + "are fixed), but the clip has " + frames + " frames of " + height + "x" + width);
        }
    }

    /** e.g. "VideoMAE, joint space-time, 16 frames, tubelet 2, 14×14 patches of 16 px, mean of (t', y, x)". */
    public String describe() {
        return family.displayName() + ", " + attention.configName().replace('_', ' ') + ", " + numFrames
                + " frames" + (tubelet > 1 ? ", tubelet " + tubelet : "") + ", " + gridH(imageSize) + "×"
                + gridW(imageWidth) + " patches of " + patchSize + (patchWidth != patchSize ? "×" + patchWidth : "")
                + " px" + (layout == null ? ", cls" : ", " + layout.describe());
    }
}
