package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AttentionFile}: values read back exactly across mapping chunks, the file is gone after close (or at once
 * where the OS unlinks open files), leftovers of dead processes are swept, and a folder that cannot take the
 * record fails with a message naming it and what to do.
 */
class AttentionFileTest {
    @TempDir
    Path tmp;

    private static final long[] SLABS = {1000, 37, 513};

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void valuesReadBackExactlyAcrossChunks(boolean half) {
        Random r = new Random(3);
        float[][] f = new float[SLABS.length][];
        short[][] h = new short[SLABS.length][];
        // 64-byte chunks: every slab spans several mappings, reads cross their borders
        try (AttentionFile file = AttentionFile.create(tmp, SLABS, half, java.nio.channels.FileChannel::write, true,
                64)) {
            for (int i = 0; i < SLABS.length; i++) {
                f[i] = new float[(int) SLABS[i]];
                for (int j = 0; j < f[i].length; j++) {
                    f[i][j] = r.nextFloat();
                }
                h[i] = Half.fromFloats(f[i]);
                if (half) {
                    file.write(i, h[i]);
                } else {
                    file.write(i, f[i]);
                }
            }
            file.finish();
            assertThat(file.bytes()).isEqualTo((1000 + 37 + 513) * (half ? 2L : 4L));
            for (int i = 0; i < SLABS.length; i++) {
                int n = (int) SLABS[i];
                for (int j = 0; j < n; j++) {
                    assertThat(file.get(i, j)).isEqualTo(half ? Half.toFloat(h[i][j]) : f[i][j]);
                }
                if (half) {
                    short[] all = new short[n + 5];
                    file.read(i, 0, all, 5, n);
                    assertThat(java.util.Arrays.copyOfRange(all, 5, n + 5)).containsExactly(h[i]);
                    short[] part = new short[n / 2];
                    file.read(i, 13, part, 0, part.length);
                    assertThat(part).containsExactly(java.util.Arrays.copyOfRange(h[i], 13, 13 + part.length));
                } else {
                    float[] all = new float[n];
                    file.read(i, 0, all, 0, n);
                    assertThat(all).containsExactly(f[i]);
                    float[] part = new float[n / 2];
                    file.read(i, 13, part, 0, part.length);
                    assertThat(part).containsExactly(java.util.Arrays.copyOfRange(f[i], 13, 13 + part.length));
                }
            }
        }
    }

    @Test
    void closeDeletesTheFileAndMappedValuesStayReadable() throws IOException {
        AttentionFile file = AttentionFile.create(tmp, new long[] {8}, false, java.nio.channels.FileChannel::write,
                false, AttentionFile.CHUNK_BYTES);
        assertThat(Files.exists(file.path())).isTrue();
        file.write(0, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        file.finish();
        file.close();
        assertThat(file.path()).doesNotExist();
        assertThat(attentionFiles(tmp)).isEmpty();
        assertThat(file.get(0, 6)).isEqualTo(7f); // a reader racing with close must not crash
    }

    @Test
    void unlinkedAsSoonAsOpenOnPosix() throws IOException {
        assumeFalse(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"));
        try (AttentionFile file = AttentionFile.create(tmp, new long[] {4}, true)) {
            assertThat(attentionFiles(tmp)).isEmpty();
            file.write(0, new short[] {1, 2, 3, 4});
            file.finish();
            assertThat(file.get(0, 3)).isEqualTo(Half.toFloat((short) 4));
        }
    }

    @Test
    void closingAnUnfinishedFileDeletesIt() throws IOException {
        AttentionFile file = AttentionFile.create(tmp, new long[] {4}, true, java.nio.channels.FileChannel::write,
                false, AttentionFile.CHUNK_BYTES);
        file.close();
        assertThat(attentionFiles(tmp)).isEmpty();
        assertThatThrownBy(() -> file.write(0, new short[4])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void filesOfDeadProcessesAreSwept() throws Exception {
        Path dir = tmp.resolve("sweep");
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        long dead = p.pid();
        Path stale = dir.resolve(AttentionFile.PREFIX + dead + "-old" + AttentionFile.SUFFIX);
        Path mine = dir.resolve(AttentionFile.PREFIX + ProcessHandle.current().pid() + "-live" + AttentionFile.SUFFIX);
        Path other = dir.resolve("notes.txt");
        for (Path f : new Path[] {stale, mine, other}) {
            Files.writeString(f, "x");
        }
        AttentionFile.create(dir, new long[] {1}, true).close();
        assertThat(stale).doesNotExist();
        assertThat(mine).exists();
        assertThat(other).exists();
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Path dir = file.resolve("attention");
        assertThatThrownBy(() -> AttentionFile.create(dir, new long[] {4}, true))
                .isInstanceOf(AttentionStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("-D" + AttentionStorage.DIR_PROPERTY);
    }

    @Test
    void tooLittleFreeSpaceFailsBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> AttentionFile.create(tmp, new long[] {Long.MAX_VALUE / 8}, false))
                .isInstanceOf(AttentionStoreException.class)
                .hasMessageContaining("not enough free space")
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("-D" + AttentionStorage.DIR_PROPERTY);
        assertThat(attentionFiles(tmp)).isEmpty();
    }

    @Test
    void aFullDiskDuringTheWriteIsReportedAndTheFileRemoved() {
        AttentionFile file = AttentionFile.create(tmp, new long[] {4}, false, (ch, src, pos) -> {
            throw new IOException("No space left on device");
        }, false, AttentionFile.CHUNK_BYTES);
        assertThatThrownBy(() -> file.write(0, new float[4]))
                .isInstanceOf(AttentionStoreException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("Free some space");
        assertThat(attentionFiles(tmp)).isEmpty();
    }

    @Test
    void policyChoosesTheFileOverTheBudget() {
        AttentionStorage auto = new AttentionStorage(true, AttentionStorage.Placement.AUTO, tmp, 1000);
        assertThat(auto.mapped(1000)).isFalse();
        assertThat(auto.mapped(1001)).isTrue();
        assertThat(auto.withPlacement(AttentionStorage.Placement.HEAP).mapped(Long.MAX_VALUE)).isFalse();
        assertThat(auto.withPlacement(AttentionStorage.Placement.MAPPED).mapped(1)).isTrue();
        assertThat(auto.describe(2000)).contains("memory-mapped").contains(tmp.toString()).contains("float16");
        assertThat(auto.describe(10)).contains("on the heap");
        assertThat(AttentionStorage.defaultHeapBudget()).isPositive()
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 4);
        // ViViT-B, 32 frames: 12 layers × 12 heads × 3,137² values
        long vivit = AttentionRecord.bytesOf(AttentionType.JOINT_SPACE_TIME, TokenLayout.vivit(2), 12, 16, 14, 14, 12,
                true);
        assertThat(vivit).isEqualTo(12L * 12 * 3137 * 3137 * 2);
        long videoMae = AttentionRecord.bytesOf(AttentionType.JOINT_SPACE_TIME, TokenLayout.videoMae(2, true), 12, 8,
                14, 14, 12, false);
        assertThat(videoMae).isEqualTo(12L * 12 * 1568 * 1568 * 4);
    }

    private static java.util.List<Path> attentionFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(AttentionFile.PREFIX)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
