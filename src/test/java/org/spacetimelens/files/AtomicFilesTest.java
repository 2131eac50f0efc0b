package org.spacetimelens.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.pipeline.NpzWriter;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void completeWriteAppearsUnderItsNameWithNothingLeftOver() throws Exception {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, f -> Files.write(f, new byte[] {1, 2, 3}));
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(names()).containsExactly("a.bin");
    }

    @Test
    void failedWriteLeavesNeitherTargetNorTemporary() throws Exception {
        Path target = dir.resolve("b.bin");
        assertThatThrownBy(() -> AtomicFiles.write(target, f -> {
            Files.write(f, new byte[10]);
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(names()).isEmpty();
    }

    @Test
    void npzWhoseWriteFailedIsNotPutInPlace() throws Exception {
        Path npz = dir.resolve("maps.npz");
        try (NpzWriter w = new NpzWriter(npz)) {
            w.write("ok", new long[] {2}, new float[] {1, 2});
            assertThat(names()).as("only a hidden temporary while writing").allMatch(n -> n.startsWith(".maps.npz.partial-"));
            assertThatThrownBy(() -> w.write("bad", new long[] {3}, new float[] {1, 2}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(names()).isEmpty();
        try (NpzWriter w = new NpzWriter(npz)) {
            w.write("ok", new long[] {2}, new float[] {1, 2});
        }
        assertThat(names()).containsExactly("maps.npz");
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
