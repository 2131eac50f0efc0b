package org.spacetimelens.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.demo.TerminalProgress;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.BatchExport;
import org.spacetimelens.pipeline.ClassTarget;
import org.spacetimelens.pipeline.ClipExport;
import org.spacetimelens.pipeline.ExportResult;
import org.spacetimelens.pipeline.CompareSection;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.Fingerprint;
import org.spacetimelens.pipeline.InputKind;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Overwrite;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.pipeline.Provenance;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: sample a clip from a video (or take a preprocessed tensor), run the model with attention
 * capture, roll out, and write maps, figures and overlay videos with a {@code params.json} that
 * {@code --replay} re-runs. {@code --batch} does a folder of videos with one model load. The work is done by
 * {@link ClipExport} / {@link BatchExport}; this class only turns flags into settings and reports.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the model on a clip and write maps.npz, figures, overlay videos and their sidecars into --out.",
            "With no --model/--clip the bundled demo model and video are used."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:everything was written",
            "1:bad input or options (one line on stderr; --verbose for the stack trace)",
            "3:--batch: some inputs failed (each reported on one line); the others were written"},
        footerHeading = "%nNotes:%n",
        footer = {
            "Outputs: maps.npz (logits, rollout, rollout_raw, attentions, frame_indices, timestamps; with "
                + "--method grad-rollout also spatial_attention_grad, temporal_attention_grad), "
                + "overlays/overlay_tNN_FFFFFF.png (clip position NN, source frame FFFFFF), sheet.png, "
                + "overlay.mp4|gif|webm; beside each its own sidecar (maps.params.json, overlays.params.json, "
                + "sheet.params.json, overlay.mp4.params.json, ...) that replays only it, and params.json for the "
                + "whole run. Existing files are not replaced without --force; files appear under their names "
                + "only when complete.",
            "params.json records the input (sha256, or size + mtime for files over 256 MiB, or a frame folder's "
                + "file count, size and latest mtime), frame indices, timestamps, sampling, preprocessing and crop, "
                + "rendering options and formats; 'export --replay params.json [--out DIR]' re-runs exactly those "
                + "options and refuses when the input or checkpoint changed.",
            "--batch DIR: files ending in mp4, avi, mov, mkv, webm, gif and sub-folders of frame images, sorted by "
                + "name, each into OUT/<name>/. --shard i/n (0 <= i < n) takes the inputs at sorted positions "
                + "i, i+n, i+2n, ..., e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT in a Slurm job array."})
public final class ExportCommand implements Callable<Integer>, Verbosity {

    /** Exit code of a batch in which some inputs failed. */
    static final int SOME_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    RenderFlags render;

    @Option(names = "--target-class", paramLabel = "top|INDEX|LABEL",
            description = "with --method grad-rollout: the class explained (default top: the model's top class)")
    String targetClass;

    @Option(names = "--contrast-class", paramLabel = "INDEX|LABEL",
            description = "with --method grad-rollout: explain the target rather than this class "
                + "(the score is logit[target] - logit[contrast])")
    String contrastClass;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (created if needed)")
    Path out;

    @Option(names = "--fp16", description = "keep the attention record as float16 (half the memory)")
    boolean fp16;

    @Option(names = "--no-attentions", description = "leave spatial_attention and temporal_attention out of maps.npz")
    boolean noAttentions;

    @Option(names = "--batch", paramLabel = "DIR", description = "export every video in DIR, each into OUT/<name>/")
    Path batch;

    @Option(names = "--shard", paramLabel = "i/n", description = "with --batch: only every n-th input, from the i-th")
    String shard;

    @Option(names = "--replay", paramLabel = "PARAMS_JSON",
            description = "re-run the export a params.json records (only --out may be given with it)")
    Path replay;

    @Option(names = org.spacetimelens.pipeline.ReplayArgs.VIEW_SHOT, paramLabel = "SIDECAR",
            description = "re-draw the viewer screenshot this sidecar describes (its view, frame and overlays) into "
                + "--out under its own name, instead of the formats; written into a screenshot's replay arguments")
    Path viewShot;

    @Option(names = "--force", description = "replace files that already exist in --out (without it the export "
            + "refuses, names the first such file and writes nothing)")
    boolean force;

    @Option(names = "--verbose", description = "print the stack trace of errors, and the engine and decoder logs "
            + "(else in " + org.spacetimelens.logging.Logs.LOCATION_HELP + ")")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        if (replay != null) {
            return replay();
        }
        if (out == null) {
            throw new CliException("missing required option '--out=DIR'");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CliException("--out " + out + " exists and is not a folder");
        }
        RolloutParams params = rollout.toParams();
        if ((targetClass != null || contrastClass != null) && params.method() != RolloutMethod.GRAD_ROLLOUT) {
            throw new CliException("--target-class and --contrast-class apply to --method grad-rollout");
        }
        ExportSettings settings = render.apply(ExportSettings.defaults().toBuilder()).rollout(params)
                .sampling(sampling.toSampling()).fp16(fp16).attentions(!noAttentions)
                .classTarget(new ClassTarget(targetClass, contrastClass)).build();
        if (batch != null) {
            return batch(settings);
        }
        if (shard != null) {
            throw new CliException("--shard applies to --batch");
        }
        model.useDemoAssetsForMissing(batch == null, "export", spec.commandLine().getErr());
        model.checkPaths();
        InputKind kind = InputKind.of(model.clip);
        if (kind == InputKind.TENSOR) {
            if (sampling.given()) {
                throw new CliException("--sampling, --at, --rate, --frames and --pad apply to videos; " + model.clip
                        + " is a preprocessed tensor (already sampled)");
            }
            LoadedClip.readTensor(model.clip); // a malformed tensor fails before the (slow) model load
        }
        if (viewShot != null) {
            return ViewShotReplay.run(this, settings);
        }
        try (VideoModel net = model.load()) {
            ClipExport export = new ClipExport(net, checkpoint()).overwrite(overwrite());
            ExportResult r = export.run(model.clip, settings, out, export.replayArgs(model.clip, settings, out));
            PrintWriter err = spec.commandLine().getErr();
            for (String note : r.notes()) {
                err.println("export: warning: " + note);
            }
            err.flush();
            spec.commandLine().getOut().println("wrote " + describe(r));
        }
        return 0;
    }

    Overwrite overwrite() {
        return force ? Overwrite.REPLACE : Overwrite.REFUSE;
    }

    ClipExport.Checkpoint checkpoint() {
        return new ClipExport.Checkpoint(model.model, model.heads, model.deviceId());
    }

    /** "DIR: maps.npz, overlays/ (8 PNGs), sheet.png, params.json (top class c, p = 0.412)". */
    private static String describe(ExportResult r) {
        long pngs = r.files().stream().filter(f -> f.getParent() != null && f.getParent().endsWith("overlays")).count();
        List<String> names = new ArrayList<>();
        for (Path f : r.files()) {
            if (f.getParent() != null && f.getParent().endsWith("overlays")) {
                if (!names.contains("overlays/")) {
                    names.add("overlays/");
                }
            } else {
                names.add(r.outDir().relativize(f).toString());
            }
        }
        String files = String.join(", ", names).replace("overlays/", "overlays/ (" + pngs + " PNGs)");
        Predictions.Prediction top = r.predictions().get(0);
        return String.format(Locale.ROOT, "%s: %s (top class %s, p = %.3f)", r.outDir(), files, top.label(),
                top.probability());
    }


    private int batch(ExportSettings settings) throws Exception {
        if (model.clip != null) {
            throw new CliException("--batch exports every video of a folder; leave out --clip");
        }
        if (!Files.isDirectory(batch)) {
            throw new CliException("--batch: no such folder: " + batch);
        }
        BatchExport.Shard part = shard == null ? BatchExport.Shard.ALL : BatchExport.Shard.parse(shard);
        List<BatchExport.Item> all = BatchExport.list(batch, out);
        if (all.isEmpty()) {
            throw new CliException("--batch " + batch + ": no videos (" + String.join(", ", BatchExport.VIDEO_EXTENSIONS)
                    + ") or frame folders in it");
        }
        model.useDemoAssetsForMissing(batch == null, "export", spec.commandLine().getErr());
        model.checkModel();
        List<BatchExport.Item> items = part.select(all);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stdout.println("batch: " + all.size() + " inputs in " + batch
                + (part.count() > 1 ? "; shard " + part + " takes " + items.size() : ""));
        stdout.flush();
        if (items.isEmpty()) {
            stdout.println("batch: 0 ok, 0 failed (this shard is empty)");
            return 0;
        }
        Files.createDirectories(out);
        BatchExport.Summary summary;
        try (VideoModel net = model.load()) {
            ClipExport export = new ClipExport(net, checkpoint()).overwrite(overwrite());
            TerminalProgress progress = TerminalProgress.stderr(1);
            boolean terminal = System.console() != null;
            summary = BatchExport.run(export, items, settings, out,
                    item -> export.replayArgs(item.input(), settings, out.resolve(item.name())),
                    new BatchExport.Listener() {
                        @Override
                        public void succeeded(int i, int n, BatchExport.Item item, ExportResult r) {
                            for (String note : r.notes()) {
                                line("export: warning: " + item.input() + ": " + note);
                            }
                            progress.update(i + 1, n, "ok " + item.input().getFileName());
                        }

                        @Override
                        public void failed(int i, int n, BatchExport.Failure f) {
                            line("export: failed: " + f.item().input() + ": " + f.reason());
                            progress.update(i + 1, n, "FAILED " + f.item().input().getFileName());
                        }

                        @Override
                        public void skipped(int i, int n, BatchExport.Item item, String reason) {
                            line("export: skipped: " + item.input() + ": " + reason);
                            progress.update(i + 1, n, "skipped " + item.input().getFileName());
                        }

                        /** A report line; on a terminal it first clears the progress bar's line. */
                        private void line(String text) {
                            if (terminal) {
                                System.err.print("\r\033[K");
                                System.err.flush();
                            }
                            err.println(text);
                            err.flush();
                        }
                    });
        }
        stdout.println(String.format(Locale.ROOT, "batch: %d ok, %d failed%s -> %s", summary.ok(), summary.failed(),
                summary.skipped() > 0 ? ", " + summary.skipped() + " skipped" : "", out));
        stdout.flush();
        return summary.failed() > 0 ? SOME_FAILED : 0;
    }

    /** Re-runs a sidecar's recorded arguments, with --out replaced when given. */
    private int replay() throws Exception {
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName();
            if (!name.equals("--replay") && !name.equals("--out") && !name.equals("--verbose")
                    && !name.equals("--force")) {
                throw new CliException("--replay re-runs exactly the recorded options; only --out (and --force, "
                        + "--verbose) may be given with it, not " + name);
            }
        }
        if (CompareSection.isCompare(replay)) {
            return CompareReplay.run(replay, out, force, spec.commandLine().getOut()); // a compare figure
        }
        Sidecar.Replay r = Sidecar.readReplay(replay);
        List<String> args = new ArrayList<>(r.args());
        if (args.get(0).equals("export")) {
            args.remove(0);
        }
        if (args.contains("--replay") || args.contains("--batch")) {
            throw new CliException(replay + ": its replay arguments contain --replay or --batch; cannot replay them");
        }
        checkUnchanged(r);
        if (out != null) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--out") && i + 1 < args.size()) {
                    args.remove(i + 1);
                    args.remove(i--);
                } else if (args.get(i).startsWith("--out=")) {
                    args.remove(i--);
                }
            }
            args.addAll(List.of("--out", out.toString()));
        }
        ViewShotReplay.pointAt(args, replay); // a screenshot's replay re-draws from this very sidecar
        if (verbose) {
            args.add("--verbose");
        }
        if (force) {
            args.add("--force");
        }
        List<String> full = new ArrayList<>(List.of("export"));
        full.addAll(args);
        spec.commandLine().getErr().println("export: replaying " + replay);
        CommandLine sub = Main.commandLine();
        sub.setOut(spec.commandLine().getOut());
        sub.setErr(spec.commandLine().getErr());
        return sub.execute(full.toArray(String[]::new));
    }

    /** Refuses a replay whose input or checkpoint is no longer what the sidecar recorded. */
    private void checkUnchanged(Sidecar.Replay r) throws Exception {
        if (r.input() != null && r.fingerprint() != null) {
            if (!Files.exists(r.input())) {
                throw new CliException(replay + ": the recorded input " + r.input() + " no longer exists");
            }
            Fingerprint now = Fingerprint.of(r.input());
            if (!now.equals(r.fingerprint())) {
                throw new CliException(r.input() + " changed since " + replay + " was written (" + r.fingerprint().method()
                        + " differs); a replay would not reproduce the recorded outputs");
            }
        }
        if (r.weightsFile() != null && r.weightsSha256() != null) {
            if (!Files.isRegularFile(r.weightsFile())) {
                throw new CliException(replay + ": the recorded checkpoint " + r.weightsFile() + " no longer exists");
            }
            if (!Provenance.sha256(r.weightsFile()).equals(r.weightsSha256())) {
                throw new CliException(r.weightsFile() + " changed since " + replay
                        + " was written (sha256 differs); a replay would not reproduce the recorded outputs");
            }
        }
    }
}
