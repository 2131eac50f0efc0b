package org.spacetimelens.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_media_type_string;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One open FFmpeg demuxer + decoder for the video stream of a file, on the FFmpeg C API that JavaCV
 * bundles (org.bytedeco presets).
 *
 * <p>Why not JavaCV's {@code FFmpegFrameGrabber}: frame-exact access needs our own seek (to a chosen
 * keyframe, then decode forward comparing timestamps) and a decoder flush after it. The grabber's
 * {@code setTimestamp}/{@code setVideoFrameNumber} is a heuristic (constant frame duration, a half-second
 * back-off, loops capped at 1000 frames, audio frames moving its clock), keeps the codec context
 * private so it cannot be flushed after a seek of ours, and converts pixels of frames we only skip.
 *
 * <p>Not thread-safe; {@link FfmpegVideoSource} serialises access. Every loop is bounded.
 */
final class FfmpegDecoder implements AutoCloseable {

    /** AVERROR(EAGAIN) on Linux (the only natives bundled); the presets expose no constant for it. */
    private static final int AVERROR_EAGAIN = -11;
    /** AV_FRAME_FLAG_KEY (1 << 1) of FFmpeg 6.1+, not exposed by the presets. */
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;
    /** AV_FRAME_FLAG_CORRUPT (1 << 0). */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    private static final int SWS_FLAGS = SWS_BILINEAR | SWS_ACCURATE_RND;
    private static final int SWS_THUMB_FLAGS = SWS_AREA | SWS_ACCURATE_RND;

    static {
        // FFmpeg logs warnings about every damaged packet to stderr; keep errors only, unless the
        // application already chose a level.
        if (av_log_get_level() == AV_LOG_INFO) {
            av_log_set_level(AV_LOG_ERROR);
        }
        FfmpegLog.install(); // to the log file, not the terminal
    }

    /** Video packets of the whole file, in file order. */
    record PacketScan(long[] pts, long[] dts, boolean[] key, int otherPackets) {
        int count() {
            return pts.length;
        }
    }

    final Path path;
    final int streamIndex;
    final int codecId;
    final String codecName;
    final int codedWidth;
    final int codedHeight;
    final double timeBase;
    final double fps;
    final long containerFrames;
    final double displayRotation;

    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext sws;
    private SwsContext swsThumb;
    private BytePointer rgbBuffer;
    private long rgbCapacity;
    private boolean endOfInputSent;
    private long packetsRead;
    private int decodeErrors;
    /** Frames that came out flagged as damaged (concealed errors). */
    private int corruptOutputs;
    /** Frame threads (0: the default below). */
    private final int threads;

    private FfmpegDecoder(Path path, AVFormatContext format, int streamIndex, int threads) throws VideoException {
        this.path = path;
        this.threads = threads;
        this.format = format;
        this.streamIndex = streamIndex;
        AVStream stream = format.streams(streamIndex);
        AVCodecParameters par = stream.codecpar();
        this.codecId = par.codec_id();
        this.codecName = string(avcodec_get_name(codecId), "codec " + codecId);
        this.codedWidth = par.width();
        this.codedHeight = par.height();
        AVRational tb = stream.time_base();
        this.timeBase = tb.den() == 0 ? 0 : (double) tb.num() / tb.den();
        this.fps = rate(stream.avg_frame_rate()) > 0 ? rate(stream.avg_frame_rate()) : rate(stream.r_frame_rate());
        this.containerFrames = stream.nb_frames();
        this.displayRotation = rotationOf(stream, par);

        AVCodec decoder = avcodec_find_decoder(codecId);
        if (decoder == null || decoder.isNull()) {
            throw new VideoException(VideoException.Kind.UNSUPPORTED_CODEC, path, "the bundled FFmpeg has no decoder for "
                    + codecName + "; re-encode the video, e.g. to H.264 (mp4) or VP9 (webm)");
        }
        codec = avcodec_alloc_context3(decoder);
        try {
            openCodec(decoder, par, tb);
        } catch (VideoException e) {
            avcodec_free_context(codec);
            codec = null;
            throw e;
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    private void openCodec(AVCodec decoder, AVCodecParameters par, AVRational tb) throws VideoException {
        int ret = avcodec_parameters_to_context(codec, par);
        if (ret < 0) {
            throw new VideoException(VideoException.Kind.UNREADABLE, path,
                    "the " + codecName + " stream parameters are invalid (" + error(ret) + ")");
        }
        codec.pkt_timebase(tb);
        // Frame threads, at most 4. Random access decodes a few frames per seek, and after the target
        // every other thread has started a frame the flush then discards; FFmpeg's automatic count
        // (cores + 1) would waste 16 frames per seek on a 16-core machine. Long forward runs (long
        // GOPs, playback) still get most of the speed-up.
        codec.thread_count(threads > 0 ? threads : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        ret = avcodec_open2(codec, decoder, (AVDictionary) null);
        if (ret < 0) {
            throw new VideoException(VideoException.Kind.UNSUPPORTED_CODEC, path,
                    "the " + codecName + " decoder refused the stream (" + error(ret) + "); re-encode the video");
        }
    }

    /** Opens the file's first real video stream (cover pictures are skipped). */
    static FfmpegDecoder open(Path path) throws VideoException {
        return open(path, 0);
    }

    /**
     * As {@link #open(Path)} with {@code threads} frame threads (0: up to 4). One thread makes the
     * decoder's error concealment deterministic: with frame threads, how a damaged frame is patched up
     * depends on which thread got there first (measured: exports of a bit-flipped H.264 clip differed
     * between runs; clean streams decode identically either way).
     */
    static FfmpegDecoder open(Path path, int threads) throws VideoException {
        AVFormatContext format = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        // Local files only: a playlist or concat file must not make FFmpeg open network URLs.
        av_dict_set(options, "protocol_whitelist", "file", 0);
        int ret;
        // UTF-8 whatever the JVM's default charset: Linux file names are bytes, almost always UTF-8.
        try (BytePointer url = new BytePointer("file:" + path.toAbsolutePath(), StandardCharsets.UTF_8)) {
            ret = avformat_open_input(format, url, null, options);
        }
        av_dict_free(options);
        if (ret < 0) {
            throw new VideoException(VideoException.Kind.UNREADABLE, path, "FFmpeg cannot read this file (" + error(ret)
                    + "); it is not a video container FFmpeg knows, or it is damaged");
        }
        FfmpegDecoder decoder = null;
        try {
            ret = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (ret < 0) {
                throw new VideoException(VideoException.Kind.UNREADABLE, path, "FFmpeg found no usable stream information ("
                        + error(ret) + "); the file is probably truncated or damaged");
            }
            int index = -1;
            List<String> others = new ArrayList<>();
            for (int i = 0; i < format.nb_streams(); i++) {
                AVStream st = format.streams(i);
                int type = st.codecpar().codec_type();
                boolean cover = (st.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0;
                if (type == AVMEDIA_TYPE_VIDEO && !cover) {
                    index = i;
                    break;
                }
                others.add((cover ? "cover picture" : string(av_get_media_type_string(type), "unknown")) + " ("
                        + string(avcodec_get_name(st.codecpar().codec_id()), "?") + ")");
            }
            if (index < 0) {
                throw new VideoException(VideoException.Kind.NO_VIDEO_STREAM, path, "the file has no video stream"
                        + (others.isEmpty() ? " (no streams at all: an empty or unfinished recording?)"
                                : "; it holds " + String.join(", ", others))
                        + "; choose a video file");
            }
            decoder = new FfmpegDecoder(path, format, index, threads);
            return decoder;
        } finally {
            if (decoder == null) {
                avformat_close_input(format);
            }
        }
    }

    /**
     * Reads every packet from the current position to the end without decoding, keeping the video
     * stream's timestamps and key flags; packets FFmpeg marks to be discarded (before an edit list's
     * start) yield no frame and are left out.
     */
    PacketScan scanPackets() {
        long[] pts = new long[1024];
        long[] dts = new long[1024];
        boolean[] key = new boolean[1024];
        int n = 0;
        int other = 0;
        while (av_read_frame(format, packet) >= 0) {
            packetsRead++;
            if (packet.stream_index() == streamIndex && (packet.flags() & AV_PKT_FLAG_DISCARD) == 0) {
                if (n == pts.length) {
                    pts = java.util.Arrays.copyOf(pts, n * 2);
                    dts = java.util.Arrays.copyOf(dts, n * 2);
                    key = java.util.Arrays.copyOf(key, n * 2);
                }
                pts[n] = packet.pts();
                dts[n] = packet.dts();
                key[n] = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                n++;
            } else {
                other++;
            }
            av_packet_unref(packet);
        }
        endOfInputSent = false;
        return new PacketScan(java.util.Arrays.copyOf(pts, n), java.util.Arrays.copyOf(dts, n),
                java.util.Arrays.copyOf(key, n), other);
    }

    /**
     * Seeks to the last keyframe at or before {@code timestamp} (stream time base) and flushes the decoder.
     *
     * @return false when the demuxer cannot seek
     */
    boolean seek(long timestamp) {
        int ret = av_seek_frame(format, streamIndex, timestamp, AVSEEK_FLAG_BACKWARD);
        avcodec_flush_buffers(codec);
        endOfInputSent = false;
        return ret >= 0;
    }

    /**
     * Decodes the next frame in presentation order into the internal frame.
     *
     * @param packetLimit give up after reading this many packets (guards against demuxers that never end)
     * @return false at the end of the stream
     */
    boolean nextFrame(long packetLimit) throws VideoException {
        long budget = packetLimit;
        while (true) {
            int ret = avcodec_receive_frame(codec, frame);
            if (ret >= 0) {
                if (frameIsCorrupt()) {
                    corruptOutputs++;
                }
                return true;
            }
            if (ret == AVERROR_EOF) {
                return false;
            }
            if (ret != AVERROR_EAGAIN) {
                decodeErrors++; // damaged data: keep feeding, as the ffmpeg tool does
            }
            if (endOfInputSent) {
                return false;
            }
            if (--budget < 0) {
                throw new VideoException(VideoException.Kind.DECODE_FAILED, path,
                        "the demuxer kept returning packets without producing a frame; the file is damaged");
            }
            ret = av_read_frame(format, packet);
            if (ret < 0) {
                avcodec_send_packet(codec, (AVPacket) null); // drain frames held for reordering
                endOfInputSent = true;
                continue;
            }
            packetsRead++;
            if (packet.stream_index() == streamIndex) {
                if (avcodec_send_packet(codec, packet) < 0) {
                    decodeErrors++;
                }
            }
            av_packet_unref(packet);
        }
    }

    /** Best-effort presentation timestamp of the decoded frame (stream time base), maybe AV_NOPTS_VALUE. */
    long frameTimestamp() {
        return frame.best_effort_timestamp();
    }

    boolean frameIsKey() {
        return (frame.flags() & AV_FRAME_FLAG_KEY) != 0;
    }

    /** Whether the decoder flagged the frame as damaged (e.g. decoded with a reference missing). */
    boolean frameIsCorrupt() {
        return (frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0;
    }

    int decodeErrors() {
        return decodeErrors;
    }

    /** Whether this decoder met damaged data (a decode error or a frame flagged as damaged). */
    boolean sawDamage() {
        return decodeErrors > 0 || corruptOutputs > 0;
    }

    /**
     * Converts the decoded frame to a new BGR image of the given size with swscale: bilinear (as JavaCV
     * and PyAV default to), or area averaging for thumbnails ({@code thumbnail}), plus ACCURATE_RND. Without the latter, swscale's SIMD yuv-to-rgb path reads
     * past the right edge of frames whose width is not a multiple of 8 and the last columns pick up
     * whatever the decoder's padding holds — the same frame then converts differently from run to run
     * (seen on the shared 340-pixel H.264 clip). The accurate path is deterministic.
     */
    BufferedImage convert(int width, int height, boolean thumbnail) throws VideoException {
        int srcW = frame.width();
        int srcH = frame.height();
        // Separate contexts, so a filmstrip between full frames does not rebuild them each time.
        SwsContext ctx = sws_getCachedContext(thumbnail ? swsThumb : sws, srcW, srcH, frame.format(), width, height,
                AV_PIX_FMT_BGR24, thumbnail ? SWS_THUMB_FLAGS : SWS_FLAGS, null, null, (DoublePointer) null);
        if (thumbnail) {
            swsThumb = ctx;
        } else {
            sws = ctx;
        }
        if (ctx == null || ctx.isNull()) {
            throw new VideoException(VideoException.Kind.DECODE_FAILED, path, "cannot convert " + srcW + "x" + srcH
                    + " frames of pixel format " + frame.format() + " to RGB");
        }
        int stride = (width * 3 + 63) & ~63;
        // Spare rows: SIMD converters may write a little past the last row's end.
        long size = (long) stride * (height + 2);
        if (rgbBuffer == null || rgbCapacity < size) {
            if (rgbBuffer != null) {
                av_free(rgbBuffer);
            }
            rgbBuffer = new BytePointer(av_malloc(size)).capacity(size);
            rgbCapacity = size;
        }
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(4);
                IntPointer dstStride = new IntPointer(stride, 0, 0, 0)) {
            dst.put(0, rgbBuffer);
            sws_scale(ctx, frame.data(), frame.linesize(), 0, srcH, dst, dstStride);
        }
        BufferedImage image = Frames.newBgr(width, height);
        byte[] pixels = Frames.bgrData(image);
        int row = width * 3;
        for (int y = 0; y < height; y++) {
            rgbBuffer.position((long) y * stride).get(pixels, y * row, row);
        }
        rgbBuffer.position(0);
        return image;
    }

    long packetsRead() {
        return packetsRead;
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (swsThumb != null) {
            sws_freeContext(swsThumb);
            swsThumb = null;
        }
        if (rgbBuffer != null) {
            av_free(rgbBuffer);
            rgbBuffer = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }

    /**
     * Counter-clockwise display rotation in degrees from the display matrix (NaN if none), or from the
     * legacy {@code rotate} tag (clockwise, so negated).
     */
    private static double rotationOf(AVStream stream, AVCodecParameters par) {
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd != null && !sd.isNull() && sd.size() >= 9 * 4) {
            return av_display_rotation_get(new IntPointer(sd.data()));
        }
        AVDictionaryEntry tag = av_dict_get(stream.metadata(), "rotate", null, 0);
        if (tag != null && !tag.isNull()) {
            try {
                return -Double.parseDouble(tag.value().getString().trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static double rate(AVRational r) {
        return r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : 0;
    }

    private static String string(BytePointer p, String fallback) {
        return p == null || p.isNull() ? fallback : p.getString();
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + ", code " + code;
    }

    static boolean hasTimestamp(long ts) {
        return ts != AV_NOPTS_VALUE;
    }
}
