package org.spacetimelens.app;

import java.nio.IntBuffer;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The one image the main view draws its frame from at the canvas scale ({@link ScaledFrame}), rewritten in place
 * for every shown frame through {@link PixelBuffer#updateBuffer} on the FX thread; a new buffer only when the
 * canvas size or zoom changes. Why not a new image per frame (as before): a canvas-size frame (2.7 MB at
 * 1140 × 640) is a "humongous" array in G1, and JavaFX's software pipeline copies every new image into a texture
 * of the same size on the heap; one of each per scrub step or option change set off a collection each and made G1
 * grow the heap to 1.6–2.2 GB committed for ~0.5 GB of live data (ViewerBench, base model: the viewer's peak
 * resident set). One persistent image keeps one texture, updated in place. The resample (~3 ms for 640×360 →
 * 1140×640) moves to the FX thread with it, where the old copy was already drawn.
 */
final class DisplayBuffer {
    private PixelBuffer<IntBuffer> buffer;
    private WritableImage image;

    /**
     * Resamples a frame's opaque ARGB pixels ({@code w × h}) to {@code scale} into this buffer and returns it as
     * the scaled copy of {@code source}, the image those pixels are shown as (FX thread). The previous copy's
     * image is this buffer too: only the latest is valid.
     */
    ScaledFrame show(Image source, int[] argb, int w, int h, double scale) {
        int w2 = Math.max(1, (int) Math.round(w * scale));
        int h2 = Math.max(1, (int) Math.round(h * scale));
        if (buffer == null || buffer.getWidth() != w2 || buffer.getHeight() != h2) {
            buffer = new PixelBuffer<>(w2, h2, IntBuffer.wrap(new int[w2 * h2]), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
        }
        buffer.updateBuffer(b -> {
            FxImages.resampleInto(argb, w, h, w2, h2, b.getBuffer().array());
            return null; // all of it changed
        });
        return new ScaledFrame(source, image, scale);
    }
}
