package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.render.Colormap;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Copy image carries its provenance: the clipboard holds the picture and the PNG + sidecar that the
 * screenshot (or, in compare mode, the compare figure) export writes, in the copies folder; the sidecar
 * replays to the same pixels, and the folder keeps the newest {@link ClipboardCopy#KEEP} copies.
 */
@ExtendWith(ApplicationExtension.class)
class ClipboardCopyTest {
    private ViewerHarness h;
    private String previousDir;
    @TempDir
    Path copies;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures();
        previousDir = System.getProperty(ClipboardCopy.DIR_PROPERTY);
        System.setProperty(ClipboardCopy.DIR_PROPERTY, copies.resolve("copies").toString());
    }

    @AfterEach
    void close() throws Exception {
        if (previousDir != null) {
            System.setProperty(ClipboardCopy.DIR_PROPERTY, previousDir);
        }
        h.close();
    }

    /** Runs Copy image and checks the clipboard and the two files; returns the sidecar. */
    private Path copyAndCheck() throws Exception {
        fx(() -> {
            Clipboard.getSystemClipboard().clear();
            h.window.actions().get("copy").run();
            return null;
        });
        // at once: the image and the two files named (no text, so a document pastes the picture)
        assertThat(fx(() -> Clipboard.getSystemClipboard().hasImage())).isTrue();
        assertThat(fx(() -> Clipboard.getSystemClipboard().hasString())).isFalse();
        List<File> files = fx(() -> Clipboard.getSystemClipboard().getFiles());
        assertThat(files).hasSize(2);
        Path png = files.get(0).toPath();
        Path sidecar = files.get(1).toPath();
        assertThat(png.getParent()).isEqualTo(copies.resolve("copies").toAbsolutePath());
        assertThat(png.getFileName().toString()).matches("copy-\\d{8}-\\d{6}-\\d{3}\\.png");
        assertThat(sidecar).isEqualTo(FileKinds.sidecarOf(png));
        waitUntil(() -> Files.exists(png) && Files.exists(sidecar) && !h.controller.isBusy());
        h.settle();
        // once written: the clipboard's image is the PNG's pixels, and the status line names the sidecar
        BufferedImage want = ImageIO.read(png.toFile());
        Image got = fx(() -> Clipboard.getSystemClipboard().getImage());
        assertThat((int) got.getWidth()).isEqualTo(want.getWidth());
        assertThat((int) got.getHeight()).isEqualTo(want.getHeight());
        int[] px = new int[want.getWidth() * want.getHeight()];
        got.getPixelReader().getPixels(0, 0, want.getWidth(), want.getHeight(), PixelFormat.getIntArgbInstance(), px,
                0, want.getWidth());
        assertThat(px).isEqualTo(want.getRGB(0, 0, want.getWidth(), want.getHeight(), null, 0, want.getWidth()));
        assertThat(fx(() -> Clipboard.getSystemClipboard().getFiles())).isEqualTo(files);
        assertThat(fx(() -> h.state.statusTextProperty().get())).contains(sidecar.toString());
        return sidecar;
    }

    /** {@code export --replay} of the sidecar into a new folder draws the same pixels as the copy's PNG. */
    private static void replaysToTheSamePixels(Path sidecar, Path out) throws Exception {
        Path png = sidecar.resolveSibling(sidecar.getFileName().toString().replace(".params.json", ".png"));
        assertThat(Main.commandLine().execute("export", "--replay", sidecar.toString(), "--out", out.toString()))
                .isZero();
        ScreenshotReplayTest.assertSamePixels(png, out.resolve(png.getFileName()));
    }

    @Test
    void copyInTheSingleViewCarriesTheScreenshotAndItsSidecar(@TempDir Path out) throws Exception {
        Path sidecar = copyAndCheck();
        JsonNode json = new ObjectMapper().readTree(sidecar.toFile());
        int playhead = fx(() -> h.state.playheadProperty().get());
        assertThat(json.at("/view/view").asText()).isEqualTo("frame");
        assertThat(json.at("/view/frame/frameIndex").asInt()).isEqualTo(playhead);
        assertThat(json.at("/replay").toString()).contains("--view-shot");
        replaysToTheSamePixels(sidecar, out.resolve("again"));
    }

    @Test
    void copyInCompareModeCarriesTheCompareFigureAndItsSidecar(@TempDir Path out) throws Exception {
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        waitUntil(() -> h.state.compare().drawnProperty().get() > 0);
        h.settle();
        long before = fx(() -> h.state.compare().drawnProperty().get());
        fx(() -> {
            h.state.compare().selectedProperty().set(1);
            h.state.colormapProperty().set(Colormap.VIRIDIS);
            h.state.compare().differenceProperty().set(true);
            return null;
        });
        waitUntil(() -> h.state.compare().drawnProperty().get() > before
                && h.state.compare().differenceMapsProperty().get() != null);
        h.settle();
        Path sidecar = copyAndCheck();
        JsonNode json = new ObjectMapper().readTree(sidecar.toFile());
        assertThat(json.get("command").asText()).isEqualTo(Sidecar.VIEWER_COMPARE);
        assertThat(json.at("/compare/panes").size()).isEqualTo(2);
        assertThat(json.at("/compare/panes/1/render/colormap").asText()).isEqualTo("viridis");
        assertThat(json.at("/compare/difference").asBoolean()).isTrue();
        replaysToTheSamePixels(sidecar, out.resolve("again"));
    }

    @Test
    void theCopiesFolderKeepsTheNewestFiftyWithTheirSidecars(@TempDir Path dir) throws Exception {
        LocalDateTime t0 = LocalDateTime.of(2026, 12, 3, 2, 0, 0);
        for (int i = 0; i < ClipboardCopy.KEEP + 5; i++) {
            Path png = ClipboardCopy.nextPng(dir, t0.plusSeconds(i));
            Files.writeString(png, "png " + i);
            Files.writeString(FileKinds.sidecarOf(png), "{}");
        }
        Path same = ClipboardCopy.nextPng(dir, t0); // taken: the next free millisecond
        assertThat(same.getFileName().toString()).isEqualTo("copy-20261203-020000-001.png");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThat(ClipboardCopy.prune(dir, ClipboardCopy.KEEP)).isEqualTo(5);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).hasSize(2 * ClipboardCopy.KEEP + 1).contains("notes.txt")
                    .contains("copy-20261203-020005-000.png", "copy-20261203-020005-000.params.json")
                    .doesNotContain("copy-20261203-020004-000.png", "copy-20261203-020004-000.params.json",
                            "copy-20261203-020000-000.png");
        }
    }
}
