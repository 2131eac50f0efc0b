package org.spacetimelens.render;

import org.spacetimelens.video.CropGeometry;

/**
 * Where the map's square sits inside an image, in that image's pixels (may be fractional): the map's
 * patch grid covers {@code [x, x+width) × [y, y+height)}. Pixels outside it get no map.
 */
public record MapRegion(double x, double y, double width, double height) {

    public MapRegion {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(x) || !Double.isFinite(y)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("map region must have a finite position and a positive size, got "
                    + x + ", " + y + ", " + width + " × " + height);
        }
    }

    /** The map covers the whole image (the image is the model's crop). */
    public static MapRegion whole(int width, int height) {
        return new MapRegion(0, 0, width, height);
    }

    /**
     * The crop of {@code crop} in an image that shows the whole source frame at {@code imageWidth ×
     * imageHeight} pixels (the source frame itself, or a scaled copy of it).
     */
    public static MapRegion ofCrop(CropGeometry crop, int imageWidth, int imageHeight) {
        double sx = imageWidth / (double) crop.sourceWidth();
        double sy = imageHeight / (double) crop.sourceHeight();
        return new MapRegion(crop.sourceX() * sx, crop.sourceY() * sy, crop.sourceCropWidth() * sx,
                crop.sourceCropHeight() * sy);
    }

    /** True when the region is exactly the whole {@code width × height} image. */
    public boolean isWhole(int width, int height) {
        return x == 0 && y == 0 && this.width == width && this.height == height;
    }
}
