package org.spacetimelens.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files appear under their final name only when complete; the overwrite check names what exists. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriterThatDiesHalfWayLeavesNoFileUnderTheFinalName() throws IOException {
        Path target = dir.resolve("maps.npz");
        Path[] seen = new Path[1];
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            seen[0] = tmp;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(new byte[1000]);
                throw new IOException("disk full");
            }
        })).hasMessage("disk full");
        assertThat(names()).isEmpty(); // neither the final name nor the temporary one
        assertThat(seen[0].getParent()).isEqualTo(dir.toAbsolutePath());
        assertThat(seen[0].getFileName().toString()).startsWith(".maps.partial-").endsWith(".npz");
        assertThat(AtomicFiles.isTemporary(seen[0])).isTrue();
    }

    @Test
    void anExistingFileIsIntactAfterAFailedWriteAndReplacedAfterASuccessfulOne() throws Exception {
        Path target = Files.writeString(dir.resolve("sheet.png"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IllegalStateException("interrupted");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(names()).containsExactly("sheet.png");

        String r = AtomicFiles.write(target, tmp -> {
            assertThat(Files.exists(tmp)).isFalse(); // the writer creates it (with the usual permissions)
            Files.writeString(tmp, "new");
            return "done";
        });
        assertThat(r).isEqualTo("done");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(names()).containsExactly("sheet.png");
    }

    @Test
    void aWritersErrorNamesTheFinalFileNotTheTemporaryOne() {
        Path target = dir.resolve("overlay.mp4");
        assertThatThrownBy(() -> AtomicFiles.write(target, tmp -> {
            throw new IOException("cannot open " + tmp + " for writing");
        })).hasMessage("cannot open " + target.toAbsolutePath() + " for writing");
    }

    @Test
    void aWriterThatWritesNothingFails() {
        assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("x.json"), tmp -> null))
                .isInstanceOf(IOException.class).hasMessageContaining("nothing was written");
    }

    @Test
    void sidecarsAreNamedPerArtefact() {
        assertThat(ExportFiles.sidecar(ExportFormat.SHEET)).isEqualTo("sheet.params.json");
        assertThat(ExportFiles.sidecar(ExportFormat.NPZ)).isEqualTo("maps.params.json");
        assertThat(ExportFiles.sidecar(ExportFormat.PNG)).isEqualTo("overlays.params.json");
        for (ExportFormat f : List.of(ExportFormat.MP4, ExportFormat.GIF, ExportFormat.WEBM)) {
            assertThat(ExportFiles.sidecar(f)).isEqualTo("overlay." + f.id() + ".params.json");
        }
        assertThat(Stream.of(ExportFormat.values()).map(ExportFiles::sidecar).distinct()).hasSize(6);
    }

    @Test
    void conflictsListWhatAnExportWouldReplace() throws Exception {
        Set<ExportFormat> sheetAndPngs = EnumSet.of(ExportFormat.SHEET, ExportFormat.PNG);
        assertThat(ExportFiles.conflicts(dir.resolve("absent"), sheetAndPngs)).isEmpty();
        assertThat(ExportFiles.conflicts(dir, sheetAndPngs)).isEmpty();
        Files.writeString(dir.resolve("sheet.params.json"), "{}");
        Files.writeString(dir.resolve("maps.npz"), "x"); // not asked for: no conflict
        Path pngs = Files.createDirectories(dir.resolve("overlays"));
        Files.writeString(pngs.resolve("overlay_t00_000004.png"), "x");
        Files.writeString(pngs.resolve("notes.txt"), "x");
        Files.writeString(dir.resolve("params.json"), "{}");
        assertThat(ExportFiles.conflicts(dir, sheetAndPngs)).containsExactly(pngs.resolve("overlay_t00_000004.png"),
                dir.resolve("sheet.params.json"), dir.resolve("params.json"));

        assertThatThrownBy(() -> ExportFiles.check(dir, sheetAndPngs, Overwrite.REFUSE))
                .isInstanceOf(ExportFiles.ExistsException.class)
                .hasMessage(pngs.resolve("overlay_t00_000004.png") + " already exists (and 2 more files this export "
                        + "writes); refusing to overwrite: choose another output folder or allow replacing (--force)");
        ExportFiles.check(dir, sheetAndPngs, Overwrite.REPLACE); // no exception
    }
}
