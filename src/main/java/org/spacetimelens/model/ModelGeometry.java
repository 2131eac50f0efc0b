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
 * @param imageSize    side of the square input (config {@code image_size})
 * @param patchSize    side of a patch
 * @param numChannels  input channels
 * @param numLayers    transformer layers
 * @param numHeads     attention heads per layer
 * @param hiddenSize   token width
 * @param flexibleSize whether clips of another frame count or size are accepted (TimeSformer resizes its
 *                     embeddings; VideoMAE and ViViT take exactly the config's)
 */
public record ModelGeometry(ModelFamily family, AttentionType attention, TokenLayout layout, int numFrames,
        int tubelet, int imageSize, int patchSize, int numChannels, int numLayers, int numHeads, int hiddenSize,
        boolean flexibleSize) {

    /** Whether the sequence starts with a CLS token. */
    public boolean hasCls() {
        return layout == null || layout.cls();
    }

    /** Temporal token slots of a clip of {@code frames} frames (frames / tubelet). */
    public int slots(int frames) {
        return frames / tubelet;
    }

    /** Patches along a side of {@code pixels}. */
    public int grid(int pixels) {
        return pixels / patchSize;
    }

    /**
     * Checks that a clip {@code (frames, C, height, width)} fits this model.
     *
     * @throws IllegalArgumentException naming what does not fit and what the model takes
     */
    public void checkClip(int frames, int height, int width) {
        if (flexibleSize) {
            if (frames < 1 || height < patchSize || width < patchSize) {
                throw new IllegalArgumentException("clip of " + frames + " frames of " + height + "x" + width
                        + " is smaller than one " + patchSize + "x" + patchSize + " patch");
            }
            return;
        }
        if (frames != numFrames || height != imageSize || width != imageSize) {
            throw new IllegalArgumentException(family.displayName() + " takes exactly " + numFrames + " frames of "
                    + imageSize + "x" + imageSize + " (config num_frames, image_size; its position embeddings "
                    + "are fixed), but the clip has " + frames + " frames of " + height + "x" + width);
        }
    }

    /** e.g. "VideoMAE, joint space-time, 16 frames, tubelet 2, 14×14 patches of 16 px, mean of (t', y, x)". */
    public String describe() {
        return family.displayName() + ", " + attention.configName().replace('_', ' ') + ", " + numFrames
                + " frames" + (tubelet > 1 ? ", tubelet " + tubelet : "") + ", " + grid(imageSize) + "×"
                + grid(imageSize) + " patches of " + patchSize + " px"
                + (layout == null ? ", cls" : ", " + layout.describe());
    }
}
