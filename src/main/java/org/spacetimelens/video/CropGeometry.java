package org.spacetimelens.video;

/**
 * Where the model's square input sits in the original frame: the frame ({@code sourceWidth ×
 * sourceHeight}) was scaled by {@code scale} horizontally and {@code scaleY} vertically (the same
 * for a shortest-edge resize; different when a preprocessor resizes to an exact {@code height ×
 * width}) and a {@code cropSize} square was cut at ({@code cropX}, {@code cropY}) in scaled pixels.
 * Lets maps be drawn on the full frame, not only on the crop.
 */
public record CropGeometry(int sourceWidth, int sourceHeight, double scale, int cropX, int cropY, int cropSize,
        double scaleY) {

    /** A crop of a frame scaled by the same factor on both axes. */
    public CropGeometry(int sourceWidth, int sourceHeight, double scale, int cropX, int cropY, int cropSize) {
        this(sourceWidth, sourceHeight, scale, cropX, cropY, cropSize, scale);
    }

    /** Left edge of the crop in source pixels. */
    public double sourceX() {
        return cropX / scale;
    }

    /** Top edge of the crop in source pixels. */
    public double sourceY() {
        return cropY / scaleY;
    }

    /** Width of the crop in source pixels. */
    public double sourceCropWidth() {
        return cropSize / scale;
    }

    /** Height of the crop in source pixels. */
    public double sourceCropHeight() {
        return cropSize / scaleY;
    }

    /** Side of the crop in source pixels, for a crop scaled uniformly (else its width). */
    public double sourceSize() {
        return sourceCropWidth();
    }

    /** The whole frame used as is (no crop), e.g. for inputs that are already model-sized. */
    public static CropGeometry identity(int size) {
        return new CropGeometry(size, size, 1.0, 0, 0, size);
    }

    /**
     * A whole {@code width × height} frame used as is: in this record's terms, the frame scaled by
     * {@code height / width} vertically so that the {@code width} square is all of it.
     */
    public static CropGeometry identity(int width, int height) {
        return width == height ? identity(width) : new CropGeometry(width, height, 1.0, 0, 0, width,
                width / (double) height);
    }
}
