package org.spacetimelens.video;

import java.util.Arrays;

/**
 * Frame index to presentation timestamp (stream time base) and the keyframes to seek to.
 *
 * <p>When {@link #byTimestamp} holds, the frames that have timestamps have strictly increasing ones and
 * the first frame has one, so a decoded frame's timestamp tells exactly which frame it is — the check
 * behind frame-exact seeking; a frame without a timestamp (AVI's last B-frame, say) is known as the
 * one after its predecessor. Otherwise (repeated or disordered timestamps) frames can only be
 * identified by counting from the start.
 */
final class FrameTable {

    final long[] timestamps;
    /** Indices of keyframes, ascending. */
    final int[] keyFrames;
    /** Timestamp to hand the demuxer to land on each keyframe. */
    final long[] keySeek;
    final boolean byTimestamp;
    final FrameCountMethod method;

    FrameTable(long[] timestamps, int[] keyFrames, long[] keySeek, boolean byTimestamp,
            FrameCountMethod method) {
        this.timestamps = timestamps;
        this.keyFrames = keyFrames;
        this.keySeek = keySeek;
        this.byTimestamp = byTimestamp;
        this.method = method;
    }

    /**
     * From a packet scan: frames are the video packets sorted by presentation timestamp. Returns null
     * when a packet lacks a timestamp or two share one (then only decoding can tell the frames).
     */
    static FrameTable fromPackets(FfmpegDecoder.PacketScan scan) {
        long[] sorted = scan.pts().clone();
        for (long t : sorted) {
            if (!FfmpegDecoder.hasTimestamp(t)) {
                return null;
            }
        }
        Arrays.sort(sorted);
        if (!strictlyIncreasing(sorted)) {
            return null;
        }
        int keys = 0;
        int[] keyIndex = new int[scan.count()];
        long[] seek = new long[scan.count()];
        for (int i = 0; i < scan.count(); i++) {
            if (scan.key()[i]) {
                long pts = scan.pts()[i];
                long dts = scan.dts()[i];
                keyIndex[keys] = Arrays.binarySearch(sorted, pts);
                // Demuxers index by dts or pts; the smaller one lands at or before this keyframe either way.
                seek[keys] = FfmpegDecoder.hasTimestamp(dts) ? Math.min(pts, dts) : pts;
                keys++;
            }
        }
        return new FrameTable(sorted, keyIndex, seek, true, FrameCountMethod.PACKET_SCAN).sortKeys(keys);
    }

    /** From a full decode: timestamps (maybe AV_NOPTS_VALUE) and key flags in output order. */
    static FrameTable fromDecode(long[] timestamps, boolean[] key) {
        boolean usable = timestamps.length > 0 && FfmpegDecoder.hasTimestamp(timestamps[0]);
        long previous = Long.MIN_VALUE;
        for (long t : timestamps) {
            if (FfmpegDecoder.hasTimestamp(t)) {
                usable &= t > previous;
                previous = t;
            }
        }
        int keys = 0;
        int[] keyIndex = new int[timestamps.length];
        long[] seek = new long[timestamps.length];
        for (int i = 0; i < timestamps.length && usable; i++) {
            if (key[i] && FfmpegDecoder.hasTimestamp(timestamps[i])) {
                keyIndex[keys] = i;
                seek[keys] = timestamps[i];
                keys++;
            }
        }
        return new FrameTable(timestamps, keyIndex, seek, usable, FrameCountMethod.DECODE_SCAN).sortKeys(keys);
    }

    int count() {
        return timestamps.length;
    }

    /**
     * Which frame a decoded frame is, from its timestamp and the frame decoded just before it in the same
     * pass ({@code previous}, -1 if none): the index, or -1 when it cannot be told.
     */
    int identify(long timestamp, int previous) {
        if (!byTimestamp) {
            return -1;
        }
        if (!FfmpegDecoder.hasTimestamp(timestamp)) {
            int next = previous + 1;
            return previous >= 0 && next < timestamps.length && !FfmpegDecoder.hasTimestamp(timestamps[next]) ? next : -1;
        }
        // Timestamped frames increase; untimestamped ones sit between them, so search the timestamped.
        int lo = 0;
        int hi = timestamps.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int m = mid;
            while (m >= lo && !FfmpegDecoder.hasTimestamp(timestamps[m])) {
                m--;
            }
            if (m < lo) {
                lo = mid + 1;
                continue;
            }
            if (timestamps[m] == timestamp) {
                return m;
            }
            if (timestamps[m] < timestamp) {
                lo = mid + 1;
            } else {
                hi = m - 1;
            }
        }
        return -1;
    }

    /** Position in {@link #keyFrames} of the last keyframe at or before {@code index}, or -1. */
    int keyAtOrBefore(int index) {
        int i = Arrays.binarySearch(keyFrames, index);
        return i >= 0 ? i : -i - 2;
    }

    private FrameTable sortKeys(int keys) {
        Integer[] order = new Integer[keys];
        for (int i = 0; i < keys; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(keyFrames[a], keyFrames[b]));
        int[] k = new int[keys];
        long[] s = new long[keys];
        for (int i = 0; i < keys; i++) {
            k[i] = keyFrames[order[i]];
            s[i] = keySeek[order[i]];
        }
        return new FrameTable(timestamps, k, s, byTimestamp, method);
    }

    private static boolean strictlyIncreasing(long[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] <= values[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
