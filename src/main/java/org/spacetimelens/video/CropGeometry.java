package org.spacetimelens.video;

/**
 * Where the model's square input sits in the original frame: the frame ({@code sourceWidth ×
 * sourceHeight}) was scaled by {@code scale} (shortest edge → resize size) and a {@code cropSize}
 * square was cut at ({@code cropX}, {@code cropY}) in scaled pixels. Lets maps be drawn on the full
 * frame, not only on the crop.
 */
public record CropGeometry(int sourceWidth, int sourceHeight, double scale, int cropX, int cropY, int cropSize) {

    /** Left edge of the crop in source pixels. */
    public double sourceX() {
        return cropX / scale;
    }

    /** Top edge of the crop in source pixels. */
    public double sourceY() {
        return cropY / scale;
    }

    /** Side of the crop in source pixels. */
    public double sourceSize() {
        return cropSize / scale;
    }

    /** The whole frame used as is (no crop), e.g. for inputs that are already model-sized. */
    public static CropGeometry identity(int size) {
        return new CropGeometry(size, size, 1.0, 0, 0, size);
    }
}
