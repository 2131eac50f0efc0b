package org.spacetimelens.evaluate;

import org.spacetimelens.model.ModelGeometry;

/**
 * The patches of a preprocessed clip {@code (T, C, H, W)} as the model tokenises it: tubelets of
 * {@code tubelet} frames (1 for TimeSformer) by {@code patch × patchWidth} pixels, indexed
 * {@code t'·gh·gw + y·gw + x}, the flat index of the map {@code (T', gh, gw)}. Frames after the last full
 * tubelet, and pixel rows and columns that do not fill a patch, belong to no patch (the model drops them),
 * so perturbing never touches them.
 */
public record PatchGrid(int frames, int channels, int height, int width, int patch, int tubelet, int patchWidth) {

    public PatchGrid {
        if (frames < tubelet || channels < 1 || patch < 1 || patchWidth < 1 || tubelet < 1 || height < patch
                || width < patchWidth) {
            throw new IllegalArgumentException("clip (T=" + frames + ", C=" + channels + ", H=" + height + ", W="
                    + width + ") has no whole " + tubelet + "-frame tubelet of a " + patch + "x" + patchWidth
                    + " patch");
        }
    }

    /** Square patches. */
    public PatchGrid(int frames, int channels, int height, int width, int patch, int tubelet) {
        this(frames, channels, height, width, patch, tubelet, patch);
    }

    /** TimeSformer: one frame per tubelet. */
    public static PatchGrid timesformer(int frames, int height, int width, int patch) {
        return new PatchGrid(frames, 3, height, width, patch, 1);
    }

    /** The grid a model of this geometry tokenises a clip of this shape into. */
    public static PatchGrid of(ModelGeometry g, int frames, int height, int width) {
        return new PatchGrid(frames, g.numChannels(), height, width, g.patchSize(), g.tubelet(), g.patchWidth());
    }

    public int mapFrames() {
        return frames / tubelet;
    }

    public int gridH() {
        return height / patch;
    }

    public int gridW() {
        return width / patchWidth;
    }

    /** N = T'·gh·gw, the number of map entries (and of patches). */
    public int size() {
        return mapFrames() * gridH() * gridW();
    }

    /** Values of one clip. */
    public int clipLength() {
        return frames * channels * height * width;
    }

    /**
     * Copies patch {@code index} (every channel, pixel and frame of its tubelet) from {@code src} (one clip
     * at offset 0), or writes zeros when {@code src} is null, into the clip at {@code dstOffset} of {@code dst}.
     */
    public void fill(float[] src, float[] dst, int dstOffset, int index) {
        int g = gridH() * gridW();
        int tp = index / g;
        int y = (index % g) / gridW();
        int x = index % gridW();
        for (int t = tp * tubelet; t < (tp + 1) * tubelet; t++) {
            for (int c = 0; c < channels; c++) {
                for (int row = y * patch; row < (y + 1) * patch; row++) {
                    int at = ((t * channels + c) * height + row) * width + x * patchWidth;
                    if (src == null) {
                        java.util.Arrays.fill(dst, dstOffset + at, dstOffset + at + patchWidth, 0f);
                    } else {
                        System.arraycopy(src, at, dst, dstOffset + at, patchWidth);
                    }
                }
            }
        }
    }
}
