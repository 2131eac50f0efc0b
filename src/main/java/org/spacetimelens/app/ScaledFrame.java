package org.spacetimelens.app;

import javafx.scene.image.Image;

/**
 * A frame resampled to the scale the canvas shows it at ({@link DisplayBuffer}), so the canvas only copies
 * it. Why: with JavaFX's software pipeline (no GPU, remote or virtual displays), scaling a 640×360
 * frame to a 1140-pixel-wide canvas on the render thread took ~40 ms of every overlay update; a
 * bilinear resample of our own costs ~3 ms.
 *
 * @param source the full-resolution image it was made from (shown as {@link ViewState#frameImageProperty()})
 * @param image  the resampled image
 * @param scale  view pixels per source pixel
 */
record ScaledFrame(Image source, Image image, double scale) {

    /** Resampling is used below this scale; zoomed further in, the canvas draws pixels unsmoothed itself. */
    static final double MAX_SCALE = 2;

    /** Whether a frame shown at {@code scale} is worth resampling in advance. */
    static boolean worthwhile(double scale) {
        return scale > 0 && scale < MAX_SCALE && Math.abs(scale - 1) > 1e-3;
    }

    /** Whether this can stand in for {@code shown} drawn at {@code atScale}. */
    boolean matches(Image shown, double atScale) {
        return source == shown && Math.abs(scale - atScale) < 1e-9;
    }
}
