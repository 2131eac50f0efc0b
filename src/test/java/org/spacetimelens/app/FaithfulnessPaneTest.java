package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.evaluate.ClipFaithfulness;
import org.spacetimelens.evaluate.Curves;
import org.spacetimelens.evaluate.FaithfulnessEvaluator;
import org.spacetimelens.evaluate.FaithfulnessFiles;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.RolloutParams;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Faithfulness window on the real viewer and core (tiny random checkpoint, frame-folder video): its
 * curves are the core evaluator's for the same clip and options, a change of the map's options re-runs it
 * and only the last run's curves are shown, its export is the CLI's {@code evaluate} output (the sidecar's
 * replay, run through the CLI, writes the same numbers), and closing it mid-run leaves nothing behind.
 */
@ExtendWith(ApplicationExtension.class)
class FaithfulnessPaneTest {
    private static final double TOL = 1e-6;
    private ViewerHarness h;
    private FaithfulnessWindow w;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures();
        w = h.window.faithfulness();
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            w.close();
            return null;
        });
        h.close();
    }

    @Test
    void theCurvesAreTheCoreEvaluatorsForTheShownClipAndOptions() throws Exception {
        FaithfulnessResult r = showAndWait();
        RolloutParams shown = fx(() -> h.state.rolloutParams().get());
        assertThat(r.request().params()).isEqualTo(shown);
        assertThat(r.request().methods()).containsExactly(RankingMethods.ROLLOUT, RankingMethods.RANDOM);
        assertThat(r.curves().steps()).isEqualTo(FaithfulnessEvaluator.DEFAULT_STEPS);
        assertSameAsCore(r);

        // The chart plots exactly these numbers, and each legend names the AUCs.
        FaithfulnessPane pane = w.pane();
        List<Double> plotted = fx(() -> pane.deletionChart().getData().get(0).getData().stream()
                .map(d -> d.getYValue().doubleValue()).toList());
        double[] del = r.curves().methods().get(RankingMethods.ROLLOUT).deletion();
        assertThat(plotted).hasSize(del.length);
        for (int s = 0; s < del.length; s++) {
            assertThat(plotted.get(s)).isEqualTo(del[s]);
        }
        List<String> names = fx(() -> pane.insertionChart().getData().stream().map(XYChart.Series::getName).toList());
        assertThat(names).hasSize(4);
        assertThat(names.get(0)).startsWith("rollout (AUC ");
        assertThat(names.get(1)).startsWith("random (AUC ");
        assertThat(names.get(2)).startsWith("clean clip p = ");
        assertThat(names.get(3)).startsWith("empty clip p = ");
        assertThat(fx(() -> ((javafx.scene.control.Label) pane.lookup("#faithBelongs")).getText()))
                .startsWith("Curves for: ").contains("frames " + r.request().analysis().frameIndices()[0]);
    }

    @Test
    void aChangedOptionReRunsAndOnlyTheLastRunsCurvesAreShown() throws Exception {
        FaithfulnessResult first = showAndWait();
        List<FaithfulnessResult> seen = new CopyOnWriteArrayList<>();
        fx(() -> {
            w.runner().resultProperty().addListener((o, a, b) -> seen.add(b));
            return null;
        });
        int runs = fx(() -> w.runner().runsStarted());
        Hold hold = new Hold();
        w.runner().setBatchHook(hold);

        // Option A starts a run, held after its first batch; option B supersedes it while it is held.
        fx(() -> {
            h.state.layerProperty().set(0);
            return null;
        });
        assertThat(hold.entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fx(() -> w.runner().currentProperty().get())).as("curves of the old options are not current")
                .isFalse();
        assertThat(fx(() -> ((javafx.scene.control.Label) w.pane().lookup("#faithBelongs")).getText()))
                .startsWith("OUT OF DATE");
        fx(() -> {
            h.state.fusionProperty().set(HeadFusion.MAX);
            return null;
        });
        Thread.sleep(FaithfulnessRunner.DEBOUNCE_MS + 200); // B is submitted, A is cancelled
        hold.release();
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        h.settle();

        FaithfulnessResult last = fx(() -> w.runner().resultProperty().get());
        RolloutParams shown = fx(() -> h.state.rolloutParams().get());
        assertThat(fx(() -> w.runner().runsStarted())).isGreaterThanOrEqualTo(runs + 2);
        assertThat(shown.upToLayer()).isZero();
        assertThat(shown.fusion()).isEqualTo(HeadFusion.MAX);
        assertThat(last.request().params()).isEqualTo(shown);
        assertThat(last).isNotSameAs(first);
        assertThat(seen).as("the superseded run's curves never reach the pane").allSatisfy(
                r -> assertThat(r.request().params()).isEqualTo(shown));
        assertSameAsCore(last);

        // S is an option too.
        fx(() -> {
            w.runner().stepsProperty().set(8);
            return null;
        });
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        FaithfulnessResult eight = fx(() -> w.runner().resultProperty().get());
        assertThat(eight.curves().steps()).isEqualTo(8);
        assertSameAsCore(eight);

        // And the class: a chosen one is followed instead of the top class.
        int top = eight.curves().targetClass();
        int other = (top + 1) % 5;
        fx(() -> {
            w.runner().targetProperty().set(other);
            return null;
        });
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        FaithfulnessResult chosen = fx(() -> w.runner().resultProperty().get());
        assertThat(chosen.curves().targetClass()).isEqualTo(other);
        assertThat(chosen.curves().targetChosen()).isTrue();
        assertSameAsCore(chosen);
    }

    @Test
    void theExportIsTheClisEvaluateOutputAndItsReplayReproducesIt(@TempDir Path dir) throws Exception {
        fx(() -> {
            h.state.startLayerProperty().set(1);
            h.state.residualWeightProperty().set(0.3);
            return null;
        });
        h.settle();
        FaithfulnessResult r = showAndWait();
        Path viewer = dir.resolve("viewer");
        fx(() -> {
            w.export(viewer);
            return null;
        });
        h.settle();
        for (String f : FaithfulnessExport.FILES) {
            assertThat(viewer.resolve(f)).exists();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode sidecar = json.readTree(viewer.resolve(FaithfulnessFiles.SIDECAR_NAME).toFile());
        List<String> replay = new ArrayList<>();
        sidecar.get("replay").forEach(a -> replay.add(a.asText()));
        assertThat(replay.get(0)).isEqualTo("evaluate");
        Path cli = dir.resolve("cli");
        replay.set(replay.indexOf("--out") + 1, cli.toString());
        int code = Main.commandLine().execute(replay.toArray(String[]::new));
        assertThat(code).as("evaluate %s", replay).isZero();

        JsonNode a = json.readTree(viewer.resolve(FaithfulnessFiles.JSON_NAME).toFile());
        JsonNode b = json.readTree(cli.resolve(FaithfulnessFiles.JSON_NAME).toFile());
        assertSameLayout(a, b, "");
        assertThat(a.get("target_class").asInt()).isEqualTo(r.curves().targetClass());
        assertThat(a.at("/methods/rollout/deletion").size()).isEqualTo(r.curves().steps() + 1);
        // Same CSV rows, same figure size (both drawn by the evaluate package).
        assertThat(Files.readAllLines(viewer.resolve(FaithfulnessFiles.CSV_NAME)).get(0))
                .isEqualTo(Files.readAllLines(cli.resolve(FaithfulnessFiles.CSV_NAME)).get(0));
        assertThat(Files.readAllLines(viewer.resolve(FaithfulnessFiles.CSV_NAME)))
                .hasSameSizeAs(Files.readAllLines(cli.resolve(FaithfulnessFiles.CSV_NAME)));
        var pv = ImageIO.read(viewer.resolve(FaithfulnessFiles.PNG_NAME).toFile());
        var pc = ImageIO.read(cli.resolve(FaithfulnessFiles.PNG_NAME).toFile());
        assertThat(pv.getWidth()).isEqualTo(pc.getWidth());
        assertThat(pv.getHeight()).isEqualTo(pc.getHeight());
        // The sidecar: the CLI's fields, plus the replay.
        JsonNode cs = json.readTree(cli.resolve(FaithfulnessFiles.SIDECAR_NAME).toFile());
        List<String> viewerKeys = new ArrayList<>();
        sidecar.fieldNames().forEachRemaining(viewerKeys::add);
        List<String> cliKeys = new ArrayList<>();
        cs.fieldNames().forEachRemaining(cliKeys::add);
        cliKeys.add("replay");
        assertThat(viewerKeys).containsExactlyElementsOf(cliKeys);
        for (String part : List.of("options", "input", "checkpoint", "result")) {
            List<String> x = new ArrayList<>();
            sidecar.get(part).fieldNames().forEachRemaining(x::add);
            List<String> y = new ArrayList<>();
            cs.get(part).fieldNames().forEachRemaining(y::add);
            assertThat(x).as(part).containsExactlyElementsOf(y);
        }
        assertThat(sidecar.at("/options/rollout")).isEqualTo(cs.at("/options/rollout"));
        assertThat(sidecar.at("/input/frameIndices")).isEqualTo(cs.at("/input/frameIndices"));
        assertThat(sidecar.at("/input/shape")).isEqualTo(cs.at("/input/shape"));
        assertThat(sidecar.at("/checkpoint/sha256")).isEqualTo(cs.at("/checkpoint/sha256"));
    }

    @Test
    void closingTheWindowMidRunLeavesNoStaleStateAndReopeningComputesAfresh() throws Exception {
        Hold hold = new Hold();
        w.runner().setBatchHook(hold);
        fx(() -> {
            w.show();
            return null;
        });
        assertThat(hold.entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fx(() -> h.controller.isBusy())).isTrue();
        fx(() -> {
            w.close();
            return null;
        });
        hold.release();
        h.settle();
        assertThat(fx(() -> w.runner().service().isRunning())).isFalse();
        assertThat(fx(() -> w.runner().resultProperty().get())).as("the cancelled run's curves are dropped").isNull();
        assertThat(fx(() -> w.runner().currentResult())).isNull();
        assertThat(fx(() -> w.runner().statusProperty().get())).isEqualTo("Not computed.");
        // Closed, it computes nothing when the view changes.
        int runs = fx(() -> w.runner().runsStarted());
        fx(() -> {
            h.state.layerProperty().set(0);
            return null;
        });
        Thread.sleep(FaithfulnessRunner.DEBOUNCE_MS + 200);
        h.settle();
        assertThat(fx(() -> w.runner().runsStarted())).isEqualTo(runs);

        FaithfulnessResult r = showAndWait();
        assertThat(r.request().params()).isEqualTo(fx(() -> h.state.rolloutParams().get()));
        assertSameAsCore(r);
    }

    @Test
    void theExportDialogWritesTheCurvesWithTheRestOnlyWhenTheyAreCurrent(@TempDir Path dir) throws Exception {
        var before = fx(() -> h.window.exports().exportDialog());
        assertThat(fx(() -> before.getDialogPane().lookup("#exportFaithfulness").isDisabled()))
                .as("no curves yet: nothing to offer").isTrue();
        fx(() -> {
            before.close();
            return null;
        });
        showAndWait();
        var d = fx(() -> h.window.exports().exportDialog());
        fx(() -> {
            var box = (javafx.scene.control.CheckBox) d.getDialogPane().lookup("#exportFaithfulness");
            assertThat(box.isDisabled()).isFalse();
            assertThat(box.isSelected()).isTrue();
            ((javafx.scene.control.TextField) d.getDialogPane().lookup("#exportFolder")).setText(dir.toString());
            ((javafx.scene.control.Button) d.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK)).fire();
            return null;
        });
        h.settle();
        assertThat(dir.resolve("sheet.png")).exists();
        assertThat(dir.resolve("params.json")).exists();
        for (String f : FaithfulnessExport.FILES) {
            assertThat(dir.resolve(f)).exists();
        }
    }

    @Test
    void whileTheVideoPlaysTheCurvesWaitAndComeWhenItStops() throws Exception {
        fx(() -> {
            h.state.playingProperty().set(true);
            w.show();
            return null;
        });
        Thread.sleep(FaithfulnessRunner.DEBOUNCE_MS + 300);
        assertThat(fx(() -> w.runner().runsStarted())).isZero();
        assertThat(fx(() -> w.runner().statusProperty().get())).startsWith("Paused while the video plays");
        fx(() -> {
            h.state.playingProperty().set(false);
            return null;
        });
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        assertSameAsCore(fx(() -> w.runner().resultProperty().get()));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Opens the window and waits for curves of the current view. */
    private FaithfulnessResult showAndWait() throws Exception {
        fx(() -> {
            w.show();
            return null;
        });
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        return fx(() -> w.runner().resultProperty().get());
    }

    /**
     * The core evaluator, as {@code evaluate} runs it by default (seed 0, the view's map and random), on the
     * clip the viewer shows now, read and preprocessed by the CLI's path, with the view's options, S and
     * class, gives the pane's curves.
     */
    private void assertSameAsCore(FaithfulnessResult r) throws Exception {
        RolloutParams shown = fx(() -> h.state.rolloutParams().get());
        int[] frames = fx(() -> h.state.analysisProperty().get().frameIndices());
        int steps = fx(() -> w.runner().stepsProperty().get());
        Integer target = fx(() -> w.runner().target());
        List<String> methods = List.of(shown.method().name().toLowerCase(java.util.Locale.ROOT), RankingMethods.RANDOM);
        try (VideoModel net = ModelLoader.load(ViewerHarness.model(), TimeSformer.LoadOptions.defaults());
                LoadedClip clip = LoadedClip.load(ViewerHarness.video(), Sampling.explicit(frames), net.preprocess(),
                        net.geometry().numFrames(), false)) {
            ClipFaithfulness core = new FaithfulnessEvaluator(net, r.batchSize()).evaluate(clip.tensor(),
                    RankingMethods.of(methods, new RankingMethods.Options(shown, 0)), steps, target);
            ClipFaithfulness pane = r.curves();
            assertThat(pane.targetClass()).isEqualTo(core.targetClass());
            assertThat(pane.cleanProbability()).isCloseTo(core.cleanProbability(), within(TOL));
            assertThat(pane.emptyProbability()).isCloseTo(core.emptyProbability(), within(TOL));
            assertThat(pane.methods().keySet()).containsExactlyElementsOf(core.methods().keySet());
            for (Map.Entry<String, Curves> e : core.methods().entrySet()) {
                Curves p = pane.methods().get(e.getKey());
                Curves c = e.getValue();
                for (int s = 0; s <= steps; s++) {
                    assertThat(p.deletion()[s]).as("%s deletion %d", e.getKey(), s).isCloseTo(c.deletion()[s], within(TOL));
                    assertThat(p.insertion()[s]).as("%s insertion %d", e.getKey(), s)
                            .isCloseTo(c.insertion()[s], within(TOL));
                }
                assertThat(p.deletionAuc()).isCloseTo(c.deletionAuc(), within(TOL));
                assertThat(p.insertionAuc()).isCloseTo(c.insertionAuc(), within(TOL));
            }
        }
    }

    /** Same keys in the same order, same array lengths, numbers within {@link #TOL}. */
    private static void assertSameLayout(JsonNode a, JsonNode b, String at) {
        assertThat(a.getNodeType()).as(at).isEqualTo(b.getNodeType());
        if (a.isObject()) {
            List<String> ka = new ArrayList<>();
            a.fieldNames().forEachRemaining(ka::add);
            List<String> kb = new ArrayList<>();
            b.fieldNames().forEachRemaining(kb::add);
            assertThat(ka).as(at).containsExactlyElementsOf(kb);
            for (String k : ka) {
                assertSameLayout(a.get(k), b.get(k), at + "/" + k);
            }
        } else if (a.isArray()) {
            assertThat(a.size()).as(at).isEqualTo(b.size());
            Iterator<JsonNode> i = a.elements();
            Iterator<JsonNode> j = b.elements();
            int n = 0;
            while (i.hasNext()) {
                assertSameLayout(i.next(), j.next(), at + "/" + n++);
            }
        } else if (a.isNumber()) {
            assertThat(a.asDouble()).as(at).isCloseTo(b.asDouble(), within(TOL));
        } else {
            assertThat(a).as(at).isEqualTo(b);
        }
    }

    /** Holds the first batch of the next run until {@link #release}. */
    private static final class Hold implements FaithfulnessJob.BatchHook {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicBoolean armed = new AtomicBoolean(true);

        @Override
        public void batchDone(int done, int total) {
            if (armed.getAndSet(false)) {
                entered.countDown();
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void release() {
            gate.countDown();
        }
    }
}
