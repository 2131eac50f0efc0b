package org.spacetimelens.app;

import org.spacetimelens.video.CropGeometry;

/**
 * View geometry: which patch token of the model's grid lies under a point of the source frame, and
 * where a token's square lies in that frame. Pure coordinate mapping, no numerics of the model.
 */
record TokenLocator(CropGeometry crop, int gridH, int gridW) {

    /** Patch (row, column) under source pixel (px, py), or null outside the model's crop. */
    int[] patchAt(double px, double py) {
        double u = (px - crop.sourceX()) / crop.sourceCropWidth();
        double v = (py - crop.sourceY()) / crop.sourceCropHeight();
        if (u < 0 || v < 0 || u >= 1 || v >= 1) {
            return null;
        }
        return new int[] {(int) (v * gridH), (int) (u * gridW)};
    }

    /** Source-pixel rectangle {x, y, w, h} of patch (y, x). */
    double[] patchRect(int y, int x) {
        double w = crop.sourceCropWidth() / gridW;
        double h = crop.sourceCropHeight() / gridH;
        return new double[] {crop.sourceX() + x * w, crop.sourceY() + y * h, w, h};
    }
}
