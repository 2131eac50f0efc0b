package org.spacetimelens.evaluate;

/**
 * The patches of a preprocessed clip {@code (T, C, H, W)} as the model tokenises it: tubelets of
 * {@code tubelet} frames (1 for TimeSformer) by {@code patch × patch} pixels, indexed
 * {@code t'·gh·gw + y·gw + x}, the flat index of the map {@code (T', gh, gw)}.
 */
public record PatchGrid(int frames, int channels, int height, int width, int patch, int tubelet) {

    public PatchGrid {
        if (frames < 1 || channels < 1 || patch < 1 || tubelet < 1 || height < patch || width < patch
                || frames % tubelet != 0) {
            throw new IllegalArgumentException("clip (T=" + frames + ", C=" + channels + ", H=" + height + ", W="
                    + width + ") has no whole grid of " + tubelet + "-frame tubelets of " + patch + "x" + patch
                    + " patches");
        }
    }

    /** TimeSformer: one frame per tubelet. */
    public static PatchGrid timesformer(int frames, int height, int width, int patch) {
        return new PatchGrid(frames, 3, height, width, patch, 1);
    }

    public int mapFrames() {
        return frames / tubelet;
    }

    public int gridH() {
        return height / patch;
    }

    public int gridW() {
        return width / patch;
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
                    int at = ((t * channels + c) * height + row) * width + x * patch;
                    if (src == null) {
                        java.util.Arrays.fill(dst, dstOffset + at, dstOffset + at + patch, 0f);
                    } else {
                        System.arraycopy(src, at, dst, dstOffset + at, patch);
                    }
                }
            }
        }
    }
}
