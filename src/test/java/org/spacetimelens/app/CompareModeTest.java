package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.pipeline.CompareExport;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.MapDifference;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.RolloutParams;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Compare mode (issue 15): panes with their own map settings follow one playhead, hover reads out every
 * pane's value, the difference pane is A − B of the two maps, and the compare figure replays.
 */
@ExtendWith(ApplicationExtension.class)
class CompareModeTest {
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private CompareMode mode() {
        return h.state.compare();
    }

    /** Turns compare mode on, then gives pane B its own settings: layer 0 only, per-frame, viridis. */
    private void twoDifferentPanes() throws Exception {
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > 0);
        h.settle();
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            mode().selectedProperty().set(1); // the side panel now edits B
            h.state.singleLayerProperty().set(true);
            h.state.layerProperty().set(0);
            h.state.normalisationProperty().set(MapNormalization.PER_FRAME);
            h.state.colormapProperty().set(Colormap.VIRIDIS);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before);
        h.settle();
    }

    @Test
    void panesKeepTheirOwnSettingsAndTheSidePanelEditsTheSelectedOne() throws Exception {
        RolloutParams single = fx(() -> h.state.rolloutParams().get());
        twoDifferentPanes();
        ComparePane a = mode().panes().get(0);
        ComparePane b = mode().panes().get(1);
        assertThat(fx(() -> a.settings().rolloutParams().get())).isEqualTo(single);
        RolloutParams pb = fx(() -> b.settings().rolloutParams().get());
        assertThat(pb.upToLayer()).isEqualTo(0);
        assertThat(pb.normalization()).isEqualTo(MapNormalization.PER_FRAME);
        assertThat(fx(() -> b.settings().colormapProperty().get())).isEqualTo(Colormap.VIRIDIS);
        assertThat(fx(b::summary)).contains("layer 0").contains("per frame").contains("viridis");
        // selecting A puts A's settings back into the side panel
        fx(() -> {
            mode().selectedProperty().set(0);
            return null;
        });
        assertThat(fx(() -> h.state.rolloutParams().get())).isEqualTo(single);
        assertThat(fx(() -> h.state.colormapProperty().get())).isEqualTo(Colormap.JET);
        assertThat(fx(() -> b.settings().rolloutParams().get())).isEqualTo(pb);
        // each pane's maps are the core's maps for its own settings
        ClipAnalysis an = fx(() -> h.state.analysisProperty().get());
        h.settle();
        assertThat(fx(() -> a.mapsProperty().get().values())).isEqualTo(h.backend.maps(an, single).values());
        assertThat(fx(() -> b.mapsProperty().get().values())).isEqualTo(h.backend.maps(an, pb).values());
        assertThat(fx(() -> a.mapsProperty().get().values())).isNotEqualTo(fx(() -> b.mapsProperty().get().values()));
        // leaving compare mode with B selected: the single view is pane A again
        fx(() -> {
            mode().selectedProperty().set(1);
            return null;
        });
        assertThat(fx(() -> h.state.rolloutParams().get())).isEqualTo(pb);
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        assertThat(fx(() -> mode().activeProperty().get())).isFalse();
        assertThat(fx(() -> h.state.rolloutParams().get())).isEqualTo(single);
        assertThat(fx(() -> h.state.colormapProperty().get())).isEqualTo(Colormap.JET);
    }

    @Test
    void twoPanesFollowOnePlayhead() throws Exception {
        twoDifferentPanes();
        ClipAnalysis an = fx(() -> h.state.analysisProperty().get());
        for (int t : new int[] {3, 1}) {
            int frame = an.frameIndices()[t];
            long before = fx(() -> mode().drawnProperty().get());
            fx(() -> {
                h.state.playheadProperty().set(frame);
                return null;
            });
            waitUntil(() -> mode().drawnProperty().get() > before && mode().shownFrameProperty().get() == frame);
            h.settle();
            assertThat(fx(() -> mode().shownClipFrameProperty().get())).isEqualTo(t);
            assertThat(fx(() -> h.state.shownClipFrameProperty().get())).isEqualTo(t); // the timeline's mark
            for (ComparePane p : fx(() -> mode().shownPanes())) {
                assertThat(fx(() -> p.imageProperty().get())).as(p.label()).isNotNull();
                assertThat(fx(() -> p.mapsProperty().get())).as(p.label()).isNotNull();
            }
            // the two panes show the same frame, each with its own map drawn on it
            javafx.scene.image.Image ia = fx(() -> mode().panes().get(0).imageProperty().get());
            javafx.scene.image.Image ib = fx(() -> mode().panes().get(1).imageProperty().get());
            assertThat(ia.getWidth()).isEqualTo(ib.getWidth());
            assertThat(ia).isNotSameAs(ib);
        }
        // four panes: C and D start as copies and are drawn on the same frame
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            h.window.actions().get("comparePanes4").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before);
        h.settle();
        assertThat(fx(() -> mode().shownPanes().size())).isEqualTo(4);
        assertThat(fx(() -> mode().panes().get(3).imageProperty().get())).isNotNull();
    }

    @Test
    void hoverReadsOutTheValueOfEveryPaneUnderTheCursor() throws Exception {
        twoDifferentPanes();
        CompareView view = h.window.compareView();
        // the centre of the picture area of a pane: inside the model's crop
        String text = fx(() -> {
            view.hover(view.shownCells().get(0).getWidth() / 2, (view.shownCells().get(0).getHeight() - 24) / 2);
            return mode().readOutProperty().get();
        });
        int t = fx(() -> mode().shownClipFrameProperty().get());
        assertThat(text).startsWith("token (y ");
        String[] yx = text.substring("token (y ".length()).split("[ ,)]+");
        int y = Integer.parseInt(yx[0]);
        int x = Integer.parseInt(yx[2]);
        AttentionMaps a = fx(() -> mode().panes().get(0).mapsProperty().get());
        AttentionMaps b = fx(() -> mode().panes().get(1).mapsProperty().get());
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "A %.3f", a.at(t, y, x)));
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "B %.3f", b.at(t, y, x)));
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "A − B %+.3f", a.at(t, y, x) - b.at(t, y, x))
                .replace('-', '−'));
        assertThat(CompareReadOut.values(text)).startsWith("A ").doesNotContain("token");
        assertThat(fx(() -> h.state.hoverTextProperty().get())).isEqualTo(text); // status bar too
        // leaving the panes clears it
        assertThat(fx(() -> {
            view.hover(Double.NaN, Double.NaN);
            return mode().readOutProperty().get();
        })).isEmpty();
    }

    @Test
    void theDifferencePaneIsAMinusBOfTheTwoMaps() throws Exception {
        twoDifferentPanes();
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            h.window.actions().get("compareDifference").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before && mode().differenceMapsProperty().get() != null);
        h.settle();
        ClipAnalysis an = fx(() -> h.state.analysisProperty().get());
        // independently: the core's maps for each pane's settings, subtracted here
        float[] a = h.backend.maps(an, fx(() -> mode().panes().get(0).settings().rolloutParams().get())).values();
        float[] b = h.backend.maps(an, fx(() -> mode().panes().get(1).settings().rolloutParams().get())).values();
        MapDifference d = fx(() -> mode().differenceMapsProperty().get());
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(d.values()[i]).isEqualTo(a[i] - b[i]);
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertThat(d.range()).isEqualTo(max);
        assertThat(fx(() -> mode().differenceImageProperty().get())).isNotNull();
        assertThat(fx(() -> mode().differenceUnitsProperty().get())).isEqualTo("map values; A and B normalised "
                + "differently");
        javafx.scene.Node cell = fx(() -> h.window.root().lookup("#compareCell-diff"));
        assertThat(fx(cell::isVisible)).isTrue();
    }

    @Test
    void theCompareFigureAndItsOneSidecarReplayToTheSamePixels(@TempDir Path dir) throws Exception {
        twoDifferentPanes();
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            mode().differenceProperty().set(true);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before);
        h.settle();
        Path png = dir.resolve("cmp.png");
        fx(() -> {
            CompareExports.export(h.controller, png, 1);
            return null;
        });
        Path side = CompareExport.sidecarOf(png);
        waitUntil(() -> Files.exists(png) && Files.exists(side));
        h.settle();
        JsonNode json = new ObjectMapper().readTree(side.toFile());
        assertThat(json.get("schema").asInt()).isEqualTo(Sidecar.COMPARE_SCHEMA);
        assertThat(json.get("command").asText()).isEqualTo(Sidecar.VIEWER_COMPARE);
        assertThat(json.get("artefact").asText()).isEqualTo("cmp.png");
        JsonNode panes = json.get("compare").get("panes");
        assertThat(panes).hasSize(2);
        assertThat(panes.get(0).get("label").asText()).isEqualTo("A");
        assertThat(panes.get(1).get("rollout").get("upToLayer").asInt()).isEqualTo(0);
        assertThat(panes.get(1).get("render").get("colormap").asText()).isEqualTo("viridis");
        assertThat(json.get("compare").get("difference").asBoolean()).isTrue();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("cmp.params.json", "cmp.png"); // one figure, one sidecar, nothing else
        }

        Path again = dir.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", side.toString(), "--out", again.toString()))
                .isEqualTo(0);
        BufferedImage want = ImageIO.read(png.toFile());
        BufferedImage got = ImageIO.read(again.resolve("cmp.png").toFile());
        assertThat(got.getWidth()).isEqualTo(want.getWidth());
        assertThat(got.getHeight()).isEqualTo(want.getHeight());
        assertThat(got.getRGB(0, 0, got.getWidth(), got.getHeight(), null, 0, got.getWidth()))
                .isEqualTo(want.getRGB(0, 0, want.getWidth(), want.getHeight(), null, 0, want.getWidth()));
        assertThat(Files.exists(again.resolve("cmp.params.json"))).isTrue();
        // without --force a second replay into the same folder refuses
        assertThat(Main.commandLine().execute("export", "--replay", side.toString(), "--out", again.toString()))
                .isEqualTo(1);
        // in place (the figure gone, its sidecar kept): the figure comes back, the sidecar stays as it was
        byte[] sidecarBytes = Files.readAllBytes(side);
        Files.delete(png);
        assertThat(Main.commandLine().execute("export", "--replay", side.toString())).isEqualTo(0);
        BufferedImage inPlace = ImageIO.read(png.toFile());
        assertThat(inPlace.getRGB(0, 0, inPlace.getWidth(), inPlace.getHeight(), null, 0, inPlace.getWidth()))
                .isEqualTo(want.getRGB(0, 0, want.getWidth(), want.getHeight(), null, 0, want.getWidth()));
        assertThat(Files.readAllBytes(side)).isEqualTo(sidecarBytes);
    }

    /** Opens {@code model} for pane B and waits until B has drawn from it. */
    private void openForB(Path model) throws Exception {
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > 0);
        h.settle();
        fx(() -> {
            h.controller.compare().openPaneModel(mode().panes().get(1), model);
            return null;
        });
        waitUntil(() -> mode().panes().get(1).ownAnalysisProperty().get() != null);
        h.settle();
    }

    @Test
    void aPaneCanRunASecondCheckpointOnTheSameFramesAndTheFigureReplaysIt(@TempDir Path dir) throws Exception {
        Path second = ViewerFixtures.checkpoint(dir.resolve("second"), ViewerFixtures.tinyConfig(), 12);
        openForB(second);
        ComparePane b = mode().panes().get(1);
        ClipAnalysis window = fx(() -> h.state.analysisProperty().get());
        ClipAnalysis own = fx(() -> b.ownAnalysisProperty().get());
        assertThat(own.frameIndices()).isEqualTo(window.frameIndices()); // same clip and frames
        assertThat(own.key().model()).isEqualTo(second.toAbsolutePath().normalize());
        assertThat(fx(b::summary)).startsWith(fx(() -> b.ownModel().card().name()));
        RolloutParams params = fx(() -> b.settings().rolloutParams().get());
        assertThat(params).isEqualTo(fx(() -> mode().panes().get(0).settings().rolloutParams().get()));
        assertThat(fx(() -> b.mapsProperty().get().values())).isEqualTo(h.backend.maps(own, params).values())
                .isNotEqualTo(h.backend.maps(window, params).values());
        assertThat(fx(() -> b.messageProperty().get())).isEmpty(); // same geometry: nothing to say

        Path png = dir.resolve("two-models.png");
        fx(() -> {
            CompareExports.export(h.controller, png, 1);
            return null;
        });
        waitUntil(() -> Files.exists(png) && Files.exists(CompareExport.sidecarOf(png)));
        h.settle();
        JsonNode panes = new ObjectMapper().readTree(CompareExport.sidecarOf(png).toFile()).get("compare").get("panes");
        assertThat(panes.get(1).get("checkpoint").get("path").asText())
                .isEqualTo(second.toAbsolutePath().normalize().toString());
        assertThat(panes.get(0).get("checkpoint").get("path").asText())
                .isEqualTo(ViewerHarness.model().toAbsolutePath().normalize().toString());
        Path again = dir.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", CompareExport.sidecarOf(png).toString(), "--out",
                again.toString())).isEqualTo(0);
        BufferedImage want = ImageIO.read(png.toFile());
        BufferedImage got = ImageIO.read(again.resolve("two-models.png").toFile());
        assertThat(got.getRGB(0, 0, got.getWidth(), got.getHeight(), null, 0, got.getWidth()))
                .isEqualTo(want.getRGB(0, 0, want.getWidth(), want.getHeight(), null, 0, want.getWidth()));
    }

    @Test
    void aSecondModelWithAnotherGridIsNamedAndHasNoDifference(@TempDir Path dir) throws Exception {
        Path coarse = ViewerFixtures.checkpoint(dir.resolve("coarse"), org.spacetimelens.model.testing.TinyConfigs.of(
                org.spacetimelens.model.AttentionType.DIVIDED_SPACE_TIME, 2, 24, 3, 4, 32, 16, 5), 13);
        openForB(coarse);
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            mode().differenceProperty().set(true);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before);
        h.settle();
        assertThat(fx(() -> mode().panes().get(1).messageProperty().get()))
                .contains("B's model sees 2×2 patches").contains("the window's 4×4");
        assertThat(fx(() -> mode().differenceMapsProperty().get())).isNull();
        assertThat(fx(() -> mode().differenceMessageProperty().get())).contains("different shapes")
                .contains("A is 4×4×4").contains("B is 4×2×2");
    }

    @Test
    void compareIsInTheRegistryWithItsKeysAndLeavesTheGridOff() throws Exception {
        List<String> keys = fx(() -> h.window.shortcuts().stream().map(KeyMap.Shortcut::keys).toList());
        assertThat(keys).contains("C", "4", "D", "Ctrl+Shift+E");
        fx(() -> {
            h.state.gridModeProperty().set(true);
            mode().activeProperty().set(true);
            return null;
        });
        assertThat(fx(() -> h.state.gridModeProperty().get())).isFalse();
        fx(() -> {
            h.state.gridModeProperty().set(true);
            return null;
        });
        assertThat(fx(() -> mode().activeProperty().get())).isFalse();
    }
}
