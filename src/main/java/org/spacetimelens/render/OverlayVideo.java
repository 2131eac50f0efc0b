package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.spacetimelens.video.CropGeometry;

/**
 * An overlay video of a frame sequence: every source frame gets the map a function gives for its index
 * (typically {@link MapTimeline#mapAt(int)}, holding or interpolating between the sampled frames).
 */
public final class OverlayVideo {
    private OverlayVideo() {
    }

    /** What was written. */
    public record Result(Path file, String codec, int frames, int width, int height, List<String> warnings) {
    }

    /**
     * Renders and encodes the frames in order.
     *
     * @param frames    source frames with their indices, e.g. streamed from a decoder (consumed once)
     * @param mapFor    the {@code gh × gw} map for a source frame index
     * @param crop      the model's crop in the source frames ({@code null}: a centre square)
     * @param fullFrame whole source frames with the map on the crop, or the crop square alone at its source size
     * @throws IOException              when the file cannot be written or a frame cannot be encoded
     * @throws IllegalArgumentException when frames change size or a map has the wrong length
     */
    public static Result write(Path file, VideoFormat format, double fps, Iterable<IndexedFrame> frames,
                               IntFunction<float[]> mapFor, int gh, int gw, CropGeometry crop, boolean fullFrame,
                               RenderOptions opts) throws IOException {
        OverlayRenderer renderer = new OverlayRenderer();
        VideoExporter out = null;
        BufferedImage canvas = null;
        CropGeometry geom = crop;
        MapRegion region = null;
        try {
            for (IndexedFrame f : frames) {
                BufferedImage src = f.image();
                if (geom == null) {
                    geom = Tiles.centreSquare(src.getWidth(), src.getHeight());
                }
                if (src.getWidth() != geom.sourceWidth() || src.getHeight() != geom.sourceHeight()) {
                    throw new IllegalArgumentException("source frame " + f.index() + " is " + src.getWidth() + "×"
                            + src.getHeight() + " but the crop geometry is for " + geom.sourceWidth() + "×"
                            + geom.sourceHeight());
                }
                BufferedImage base = fullFrame ? src
                        : Tiles.crop(src, geom, (int) Math.max(2, Math.round(geom.sourceSize())));
                if (out == null) {
                    out = VideoExporter.open(file, format, base.getWidth(), base.getHeight(), fps);
                    canvas = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
                    region = fullFrame ? MapRegion.ofCrop(geom, base.getWidth(), base.getHeight())
                            : MapRegion.whole(base.getWidth(), base.getHeight());
                }
                float[] map = mapFor.apply(f.index());
                renderer.renderInto(base, map, gh, gw, region, opts, canvas);
                out.write(canvas);
            }
            if (out == null) {
                throw new IllegalArgumentException("no frames to write to " + file);
            }
            out.close();
            return new Result(file, out.codec(), out.framesWritten(), out.width(), out.height(), out.warnings());
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }
}
