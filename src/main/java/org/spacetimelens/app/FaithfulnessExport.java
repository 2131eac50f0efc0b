package org.spacetimelens.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.spacetimelens.evaluate.ClipFaithfulness;
import org.spacetimelens.evaluate.FaithfulnessChart;
import org.spacetimelens.evaluate.FaithfulnessFiles;
import org.spacetimelens.evaluate.FaithfulnessSidecar;
import org.spacetimelens.evaluate.RandomMethod;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.Fingerprint;
import org.spacetimelens.pipeline.InputKind;
import org.spacetimelens.pipeline.Provenance;
import org.spacetimelens.pipeline.ReplayArgs;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.pipeline.ToolInfo;

/**
 * Writes the Faithfulness pane's curves as {@code spacetime-lens evaluate} writes one clip's: the same
 * {@code faithfulness.json}, {@code .csv} and XChart {@code .png} (the {@code evaluate} package's writers,
 * so files and figures match the CLI's), and {@code faithfulness.params.json}, the CLI's sidecar with a
 * {@code replay} list: the {@code evaluate} arguments that recompute these curves (the clip's exact frames,
 * the map's options, S, class, seed and batch size).
 */
final class FaithfulnessExport {

    /** Every file the export writes, in the order written. */
    static final List<String> FILES = List.of(FaithfulnessFiles.JSON_NAME, FaithfulnessFiles.CSV_NAME,
            FaithfulnessFiles.PNG_NAME, FaithfulnessFiles.SIDECAR_NAME);

    private FaithfulnessExport() {
    }

    /** Writes the four files into {@code dir} (created if needed), replacing earlier ones of the same names. */
    static Path write(Path dir, FaithfulnessResult result) throws IOException, BackendException {
        FaithfulnessRequest q = result.request();
        ClipFaithfulness r = result.curves();
        VideoModel model = CoreModel.modelOf(q.model());
        Path video = q.analysis().key().video();
        List<String> labels = q.model().card().labels();
        Files.createDirectories(dir);
        FaithfulnessFiles.writeJson(dir.resolve(FaithfulnessFiles.JSON_NAME), r);
        FaithfulnessFiles.writeCsv(dir.resolve(FaithfulnessFiles.CSV_NAME), r);
        FaithfulnessChart.write(dir.resolve(FaithfulnessFiles.PNG_NAME), r, FaithfulnessChart.title(video, labels, r));
        Map<String, Object> sidecar = new LinkedHashMap<>(FaithfulnessSidecar.tree("viewer evaluate",
                FaithfulnessSidecar.checkpoint(q.model().card().path(), model, Provenance.sha256(model.weightsFile())),
                input(q, video, result.tensorShape()), options(result), r, labels, ToolInfo.VERSION));
        sidecar.put("replay", replay(result, dir));
        FaithfulnessFiles.writeTree(dir.resolve(FaithfulnessFiles.SIDECAR_NAME), sidecar);
        return dir;
    }

    /** The CLI's input part ({@link FaithfulnessSidecar#input}) for the analysed clip. */
    private static Map<String, Object> input(FaithfulnessRequest q, Path video, int[] shape) throws IOException {
        ClipAnalysis a = q.analysis();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("path", video.toAbsolutePath().normalize().toString());
        c.put("kind", InputKind.of(video).name().toLowerCase(Locale.ROOT));
        c.put("fingerprint", Fingerprint.of(video).describe());
        c.put("shape", shape);
        c.put("frameIndices", a.frameIndices());
        // The CLI's notes are its reader's warnings; the viewer reports those in View ▸ Messages instead.
        c.put("notes", List.of());
        return c;
    }

    /** The CLI's options part, key for key. */
    private static Map<String, Object> options(FaithfulnessResult result) {
        FaithfulnessRequest q = result.request();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("methods", q.methods());
        o.put("steps", q.steps());
        o.put("targetClass", q.target() == null ? null : String.valueOf(q.target()));
        o.put("seed", q.seed());
        o.put("randomRankings", RandomMethod.DEFAULT_COUNT);
        o.put("batchSize", result.batchSize());
        o.put("batchSizeGiven", false);
        o.put("rollout", q.params());
        o.put("sampling", Sampling.explicit(q.analysis().frameIndices()).describe());
        o.put("deviceOption", device(q));
        return o;
    }

    /** {@code evaluate} arguments that recompute these curves into {@code dir}. */
    static List<String> replay(FaithfulnessResult result, Path dir) {
        FaithfulnessRequest q = result.request();
        List<String> a = new ArrayList<>(List.of("evaluate",
                "--model", q.model().card().path().toAbsolutePath().normalize().toString(),
                "--device", device(q),
                "--clip", q.analysis().key().video().toAbsolutePath().normalize().toString(),
                "--frames", Arrays.stream(q.analysis().frameIndices()).mapToObj(String::valueOf)
                        .collect(Collectors.joining(","))));
        List<String> rollout = new ArrayList<>(ReplayArgs.rollout(q.params()));
        int m = rollout.indexOf("--method"); // evaluate names its maps with --methods
        rollout.subList(m, m + 2).clear();
        a.addAll(rollout);
        a.addAll(List.of("--methods", String.join(",", q.methods()), "--steps", String.valueOf(q.steps()),
                "--seed", String.valueOf(q.seed()), "--batch-size", String.valueOf(result.batchSize())));
        if (q.target() != null) {
            a.addAll(List.of("--target-class", String.valueOf(q.target())));
        }
        a.addAll(List.of("--out", dir.toAbsolutePath().normalize().toString()));
        return a;
    }

    private static String device(FaithfulnessRequest q) {
        return q.model().card().device().startsWith("gpu") ? "gpu" : "cpu";
    }
}
