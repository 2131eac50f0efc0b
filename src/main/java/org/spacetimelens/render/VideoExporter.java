package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a sequence of equally sized images as MP4 (H.264 through OpenH264, falling back to MPEG-4 Part 2
 * with a warning when H.264 cannot start), WebM (VP9) or animated GIF, at a given frame rate.
 *
 * <p>MP4 and WebM use 4:2:0 chroma, which needs even sides: an odd width or height is padded by
 * repeating the last column/row. GIF goes through the JDK's GIF writer rather than FFmpeg's: FFmpeg
 * cannot be handed a per-frame palette through JavaCV (swscale only makes the fixed 3-3-2 RGB8
 * palette, which bands heat maps badly), while ImageIO builds an adaptive 256-colour palette per frame.
 */
public final class VideoExporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VideoExporter.class);

    static {
        // FFmpeg prints every stream dump (INFO) and OpenH264's rate-control chatter (WARNING) to stderr on
        // each export; keep errors only. Global, but never made more verbose than someone already set it.
        if (avutil.av_log_get_level() > avutil.AV_LOG_ERROR) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        }
        org.spacetimelens.video.FfmpegLog.install(); // to the log file, not the terminal
    }

    private final Path file;
    /** Where frames go until {@link #close()} renames it to {@link #file} (no half-written video under that name). */
    private Path partial;
    private boolean failed;
    private final VideoFormat format;
    private final int width;
    private final int height;
    private final double fps;
    private final List<String> warnings = new ArrayList<>();
    private String codec;
    private int written;
    private boolean closed;

    // FFmpeg path
    private FFmpegFrameRecorder recorder;
    private int encW;
    private int encH;
    private ByteBuffer bgr;
    private byte[] rowBytes;
    private int[] rowPixels;

    // GIF path
    private ImageWriter gifWriter;
    private ImageOutputStream gifStream;

    private VideoExporter(Path file, VideoFormat format, int width, int height, double fps) {
        this.file = file;
        this.format = format;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    /**
     * Opens {@code file} for writing frames of {@code width × height} at {@code fps}.
     *
     * @throws IllegalArgumentException for a bad size or frame rate
     * @throws IOException              when the file or an encoder cannot be opened
     */
    public static VideoExporter open(Path file, VideoFormat format, int width, int height, double fps)
            throws IOException {
        if (width < 2 || height < 2 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("video frames must be 2..16384 px on each side, got " + width + "×" + height);
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("frame rate must be in (0, 1000], got " + fps);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        VideoExporter v = new VideoExporter(file, format, width, height, fps);
        v.partial = org.spacetimelens.files.AtomicFiles.begin(file);
        boolean opened = false;
        try {
            if (format == VideoFormat.GIF) {
                v.openGif();
            } else {
                v.openFfmpeg();
            }
            opened = true;
        } finally {
            if (!opened) {
                org.spacetimelens.files.AtomicFiles.abort(v.partial);
            }
        }
        return v;
    }

    /** The codec actually used, e.g. "h264 (libopenh264)", "mpeg4", "vp9", "gif". */
    public String codec() {
        return codec;
    }

    /** Warnings raised while opening (e.g. the H.264 fallback), for the caller to show. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public int framesWritten() {
        return written;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Appends one frame ({@code width × height}, any image type). */
    public void write(BufferedImage frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("video " + file + " is already closed");
        }
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame " + written + " is " + frame.getWidth() + "×" + frame.getHeight()
                    + " but the video " + file.getFileName() + " is " + width + "×" + height);
        }
        boolean ok = false;
        try {
            if (format == VideoFormat.GIF) {
                writeGif(frame);
            } else {
                writeFfmpeg(frame);
            }
            ok = true;
        } finally {
            failed |= !ok;
        }
        written++;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean finished = false;
        try {
            if (recorder != null) {
                try {
                    recorder.stop();
                } catch (FFmpegFrameRecorder.Exception e) {
                    throw new IOException("cannot finish video " + file + ": " + e.getMessage(), e);
                } finally {
                    recorder.release();
                }
            }
            if (gifWriter != null) {
                try {
                    gifWriter.endWriteSequence();
                } finally {
                    gifWriter.dispose();
                    gifStream.close();
                }
            }
            finished = !failed;
        } finally {
            if (finished) {
                org.spacetimelens.files.AtomicFiles.commit(partial, file);
            } else {
                org.spacetimelens.files.AtomicFiles.abort(partial);
            }
        }
    }

    // ---- FFmpeg (MP4, WebM) ----

    private void openFfmpeg() throws IOException {
        encW = width + (width & 1);
        encH = height + (height & 1);
        if (encW != width || encH != height) {
            warn("frame size " + width + "×" + height + " padded to " + encW + "×" + encH
                    + " (4:2:0 video needs even sides)");
        }
        if (format == VideoFormat.MP4) {
            try {
                recorder = start(avcodec.AV_CODEC_ID_H264);
                codec = "h264 (" + encoderName(avcodec.AV_CODEC_ID_H264) + ")";
            } catch (FFmpegFrameRecorder.Exception e) {
                warn("H.264 encoder could not start (" + e.getMessage() + "); writing MPEG-4 Part 2 instead");
                try {
                    recorder = start(avcodec.AV_CODEC_ID_MPEG4);
                    codec = "mpeg4";
                } catch (FFmpegFrameRecorder.Exception e2) {
                    throw new IOException("cannot open MP4 writer for " + file + ": " + e2.getMessage(), e2);
                }
            }
        } else {
            try {
                recorder = start(avcodec.AV_CODEC_ID_VP9);
                codec = "vp9 (" + encoderName(avcodec.AV_CODEC_ID_VP9) + ")";
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new IOException("cannot open WebM (VP9) writer for " + file + ": " + e.getMessage(), e);
            }
        }
        bgr = ByteBuffer.allocateDirect(encW * encH * 3);
        rowBytes = new byte[encW * 3];
        rowPixels = new int[width];
    }

    private FFmpegFrameRecorder start(int codecId) throws FFmpegFrameRecorder.Exception {
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(partial.toFile(), encW, encH, 0);
        r.setFormat(format.extension());
        r.setVideoCodec(codecId);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        // accurate rounding in the RGB→YUV step: without it greys come back 3–5 levels darker; frames are
        // never resized here, so the cheapest filter costs nothing in quality
        r.setImageScalingFlags(swscale.SWS_FAST_BILINEAR | swscale.SWS_ACCURATE_RND);
        // ~0.15 bit per pixel per frame: overlays are mostly smooth, this keeps tokens' edges crisp
        r.setVideoBitrate((int) Math.min(50_000_000, Math.max(1_000_000, 0.15 * encW * encH * fps)));
        r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        if (codecId == avcodec.AV_CODEC_ID_H264) {
            r.setVideoOption("allow_skip_frames", "0"); // OpenH264's rate control may drop frames otherwise
        } else if (codecId == avcodec.AV_CODEC_ID_VP9) {
            // libvpx's default "good" deadline is far slower than real time for 720p
            r.setVideoOption("deadline", "realtime");
            r.setVideoOption("cpu-used", "8");
            r.setVideoOption("row-mt", "1");
        }
        try {
            r.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            try {
                r.release();
            } catch (FFmpegFrameRecorder.Exception ignored) {
                // the start failure is what matters
            }
            throw e;
        }
        return r;
    }

    /** The encoder FFmpeg picks for a codec id (what the recorder opens when given no name). */
    private static String encoderName(int codecId) {
        AVCodec c = avcodec.avcodec_find_encoder(codecId);
        return c == null || c.name() == null ? "unknown" : c.name().getString();
    }

    private void writeFfmpeg(BufferedImage frame) throws IOException {
        bgr.clear();
        for (int y = 0; y < encH; y++) {
            if (y < height) {
                Pixels.readRow(frame, y, rowPixels);
                int p = 0;
                for (int x = 0; x < encW; x++, p += 3) {
                    int c = rowPixels[Math.min(x, width - 1)];
                    rowBytes[p] = (byte) c;
                    rowBytes[p + 1] = (byte) (c >> 8);
                    rowBytes[p + 2] = (byte) (c >> 16);
                }
            } // else: repeat the last row already in rowBytes
            bgr.put(rowBytes);
        }
        bgr.flip();
        try {
            recorder.recordImage(encW, encH, Frame.DEPTH_UBYTE, 3, encW * 3, avutil.AV_PIX_FMT_BGR24, bgr);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot encode frame " + written + " of " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- GIF ----

    private void openGif() throws IOException {
        gifWriter = ImageIO.getImageWritersByFormatName("gif").next();
        gifStream = ImageIO.createImageOutputStream(partial.toFile());
        if (gifStream == null) {
            throw new IOException("cannot open " + file + " for writing");
        }
        gifWriter.setOutput(gifStream);
        gifWriter.prepareWriteSequence(null);
        codec = "gif";
        if (fps > 50) {
            warn("GIF delays are in 1/100 s and players slow frames faster than 50 fps down; " + fps
                    + " fps will not play at its rate");
        }
    }

    private void writeGif(BufferedImage frame) throws IOException {
        BufferedImage rgb = frame.getType() == BufferedImage.TYPE_INT_RGB ? frame : Pixels.toIntRgb(frame);
        // delays in centiseconds, spread so the running total stays on the true timeline (30 fps → 3,3,4,…)
        int delay = (int) (Math.round((written + 1) * 100.0 / fps) - Math.round(written * 100.0 / fps));
        IIOMetadata meta = gifWriter.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB), null);
        String fmt = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("transparentColorIndex", "0");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, delay)));
        if (written == 0) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // loop forever
            apps.appendChild(loop);
        }
        meta.setFromTree(fmt, root);
        gifWriter.writeToSequence(new IIOImage(rgb, null, meta), null);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }

    private void warn(String message) {
        warnings.add(message);
        LOG.warn("{}: {}", file.getFileName(), message);
    }
}
