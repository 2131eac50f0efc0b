package org.spacetimelens.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A video file decoded with FFmpeg, with frame-exact random access.
 *
 * <p>At open, a packet scan (no decoding) lists every video frame's presentation timestamp and the
 * keyframes; when packets cannot be trusted for that (no timestamps, as in AVI; VP8's hidden frames; a
 * count that disagrees with the container) every frame is decoded once instead. {@code frame(k)} then
 * seeks to the last keyframe at or before frame k, decodes forward without converting pixels, and
 * converts the frame whose timestamp is frame k's. Landing after the target (demuxers that seek by dts
 * on streams with B-frames), or a target the decoder flags as damaged (a reference from before the
 * keyframe), retries from earlier keyframes, then from the start of the file. A request just after
 * the last decoded frame decodes forward without seeking. Exactness rests on the container's keyframe
 * flags marking points where decoding can start cleanly, as the H.264, VP9 and MPEG-4 encoders do.
 *
 * <p>Should decoding reveal that the packet scan was wrong (a frame timestamp not in the table), the
 * table is rebuilt by decoding once and {@link #info()} updated, with a note.
 */
final class FfmpegVideoSource extends AbstractVideoSource {

    /** Frames larger than this many pixels are refused even scaled (a 16384 x 16384 picture). */
    private static final long MAX_PIXELS = 1L << 28;

    private final Path path;
    private final int decodeWidth;
    private final int decodeHeight;
    private final int rotation;
    private FfmpegDecoder decoder;
    private FrameTable table;
    private long packetLimit;

    /** The decoder continues a pass that produced frames up to {@link #lastIndex} (or nothing yet). */
    private boolean positioned;
    private int lastIndex = -1;
    /** The current pass started at the beginning of the file; {@link #outputs} frames came out of it. */
    private boolean fromStart;
    private int outputs;
    /** Indices of frames handed out that the decoder flagged as damaged (concealed errors). */
    private final java.util.BitSet damaged = new java.util.BitSet();
    /** Frame threads of decoders this source opens from now on (0: the decoder's default). */
    private int threads;
    /** A decoder of this source, past or present, met damaged data. */
    private boolean damageSeen;

    /** Output size of a conversion (before rotation); thumbnails use area averaging. */
    private record Size(int width, int height, boolean thumbnail) {
    }

    /** Raised when a decoded frame's timestamp is not in the packet-scan table. */
    private static final class TableMismatch extends Exception {
        TableMismatch() {
            super(null, null, false, false);
        }
    }

    private FfmpegVideoSource(Path path, VideoInfo info, VideoOptions options, FfmpegDecoder decoder,
            FrameTable table, int decodeWidth, int decodeHeight, int rotation, long packetLimit) {
        super(info, options);
        this.path = path;
        this.decoder = decoder;
        this.table = table;
        this.decodeWidth = decodeWidth;
        this.decodeHeight = decodeHeight;
        this.rotation = rotation;
        this.packetLimit = packetLimit;
    }

    static FfmpegVideoSource open(Path path, VideoOptions options) throws VideoException {
        checkFile(path);
        FfmpegDecoder decoder = FfmpegDecoder.open(path);
        FfmpegVideoSource source = null;
        try {
            List<String> notes = new ArrayList<>();
            int codedW = decoder.codedWidth;
            int codedH = decoder.codedHeight;
            if (codedW <= 0 || codedH <= 0) {
                throw new VideoException(VideoException.Kind.UNSUPPORTED_SIZE, path,
                        "the video stream does not state a frame size (" + codedW + "x" + codedH
                                + "); the file is damaged");
            }
            if ((long) codedW * codedH > MAX_PIXELS) {
                throw new VideoException(VideoException.Kind.UNSUPPORTED_SIZE, path, "frames of " + codedW + "x"
                        + codedH + " are beyond what can be decoded here (at most " + MAX_PIXELS
                        + " pixels); downscale the video first, e.g. with ffmpeg -vf scale");
            }
            int[] size = ImageFolderSource.scaledSize(codedW, codedH, options.maxFrameSide());
            if (size[0] != codedW || size[1] != codedH) {
                notes.add("frames are " + codedW + "x" + codedH + ", decoded scaled to " + size[0] + "x" + size[1]);
            }
            int rotation = clockwise(decoder.displayRotation, notes);

            FfmpegDecoder.PacketScan scan = decoder.scanPackets();
            long packetLimit = scan.count() + (long) scan.otherPackets() + 1024;
            if (scan.count() == 0) {
                throw new VideoException(VideoException.Kind.NO_FRAMES, path,
                        "the video stream holds no frames; the file is empty or was cut off while recording");
            }
            String reason = null;
            FrameTable table = null;
            if (options.exactFrameCount()) {
                reason = "an exact count was asked for";
            } else if (decoder.codecId == AV_CODEC_ID_VP8) {
                reason = "VP8 packets may hold hidden frames";
            } else if (decoder.containerFrames > 0 && decoder.containerFrames != scan.count()) {
                reason = "the container says " + decoder.containerFrames + " frames but holds " + scan.count()
                        + " video packets";
            } else {
                table = FrameTable.fromPackets(scan);
                if (table == null) {
                    reason = "video packets carry no usable timestamps";
                }
            }
            if (table == null) {
                decoder.close();
                decoder = FfmpegDecoder.open(path);
                table = decodeScan(decoder, packetLimit, path);
                notes.add("frames counted by decoding the whole video: " + reason);
                if (!table.byTimestamp) {
                    notes.add("frame timestamps are missing or repeated; random access decodes from the start");
                }
            }
            if (table.count() == 0) {
                throw new VideoException(VideoException.Kind.NO_FRAMES, path,
                        "no frame of the video stream could be decoded; the file is damaged");
            }
            double fps = decoder.fps;
            if (!(fps > 0) || Double.isInfinite(fps)) {
                fps = fpsFromTimestamps(table, decoder.timeBase);
                notes.add(fps > 0 ? "frame rate not stated; " + String.format("%.3f", fps) + " fps from timestamps"
                        : "frame rate unknown; assumed 25 fps");
                if (!(fps > 0)) {
                    fps = 25;
                }
            }
            boolean swap = rotation == 90 || rotation == 270;
            VideoInfo info = new VideoInfo(path, decoder.codecName, table.count(), table.method,
                    decoder.containerFrames > 0 ? (int) decoder.containerFrames : -1, fps, table.count() / fps,
                    swap ? size[1] : size[0], swap ? size[0] : size[1], codedW, codedH, rotation, notes);
            source = new FfmpegVideoSource(path, info, options, decoder, table, size[0], size[1], rotation,
                    packetLimit);
            source.frame(0); // fail now, not in the viewer, when nothing decodes
            return source;
        } catch (VideoException | RuntimeException e) {
            if (source != null) {
                source.close();
            } else {
                decoder.close();
            }
            throw e;
        }
    }

    @Override
    BufferedImage decode(int index) throws VideoException {
        return decode(index, new Size(decodeWidth, decodeHeight, false));
    }

    /** Scales during conversion (swscale area averaging) instead of converting the full frame first. */
    @Override
    BufferedImage decodeThumbnail(int index, int maxSide) throws VideoException {
        int[] display = ImageFolderSource.scaledSize(info().width(), info().height(), maxSide);
        if (display[0] == info().width() && display[1] == info().height()) {
            return decode(index);
        }
        boolean swap = rotation == 90 || rotation == 270;
        return decode(index, new Size(swap ? display[1] : display[0], swap ? display[0] : display[1], true));
    }

    @Override
    public synchronized int keyFrameAtOrBefore(int index) {
        if (!table.byTimestamp || table.keyFrames.length == 0) {
            return 0;
        }
        int key = table.keyAtOrBefore(Math.max(0, Math.min(index, table.count() - 1)));
        return key < 0 ? 0 : table.keyFrames[key];
    }

    private BufferedImage decode(int index, Size size) throws VideoException {
        try {
            return decodeChecked(index, size);
        } catch (TableMismatch mismatch) {
            if (table.method == FrameCountMethod.PACKET_SCAN) {
                rebuildByDecoding();
                if (index >= table.count()) {
                    throw new VideoException(VideoException.Kind.INDEX_OUT_OF_RANGE, path, "frame " + index
                            + " does not exist: decoding found only " + table.count() + " frames");
                }
                try {
                    return decodeChecked(index, size);
                } catch (TableMismatch again) {
                    return decodePositional(index, size);
                }
            }
            return decodePositional(index, size);
        }
    }

    /** Indices of the frames the demuxer can seek to (for tests and diagnostics). */
    synchronized List<Integer> keyFrameIndices() {
        List<Integer> keys = new ArrayList<>();
        for (int k : table.keyFrames) {
            keys.add(k);
        }
        return keys;
    }

    /** Swaps in another frame table (tests simulate a wrong packet scan with it). */
    synchronized void replaceTable(FrameTable replacement) {
        table = replacement;
        positioned = false;
        VideoInfo old = info();
        updateInfo(new VideoInfo(path, old.codec(), replacement.count(), replacement.method, old.containerFrameCount(),
                old.fps(), replacement.count() / old.fps(), old.width(), old.height(), old.codedWidth(),
                old.codedHeight(), old.rotation(), old.notes()));
    }

    /** The current frame table (for tests). */
    synchronized FrameTable table() {
        return table;
    }

    @Override
    void release() {
        decoder.close();
    }

    private BufferedImage decodeChecked(int index, Size size) throws VideoException, TableMismatch {
        if (!table.byTimestamp) {
            return decodePositional(index, size);
        }
        int key = table.keyAtOrBefore(index);
        if (positioned && lastIndex >= 0 && index > lastIndex) {
            int keyFrame = key < 0 ? 0 : table.keyFrames[key];
            // No keyframe between here and the target: a seek could not start any closer.
            if (keyFrame <= lastIndex || index - lastIndex <= 2) {
                BufferedImage image = forwardTo(index, size);
                if (image != null) {
                    return image;
                }
            }
        }
        for (int attempt = 0; attempt < 3 && key - attempt >= 0; attempt++) {
            if (!decoder.seek(table.keySeek[key - attempt])) {
                break;
            }
            positioned = true;
            fromStart = false;
            lastIndex = -1;
            BufferedImage image = forwardTo(index, size);
            if (image != null) {
                return image;
            }
        }
        rewind();
        BufferedImage image = forwardTo(index, size);
        if (image != null) {
            return image;
        }
        throw new TableMismatch();
    }

    /**
     * Decodes on until frame {@code index}; null when the pass overshoots it or ends first.
     *
     * @throws TableMismatch when a frame's timestamp is not in the table
     */
    private BufferedImage forwardTo(int index, Size size) throws VideoException, TableMismatch {
        for (int guard = 0; guard <= table.count() + 64; guard++) {
            checkInterrupted();
            if (!decoder.nextFrame(packetLimit)) {
                positioned = false;
                return null;
            }
            outputs++;
            long t = decoder.frameTimestamp();
            int at = table.identify(t, lastIndex);
            if (at < 0) {
                if (!FfmpegDecoder.hasTimestamp(t) && lastIndex < 0) {
                    continue; // untimestamped frame right after a seek: cannot tell which, not wrong
                }
                positioned = false;
                throw new TableMismatch();
            }
            lastIndex = at;
            if (at == index) {
                if (!fromStart && decoder.frameIsCorrupt()) {
                    // Decoded with a reference from before the keyframe we started at: not the frame
                    // sequential decoding gives. Try from an earlier keyframe.
                    return null;
                }
                noteDamage(index);
                return convert(size);
            }
            if (at > index) {
                return null;
            }
        }
        positioned = false;
        return null;
    }

    /** Counts decoded frames from the start of the file: correct by definition, used when timestamps fail. */
    private BufferedImage decodePositional(int index, Size size) throws VideoException {
        if (!(positioned && fromStart && outputs <= index)) {
            rewind();
        }
        while (outputs <= index) {
            checkInterrupted();
            if (!decoder.nextFrame(packetLimit)) {
                positioned = false;
                throw new VideoException(VideoException.Kind.DECODE_FAILED, path, "frame " + index
                        + " could not be decoded: the stream ended after " + outputs + " frames; the file is damaged");
            }
            outputs++;
        }
        lastIndex = index;
        noteDamage(index);
        return convert(size);
    }

    private void noteDamage(int index) {
        if (decoder.frameIsCorrupt()) {
            damaged.set(index);
        }
    }

    /**
     * When any decoding so far met damaged data, switches this source to one decoder thread, forgets
     * the frames decoded so far and returns true: decode them again for results that do not depend on
     * thread timing (see {@link FfmpegDecoder#open(Path, int)}). False (and nothing changes) otherwise.
     */
    @Override
    public synchronized boolean redecodeIfDamaged() throws VideoException {
        damageSeen |= decoder.sawDamage();
        if (!damageSeen || threads == 1) {
            return false;
        }
        threads = 1;
        damaged.clear();
        updateInfo(info()); // drops the cached frames
        rewind();
        return true;
    }

    /** How many distinct frames handed out so far were decoded with errors (FFmpeg concealed them). */
    @Override
    public synchronized int framesWithDecodeErrors() {
        return damaged.cardinality();
    }

    private BufferedImage convert(Size size) throws VideoException {
        return Frames.rotate(decoder.convert(size.width(), size.height(), size.thumbnail()), rotation);
    }

    /** Reopens the file: the one way to be sure decoding starts at its first frame. */
    private void rewind() throws VideoException {
        damageSeen |= decoder.sawDamage();
        decoder.close();
        decoder = FfmpegDecoder.open(path, threads);
        positioned = true;
        fromStart = true;
        outputs = 0;
        lastIndex = -1;
    }

    private void rebuildByDecoding() throws VideoException {
        damageSeen |= decoder.sawDamage();
        decoder.close();
        decoder = FfmpegDecoder.open(path, threads);
        positioned = false;
        int before = table.count();
        table = decodeScan(decoder, packetLimit, path);
        VideoInfo old = info();
        List<String> notes = new ArrayList<>(old.notes());
        notes.add("the packet scan counted " + before + " frames but decoding found " + table.count()
                + "; frames re-indexed by decoding");
        updateInfo(new VideoInfo(path, old.codec(), table.count(), table.method, old.containerFrameCount(), old.fps(),
                table.count() / old.fps(), old.width(), old.height(), old.codedWidth(), old.codedHeight(),
                old.rotation(), notes));
    }

    private static FrameTable decodeScan(FfmpegDecoder decoder, long packetLimit, Path path) throws VideoException {
        long[] ts = new long[1024];
        boolean[] key = new boolean[1024];
        int n = 0;
        while (decoder.nextFrame(packetLimit)) {
            checkInterrupted(path);
            if (n == ts.length) {
                ts = java.util.Arrays.copyOf(ts, n * 2);
                key = java.util.Arrays.copyOf(key, n * 2);
            }
            ts[n] = decoder.frameTimestamp();
            key[n] = decoder.frameIsKey();
            n++;
            if (n > 16 * packetLimit) {
                throw new VideoException(VideoException.Kind.DECODE_FAILED, path,
                        "the decoder produced far more frames than the file has packets; the file is damaged");
            }
        }
        return FrameTable.fromDecode(java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(key, n));
    }

    private void checkInterrupted() throws VideoException {
        checkInterrupted(path);
    }

    private static void checkInterrupted(Path path) throws VideoException {
        if (Thread.currentThread().isInterrupted()) {
            throw new VideoException(VideoException.Kind.CANCELLED, path, "decoding was cancelled");
        }
    }

    private static double fpsFromTimestamps(FrameTable table, double timeBase) {
        if (!table.byTimestamp || table.count() < 2 || !(timeBase > 0)) {
            return 0;
        }
        double span = (table.timestamps[table.count() - 1] - table.timestamps[0]) * timeBase;
        return span > 0 ? (table.count() - 1) / span : 0;
    }

    /** Clockwise degrees (0/90/180/270) from FFmpeg's counter-clockwise display rotation. */
    static int clockwise(double counterClockwise, List<String> notes) {
        if (Double.isNaN(counterClockwise)) {
            return 0;
        }
        double cw = -counterClockwise;
        long quarter = Math.round(cw / 90.0);
        if (Math.abs(cw - quarter * 90.0) > 1.0) {
            notes.add("display rotation of " + cw + " degrees is not a multiple of 90; ignored");
            return 0;
        }
        return (int) (((quarter * 90) % 360 + 360) % 360);
    }

    private static void checkFile(Path path) throws VideoException {
        if (!Files.exists(path)) {
            throw new VideoException(VideoException.Kind.NOT_FOUND, path, "no such file; check the path");
        }
        if (!Files.isRegularFile(path)) {
            throw new VideoException(VideoException.Kind.UNREADABLE, path,
                    "not a regular file (a device or pipe?); give a video file or a folder of frames");
        }
        if (!Files.isReadable(path)) {
            throw new VideoException(VideoException.Kind.UNREADABLE, path, "no permission to read the file");
        }
        try {
            if (Files.size(path) == 0) {
                throw new VideoException(VideoException.Kind.UNREADABLE, path, "the file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new VideoException(VideoException.Kind.UNREADABLE, path, "cannot read the file: " + e.getMessage(), e);
        }
    }
}
