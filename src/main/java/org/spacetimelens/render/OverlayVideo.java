package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
     * @throws IllegalArgumentException when frames change size or a map has the wrong length; on any
     *                                  failure the partial file is removed
     */
    public static Result write(Path file, VideoFormat format, double fps, Iterable<IndexedFrame> frames,
                               IntFunction<float[]> mapFor, int gh, int gw, CropGeometry crop, boolean fullFrame,
                               RenderOptions opts) throws IOException {
        return write(file, format, fps, frames, mapFor, gh, gw, crop, fullFrame, opts, 1);
    }

    /** The same, drawn at {@code scale}× the source size (the frame resampled, the map drawn at that size). */
    public static Result write(Path file, VideoFormat format, double fps, Iterable<IndexedFrame> frames,
                               IntFunction<float[]> mapFor, int gh, int gw, CropGeometry crop, boolean fullFrame,
                               RenderOptions opts, double scale) throws IOException {
        OverlayRenderer renderer = new OverlayRenderer();
        VideoExporter out = null;
        CropGeometry geom = crop;
        MapRegion region = null;
        // rendering (this thread) and encoding (one worker) overlap; canvases cycle between them
        ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "overlay-video-encoder");
            t.setDaemon(true);
            return t;
        });
        Deque<Pending> pending = new ArrayDeque<>();
        Throwable failure = null;
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
                BufferedImage base = Tiles.base(src, geom, fullFrame, scale, 2);
                if (out == null) {
                    out = VideoExporter.open(file, format, base.getWidth(), base.getHeight(), fps);
                    region = fullFrame ? MapRegion.ofCrop(geom, base.getWidth(), base.getHeight())
                            : MapRegion.whole(base.getWidth(), base.getHeight());
                }
                BufferedImage canvas = pending.size() < CANVASES
                        ? new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB)
                        : await(pending.removeFirst());
                renderer.renderInto(base, mapFor.apply(f.index()), gh, gw, region, opts, canvas);
                VideoExporter sink = out;
                pending.addLast(new Pending(encoder.submit(() -> {
                    sink.write(canvas);
                    return null;
                }), canvas));
            }
            while (!pending.isEmpty()) {
                await(pending.removeFirst());
            }
            if (out == null) {
                throw new IllegalArgumentException("no frames to write to " + file);
            }
            out.close();
            return new Result(file, out.codec(), out.framesWritten(), out.width(), out.height(), out.warnings());
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            encoder.shutdownNow();
            if (out != null) {
                try {
                    encoder.awaitTermination(10, TimeUnit.SECONDS); // never close the encoder under a running write
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    out.close();
                } catch (IOException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                Files.deleteIfExists(file); // a half-written video only misleads
            }
        }
    }

    /** Frames in flight between the renderer and the encoder. */
    private static final int CANVASES = 3;

    private record Pending(Future<Void> done, BufferedImage canvas) {
    }

    /** Waits for an encode, rethrowing its failure; returns its canvas for reuse. */
    private static BufferedImage await(Pending p) throws IOException {
        try {
            p.done().get();
            return p.canvas();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while encoding", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }
}
