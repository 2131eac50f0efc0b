package org.spacetimelens.video.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Damaged and hostile clips made from {@link TestVideos}' clean H.264 mp4s (or crafted byte by byte):
 * bit flips in the coded stream, truncation at several points, an empty file, headers claiming
 * 100000 × 100000 pixel frames, a zero frame rate, and a variable frame rate. Deterministic (seeded).
 */
public final class DamagedVideos {
    private DamagedVideos() {
    }

    /** Every kind of damage, by a short name, written into {@code dir}. */
    public static Map<String, Path> all(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path clean = TestVideos.spec(48, 64, 48).gop(12).write(dir.resolve("clean.mp4"));
        Map<String, Path> out = new LinkedHashMap<>();
        out.put("bit-flips-few", bitFlips(clean, dir.resolve("flips-few.mp4"), 1, 20));
        out.put("bit-flips-many", bitFlips(clean, dir.resolve("flips-many.mp4"), 2, 400));
        for (double at : new double[] {0.02, 0.3, 0.6, 0.95}) {
            out.put("truncated-" + at, truncate(clean, dir.resolve("trunc-" + at + ".mp4"), at));
        }
        // Matroska has no index at the end to lose: a cut file still decodes up to the cut.
        Path mkv = TestVideos.spec(48, 64, 48).gop(12).write(dir.resolve("clean.mkv"));
        for (double at : new double[] {0.5, 0.9}) {
            out.put("truncated-mkv-" + at, truncate(mkv, dir.resolve("trunc-" + at + ".mkv"), at));
        }
        out.put("zero-length", Files.write(dir.resolve("empty.mp4"), new byte[0]));
        out.put("huge-y4m", y4m(dir.resolve("huge.y4m"), 100_000, 100_000, "25:1", 1));
        out.put("huge-mp4-header", hugeMp4Header(clean, dir.resolve("huge-header.mp4")));
        out.put("zero-fps-y4m", y4m(dir.resolve("zero-fps.y4m"), 16, 16, "0:1", 4));
        out.put("zero-timescale-mp4", zeroTimescale(clean, dir.resolve("zero-timescale.mp4")));
        out.put("variable-frame-rate", variableFrameRate(dir.resolve("vfr.mkv"), 40, 64, 48));
        return out;
    }

    /** Flips {@code flips} random bits inside the mp4's {@code mdat} payload (the coded frames), not its index. */
    public static Path bitFlips(Path mp4, Path out, long seed, int flips) throws IOException {
        byte[] b = Files.readAllBytes(mp4);
        int[] mdat = box(b, "mdat");
        Random r = new Random(seed);
        for (int i = 0; i < flips; i++) {
            int at = mdat[0] + r.nextInt(mdat[1] - mdat[0]);
            b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return Files.write(out, b);
    }

    /** The first {@code fraction} of the file's bytes. */
    public static Path truncate(Path file, Path out, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = (int) Math.round(b.length * fraction);
        return Files.write(out, java.util.Arrays.copyOf(b, n));
    }

    /**
     * A YUV4MPEG2 file (an uncompressed format FFmpeg reads from its text header) claiming frames of
     * {@code width × height} at {@code rate} ("num:den"), followed by {@code frames} tiny frame records.
     */
    public static Path y4m(Path out, int width, int height, String rate, int frames) throws IOException {
        StringBuilder s = new StringBuilder("YUV4MPEG2 W" + width + " H" + height + " F" + rate + " Ip A1:1 C420jpeg\n");
        long frameBytes = (long) width * height * 3 / 2;
        byte[] header = s.toString().getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(header);
        for (int i = 0; i < frames; i++) {
            o.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            o.write(new byte[(int) Math.min(frameBytes, 4096)]); // the claimed size is never provided in full
        }
        return Files.write(out, o.toByteArray());
    }

    /** The clean mp4 with its track header and sample entry claiming 65535 × 65535 (the most their fields hold). */
    public static Path hugeMp4Header(Path mp4, Path out) throws IOException {
        byte[] b = Files.readAllBytes(mp4);
        ByteBuffer buf = ByteBuffer.wrap(b);
        int tkhd = find(b, "tkhd", 0);
        // tkhd v0: type(4) version/flags(4) ctime(4) mtime(4) track(4) reserved(4) duration(4) reserved(8)
        // layer(2) group(2) volume(2) reserved(2) matrix(36) width(4, 16.16) height(4, 16.16)
        int w = tkhd + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 8 + 8 + 36;
        buf.putInt(w, 0xffff0000); // 65535.0, the most 16.16 fixed point holds
        buf.putInt(w + 4, 0xffff0000);
        int avc1 = find(b, "avc1", 0);
        // sample entry: type(4) reserved(6) dref(2) predefined(2) reserved(2) predefined(12) width(2) height(2)
        buf.putShort(avc1 + 28, (short) 0xffff);
        buf.putShort(avc1 + 30, (short) 0xffff);
        return Files.write(out, b);
    }

    /** The clean mp4 with the video track's media time scale set to 0 (no usable frame rate or timestamps). */
    public static Path zeroTimescale(Path mp4, Path out) throws IOException {
        byte[] b = Files.readAllBytes(mp4);
        int mdhd = find(b, "mdhd", 0);
        // mdhd v0: type(4) version/flags(4) ctime(4) mtime(4) timescale(4)
        ByteBuffer.wrap(b).putInt(mdhd + 16, 0);
        return Files.write(out, b);
    }

    /** A Matroska file whose frames are 40, 80 or 160 ms apart (variable frame rate). */
    public static Path variableFrameRate(Path out, int frames, int width, int height) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("matroska");
            recorder.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.setGopSize(10);
            recorder.setVideoBitrate(400_000);
            recorder.start();
            long micros = 0;
            for (int i = 0; i < frames; i++) {
                recorder.setTimestamp(micros);
                recorder.record(converter.convert(TestVideos.pattern(i, width, height)));
                micros += 40_000L << (i % 3);
            }
            recorder.stop();
        }
        return out;
    }

    /** [payload start, payload end) of the first top-level-looking box of that type. */
    private static int[] box(byte[] b, String type) {
        int at = find(b, type, 0);
        long size = ByteBuffer.wrap(b).getInt(at - 4) & 0xffffffffL;
        int end = size <= 8 ? b.length : (int) Math.min(b.length, at - 4 + size);
        return new int[] {at + 4, end};
    }

    /** Offset of the first occurrence of a 4-character box type. */
    private static int find(byte[] b, String type, int from) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = Math.max(4, from); i + 4 <= b.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (b[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no '" + type + "' box");
    }
}
