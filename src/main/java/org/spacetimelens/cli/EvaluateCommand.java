package org.spacetimelens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.spacetimelens.demo.ClipTensors;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.demo.DemoBuild;
import org.spacetimelens.demo.SceneGenerator;
import org.spacetimelens.demo.TerminalProgress;
import org.spacetimelens.evaluate.ClipFaithfulness;
import org.spacetimelens.evaluate.ClipRows;
import org.spacetimelens.evaluate.Curves;
import org.spacetimelens.evaluate.DatasetRun;
import org.spacetimelens.evaluate.DatasetSummary;
import org.spacetimelens.evaluate.FaithfulnessChart;
import org.spacetimelens.evaluate.FaithfulnessEvaluator;
import org.spacetimelens.evaluate.FaithfulnessFiles;
import org.spacetimelens.evaluate.FaithfulnessSidecar;
import org.spacetimelens.evaluate.MeanCurves;
import org.spacetimelens.evaluate.RankingMethod;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.BatchExport;
import org.spacetimelens.pipeline.InputKind;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Provenance;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: deletion and insertion curves of attention maps (ROLLOUT.md, "Faithfulness: the
 * perturbation protocol") for one clip, a folder of videos ({@code --batch}, shardable), fresh synthetic
 * demo scenes ({@code --synthetic}), or merged shards ({@code --merge}). The work is done by the
 * {@code evaluate} package; this class turns flags into options and writes the files.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Faithfulness of attention maps: deletion and insertion curves and their AUCs (ROLLOUT.md).",
            "With no --model/--clip the bundled demo model and video are used."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:everything was written",
            "1:bad input or options (one line on stderr; --verbose for the stack trace)",
            "3:--batch: some inputs failed (each reported on one line); the others were written",
            "70:internal error"},
        footerHeading = "%nNotes:%n",
        footer = {
            "One clip: OUT/faithfulness.json {target_class, steps, methods: {NAME: {deletion, insertion, auc}}}, "
                + "faithfulness.csv (a row per method and step), faithfulness.png, faithfulness.params.json.",
            "Data sets (--batch, --synthetic, --merge): OUT/<clip>/faithfulness.json and .csv per clip, "
                + "OUT/faithfulness-clips.csv (a row per clip and method), OUT/faithfulness-summary.json and .md "
                + "(mean AUC with a 95%% bootstrap interval, win rates against random).",
            "The rollout options (--start-layer ... --normalization) shape the rollout, spatial and temporal maps; "
                + "spatial and temporal show layer --up-to-layer (default: the top layer). --method is export's; "
                + "here the maps are named with --methods."})
public final class EvaluateCommand implements Callable<Integer>, Verbosity {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    RolloutOptions rollout;

    @Option(names = "--methods", split = ",", paramLabel = "M[,M...]", hideParamSyntax = true,
            description = "methods to compare: rollout, spatial, temporal, random, grad-rollout (the target "
                    + "class's gradient-weighted rollout) (default rollout,random)")
    List<String> methods = List.of(RankingMethods.ROLLOUT, RankingMethods.RANDOM);

    @Option(names = "--steps", paramLabel = "S", description = "steps S of each curve, S+1 points (default 20)")
    int steps = FaithfulnessEvaluator.DEFAULT_STEPS;

    @Option(names = "--target-class", paramLabel = "C",
            description = "class index or label to follow (default: the clean clip's top class)")
    String targetClass;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random rankings (default 0)")
    long seed = 0;

    @Option(names = "--batch-size", paramLabel = "B",
            description = "perturbed clips per forward pass (default: what fits a quarter of the device's free "
                    + "memory, at most 32)")
    Integer batchSize;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (created if needed)")
    Path out;

    @Option(names = "--batch", paramLabel = "DIR", description = "evaluate every video in DIR (one model load)")
    Path batch;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "with --batch or --synthetic: only every n-th input, from the i-th")
    String shard;

    @Option(names = "--synthetic", paramLabel = "N",
            description = "evaluate N fresh synthetic demo scenes (as demo-eval draws them) instead of files")
    Integer synthetic;

    @Option(names = "--synthetic-seed", paramLabel = "N", description = "scene generator seed (default: demo-eval's)")
    long syntheticSeed = DemoBuild.EVAL_SEED;

    @Option(names = "--merge", arity = "1..*", paramLabel = "DIR",
            description = "merge the faithfulness-clips.csv of these shard folders into --out")
    List<Path> merge;

    @Option(names = "--verbose", description = "print the stack trace of errors")
    boolean verbose;

    private String weightsSha256;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new CliException("missing required option '--out=DIR'");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CliException("--out " + out + " exists and is not a folder");
        }
        if (merge != null) {
            if (batch != null || synthetic != null || model.clip != null || model.model != null) {
                throw new CliException("--merge only reads shard folders; leave out --model, --clip, --batch and "
                        + "--synthetic");
            }
            return merge();
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--method")) {
            throw new CliException("evaluate compares several maps: name them with --methods (e.g. "
                    + "--methods rollout,spatial,random), not --method");
        }
        if (steps < 1) {
            throw new CliException("--steps must be >= 1, got " + steps);
        }
        if (batchSize != null && batchSize < 1) {
            throw new CliException("--batch-size must be >= 1, got " + batchSize);
        }
        if (shard != null && batch == null && synthetic == null) {
            throw new CliException("--shard applies to --batch or --synthetic");
        }
        if (batch != null && synthetic != null) {
            throw new CliException("give --batch DIR or --synthetic N, not both");
        }
        RolloutParams params = rollout.toParams();
        List<RankingMethod> ranking;
        try {
            ranking = RankingMethods.of(methods.stream().map(String::trim).toList(),
                    new RankingMethods.Options(params, seed));
        } catch (IllegalArgumentException e) {
            throw new CliException("--methods: " + e.getMessage());
        }
        if (batch != null || synthetic != null) {
            return dataset(params, ranking);
        }
        return single(params, ranking);
    }

    // ---- one clip -------------------------------------------------------------------------------------------

    private int single(RolloutParams params, List<RankingMethod> ranking) throws Exception {
        model.useDemoAssetsForMissing(true, "evaluate", spec.commandLine().getErr());
        model.checkPaths();
        Sampling samp = sampling.toSampling();
        if (InputKind.of(model.clip) == InputKind.TENSOR) {
            if (sampling.given()) {
                throw new CliException("--sampling, --at, --rate, --frames and --pad apply to videos; " + model.clip
                        + " is a preprocessed tensor (already sampled)");
            }
            LoadedClip.readTensor(model.clip); // a malformed tensor fails before the (slow) model load
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (VideoModel net = model.load();
                LoadedClip loaded = LoadedClip.load(model.clip, samp, net.preprocess(), net.geometry().numFrames(),
                        false)) {
            ClipTensor clip = loaded.tensor();
            Integer target = target(net.labels());
            check(params, net.geometry(), clip);
            FaithfulnessEvaluator evaluator = evaluator(net, clip);
            TerminalProgress bar = TerminalProgress.stderr(1000);
            ClipFaithfulness r = evaluator.evaluate(clip, ranking, steps, target,
                    (done, total) -> bar.update(done, total, "perturbed clips"));
            Files.createDirectories(out);
            writeClip(out, r, title(model.clip, net.labels(), r));
            FaithfulnessFiles.writeTree(out.resolve(FaithfulnessFiles.SIDECAR_NAME),
                    FaithfulnessSidecar.tree("evaluate", checkpoint(net), FaithfulnessSidecar.input(loaded),
                            options(params, evaluator, samp), r, net.labels(), org.spacetimelens.pipeline.ToolInfo.VERSION));
            for (String note : loaded.notes()) {
                spec.commandLine().getErr().println("evaluate: warning: " + note);
            }
            stdout.println(String.format(Locale.ROOT, "target class %d (%s): clean p = %.4f, empty p = %.4f; "
                    + "%d perturbed clips in %.1f s (batch %d)", r.targetClass(), org.spacetimelens.pipeline.Captions.label(net.labels(), r.targetClass()),
                    r.cleanProbability(), r.emptyProbability(), r.forwardClips(), r.seconds(), evaluator.batchSize()));
            for (Map.Entry<String, Curves> e : r.methods().entrySet()) {
                stdout.println(String.format(Locale.ROOT, "%-12s deletion AUC %.4f  insertion AUC %.4f", e.getKey(),
                        e.getValue().deletionAuc(), e.getValue().insertionAuc()));
            }
            stdout.println("wrote " + out + ": " + String.join(", ", FaithfulnessFiles.JSON_NAME,
                    FaithfulnessFiles.CSV_NAME, FaithfulnessFiles.PNG_NAME, FaithfulnessFiles.SIDECAR_NAME));
        }
        return 0;
    }

    private static void writeClip(Path dir, ClipFaithfulness r, String title) throws IOException {
        FaithfulnessFiles.writeJson(dir.resolve(FaithfulnessFiles.JSON_NAME), r);
        FaithfulnessFiles.writeCsv(dir.resolve(FaithfulnessFiles.CSV_NAME), r);
        FaithfulnessChart.write(dir.resolve(FaithfulnessFiles.PNG_NAME), r, title);
    }

    private static String title(Path clip, List<String> c, ClipFaithfulness r) {
        return FaithfulnessChart.title(clip, c, r); // shared with the viewer's Faithfulness pane
    }

    // ---- data sets -------------------------------------------------------------------------------------------

    private int dataset(RolloutParams params, List<RankingMethod> ranking) throws Exception {
        if (model.clip != null) {
            throw new CliException((batch != null ? "--batch" : "--synthetic") + " evaluates many clips; leave out --clip");
        }
        BatchExport.Shard sh;
        try {
            sh = shard == null ? BatchExport.Shard.ALL : BatchExport.Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new CliException("--shard: " + e.getMessage());
        }
        if (batch != null && !Files.isDirectory(batch)) {
            throw new CliException("--batch: no such folder: " + batch);
        }
        if (synthetic != null && synthetic < 1) {
            throw new CliException("--synthetic must be >= 1, got " + synthetic);
        }
        List<BatchExport.Item> files = batch != null ? BatchExport.list(batch, out) : List.of();
        if (batch != null && files.isEmpty()) {
            throw new CliException("--batch " + batch + ": no videos (" + String.join(", ",
                    BatchExport.VIDEO_EXTENSIONS) + ") or frame folders in it");
        }
        int total = batch != null ? files.size() : synthetic;
        model.useDemoAssetsForMissing(false, "evaluate", spec.commandLine().getErr());
        model.checkModel();
        Sampling samp = sampling.toSampling();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out);
        try (VideoModel net = model.load()) {
            ModelGeometry cfg = net.geometry();
            Integer target = target(net.labels());
            List<DatasetRun.Input> all = new ArrayList<>();
            if (batch != null) {
                for (BatchExport.Item item : files) {
                    all.add(new DatasetRun.Input(item.name(), item.input(), () -> {
                        try (LoadedClip loaded = LoadedClip.load(item.input(), samp, net.preprocess(), cfg.numFrames(),
                                false)) {
                            return loaded.tensor();
                        }
                    }));
                }
            } else {
                SceneGenerator scenes = new SceneGenerator(syntheticSeed);
                for (int i = 0; i < synthetic; i++) {
                    int index = i;
                    all.add(new DatasetRun.Input(String.format(Locale.ROOT, "scene_%05d", i), null,
                            () -> ClipTensors.scene(scenes.scene(index), cfg, net.preprocess())));
                }
            }
            List<DatasetRun.Input> inputs = sh.select(all);
            stdout.println("evaluate: " + total + " inputs" + (batch != null ? " in " + batch : " (synthetic, seed "
                    + syntheticSeed + ")") + (sh.count() > 1 ? "; shard " + sh + " takes " + inputs.size() : ""));
            stdout.flush();
            TerminalProgress bar = TerminalProgress.stderr(25);
            FaithfulnessEvaluator[] current = new FaithfulnessEvaluator[1];
            DatasetRun.Outcome o = DatasetRun.run(inputs, clip -> {
                check(params, cfg, clip);
                if (current[0] == null || batchSize == null && current[0].batchSize() != defaultBatch(net, clip)) {
                    current[0] = evaluator(net, clip);
                }
                return current[0];
            }, ranking, steps, target, out, new DatasetRun.Listener() {
                @Override
                public void succeeded(int i, int n, DatasetRun.Input in, ClipFaithfulness r) {
                    bar.update(i + 1, n, "ok " + in.name());
                }

                @Override
                public void failed(int i, int n, DatasetRun.Input in, String reason) {
                    err.println("evaluate: failed: " + (in.path() == null ? in.name() : in.path()) + ": " + reason);
                    err.flush();
                }

                @Override
                public void skipped(int i, int n, DatasetRun.Input in, String reason) {
                    err.println("evaluate: skipped: " + in.path() + ": " + reason);
                    err.flush();
                }
            });
            DatasetSummary.write(out, o.rows(), o.means(), seed);
            Map<String, Object> input = new LinkedHashMap<>();
            if (batch != null) {
                input.put("batch", batch.toAbsolutePath().normalize().toString());
                input.put("sampling", samp.describe());
            } else {
                input.put("synthetic", synthetic);
                input.put("syntheticSeed", syntheticSeed);
            }
            input.put("shard", sh.toString());
            input.put("clips", inputs.stream().map(DatasetRun.Input::name).toList());
            Map<String, Object> options = options(params, current[0], samp);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("ok", o.ok());
            run.put("failed", o.failed());
            run.put("skipped", o.skipped());
            run.put("perturbedClips", o.perturbedClips());
            run.put("seconds", o.seconds());
            options.put("run", run);
            FaithfulnessFiles.writeTree(out.resolve(FaithfulnessFiles.SIDECAR_NAME), FaithfulnessSidecar.tree(
                    "evaluate", checkpoint(net), input, options, null, net.labels(), org.spacetimelens.pipeline.ToolInfo.VERSION));
            stdout.println(String.format(Locale.ROOT, "evaluate: %d ok, %d failed%s in %.1f s (%d perturbed clips, "
                    + "%.1f clips/s) -> %s", o.ok(), o.failed(), o.skipped() > 0 ? ", " + o.skipped() + " skipped" : "",
                    o.seconds(), o.perturbedClips(), o.perturbedClips() / o.seconds(), out));
            stdout.print(DatasetSummary.markdown(DatasetSummary.of(o.rows(), seed)));
            stdout.flush();
            return o.failed() > 0 ? ExportCommand.SOME_FAILED : 0;
        }
    }

    private int merge() throws Exception {
        List<ClipRows.Row> rows = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        MeanCurves means = new MeanCurves();
        boolean allCurves = true;
        for (Path dir : merge) {
            Path file = Files.isDirectory(dir) ? dir.resolve(ClipRows.FILE_NAME) : dir;
            if (!Files.isRegularFile(file)) {
                throw new CliException("--merge: " + file + " does not exist; give folders written by evaluate --batch");
            }
            Set<String> here = new LinkedHashSet<>();
            for (ClipRows.Row r : ClipRows.read(file)) {
                here.add(r.clip());
                if (seen.contains(r.clip())) {
                    throw new CliException("--merge: clip '" + r.clip() + "' of " + file
                            + " is also in an earlier folder; shards must be disjoint");
                }
                rows.add(r);
            }
            seen.addAll(here);
            for (String clipName : here) {
                Path json = file.resolveSibling(clipName).resolve(FaithfulnessFiles.JSON_NAME);
                if (allCurves && Files.isRegularFile(json)) {
                    means.add(json);
                } else {
                    allCurves = false; // a shard copied without its clip folders: AUCs only
                }
            }
        }
        Files.createDirectories(out);
        ClipRows.write(out.resolve(ClipRows.FILE_NAME), rows);
        DatasetSummary.write(out, rows, allCurves ? means : new MeanCurves(), seed);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("merged " + seen.size() + " clips from " + merge.size() + " folders -> " + out);
        stdout.print(DatasetSummary.markdown(DatasetSummary.of(rows, seed)));
        stdout.flush();
        return 0;
    }

    // ---- shared --------------------------------------------------------------------------------------------

    private FaithfulnessEvaluator evaluator(VideoModel net, ClipTensor clip) {
        return new FaithfulnessEvaluator(net, batchSize != null ? batchSize : defaultBatch(net, clip));
    }

    private static int defaultBatch(VideoModel net, ClipTensor clip) {
        return FaithfulnessEvaluator.defaultBatchSize(net, clip.frames(), clip.height(), clip.width(),
                net.deviceName().startsWith("gpu"));
    }

    /** Fails on options that do not fit the model or clip before the slow passes start. */
    private static void check(RolloutParams params, ModelGeometry c, ClipTensor clip) {
        c.checkClip(clip.frames(), clip.height(), clip.width());
        params.validate(c.numLayers(), c.numHeads(), c.slots(clip.frames()), c.gridH(clip.height()),
                c.gridW(clip.width()));
    }

    /** {@code --target-class} as an index: a number, or a label of the model. */
    private Integer target(List<String> labels) throws CliException {
        if (targetClass == null) {
            return null;
        }
        String t = targetClass.trim();
        int index = labels.indexOf(t);
        if (index < 0) {
            try {
                index = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new CliException("--target-class '" + t + "' is neither a class index nor a label of the model ("
                        + String.join(", ", labels.subList(0, Math.min(6, labels.size())))
                        + (labels.size() > 6 ? ", ..." : "") + ")");
            }
        }
        if (index < 0 || index >= labels.size()) {
            throw new CliException("--target-class " + index + " is out of range: the model has " + labels.size()
                    + " classes (0.." + (labels.size() - 1) + ")");
        }
        return index;
    }

    private Map<String, Object> options(RolloutParams params, FaithfulnessEvaluator evaluator, Sampling samp) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("methods", methods);
        o.put("steps", steps);
        o.put("targetClass", targetClass);
        o.put("seed", seed);
        o.put("randomRankings", org.spacetimelens.evaluate.RandomMethod.DEFAULT_COUNT);
        o.put("batchSize", evaluator == null ? batchSize : Integer.valueOf(evaluator.batchSize()));
        o.put("batchSizeGiven", batchSize != null);
        o.put("rollout", params);
        o.put("sampling", samp.describe());
        o.put("deviceOption", model.deviceId());
        return o;
    }

    private Map<String, Object> checkpoint(VideoModel net) throws IOException {
        if (weightsSha256 == null) {
            weightsSha256 = Provenance.sha256(net.weightsFile());
        }
        return FaithfulnessSidecar.checkpoint(model.model, net, weightsSha256);
    }

}
