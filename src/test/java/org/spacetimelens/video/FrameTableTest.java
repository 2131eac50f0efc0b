package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.LongStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.video.testing.TestVideos;

class FrameTableTest {

    private static final long NONE = avutil.AV_NOPTS_VALUE;

    @TempDir
    Path dir;

    @Test
    void packetsAreOrderedByPresentationTime() {
        // Decode order I P B B (pts 0 3 1 2), keyframes at pts 0 and 4.
        FfmpegDecoder.PacketScan scan = new FfmpegDecoder.PacketScan(new long[] {0, 3, 1, 2, 4, 5},
                new long[] {-1, 0, 1, 2, 3, 4}, new boolean[] {true, false, false, false, true, false}, 0);
        FrameTable t = FrameTable.fromPackets(scan);
        assertThat(t.timestamps).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(t.keyFrames).containsExactly(0, 4);
        assertThat(t.keySeek).as("min(pts, dts)").containsExactly(-1, 3);
        assertThat(t.keyAtOrBefore(3)).isZero();
        assertThat(t.keyAtOrBefore(4)).isEqualTo(1);
        assertThat(t.keyAtOrBefore(5)).isEqualTo(1);
        assertThat(t.identify(3, -1)).isEqualTo(3);
        assertThat(t.identify(7, -1)).isEqualTo(-1);
    }

    @Test
    void packetsWithoutOrWithRepeatedTimestampsNeedDecoding() {
        assertThat(FrameTable.fromPackets(new FfmpegDecoder.PacketScan(new long[] {0, NONE, 2}, new long[] {0, 1, 2},
                new boolean[] {true, false, false}, 0))).isNull();
        assertThat(FrameTable.fromPackets(new FfmpegDecoder.PacketScan(new long[] {0, 1, 1}, new long[] {0, 1, 2},
                new boolean[] {true, false, false}, 0))).isNull();
    }

    @Test
    void untimestampedFramesAreKnownByTheirPredecessor() {
        // AVI-like: the last frame comes out of the decoder without a timestamp.
        FrameTable t = FrameTable.fromDecode(new long[] {1, 2, 3, NONE}, new boolean[] {true, false, false, false});
        assertThat(t.byTimestamp).isTrue();
        assertThat(t.identify(2, 0)).isEqualTo(1);
        assertThat(t.identify(NONE, 2)).isEqualTo(3);
        assertThat(t.identify(NONE, 1)).as("frame 2 has a timestamp").isEqualTo(-1);
        assertThat(t.identify(NONE, -1)).as("no predecessor").isEqualTo(-1);
        FrameTable disordered = FrameTable.fromDecode(new long[] {1, 3, 2}, new boolean[] {true, false, false});
        assertThat(disordered.byTimestamp).isFalse();
        assertThat(FrameTable.fromDecode(new long[] {NONE, 1}, new boolean[] {true, false}).byTimestamp)
                .as("first frame must be anchored").isFalse();
    }

    @Test
    void aPacketScanThatMissedAFrameIsRepairedByDecoding() throws Exception {
        Path file = TestVideos.spec(30, 64, 48).gop(12).write(dir.resolve("clip.mp4"));
        try (FfmpegVideoSource source = (FfmpegVideoSource) VideoSource.open(file,
                VideoOptions.defaults().withCacheBytes(0))) {
            FrameTable real = source.table();
            // Pretend the scan never saw frame 10.
            long[] ts = LongStream.range(0, 30).filter(i -> i != 10).map(i -> real.timestamps[(int) i]).toArray();
            source.replaceTable(new FrameTable(ts, new int[] {0, 11}, new long[] {real.keySeek[0], real.keySeek[1]},
                    true, FrameCountMethod.PACKET_SCAN));
            assertThat(source.info().frameCount()).isEqualTo(29);
            assertThat(TestVideos.indexOf(source.frame(9))).isEqualTo(9);
            // Index 10 of the wrong table: decoding meets frame 10's timestamp, which it does not list.
            assertThat(TestVideos.indexOf(source.frame(10))).isEqualTo(10);
            assertThat(source.info().frameCount()).isEqualTo(30);
            assertThat(source.info().frameCountMethod()).isEqualTo(FrameCountMethod.DECODE_SCAN);
            assertThat(source.info().notes()).anyMatch(n -> n.contains("re-indexed"));
            assertThat(TestVideos.indexOf(source.frame(29))).isEqualTo(29);
        }
    }

    @Test
    void framesWithoutUsableTimestampsAreCountedFromTheStart() throws Exception {
        Path file = TestVideos.spec(30, 64, 48).gop(12).write(dir.resolve("clip.mp4"));
        try (FfmpegVideoSource source = (FfmpegVideoSource) VideoSource.open(file,
                VideoOptions.defaults().withCacheBytes(0))) {
            long[] same = new long[30];
            source.replaceTable(FrameTable.fromDecode(same, new boolean[30]));
            assertThat(source.table().byTimestamp).isFalse();
            for (int k : new int[] {17, 3, 29, 0, 18}) {
                assertThat(TestVideos.indexOf(source.frame(k))).isEqualTo(k);
            }
        }
    }
}
