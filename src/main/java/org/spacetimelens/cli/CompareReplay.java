package org.spacetimelens.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.ClassTarget;
import org.spacetimelens.pipeline.CompareExport;
import org.spacetimelens.pipeline.CompareSection;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.Fingerprint;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.pipeline.Provenance;
import org.spacetimelens.render.ComparePanes;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.video.ClipTensor;
import picocli.CommandLine;

/**
 * {@code export --replay} of a compare figure's sidecar (schema 3): re-runs each pane's recorded
 * {@code export} arguments up to its maps (same checkpoint, frames and attention precision as the viewer
 * held them; a model shared by panes is loaded and run once; a grad-rollout pane's class gradients come from one
 * forward and backward pass, as the viewer's), then re-draws the figure with
 * {@link ComparePanes#figure}, the viewer's own drawing code, into {@code OUT/<figure name>} with a copy
 * of the sidecar beside it.
 */
final class CompareReplay {
    private CompareReplay() {
    }

    /** One model's run on the clip: what every pane of that model needs. */
    private record Run(LoadedClip loaded, ForwardResult result, Rollout rollout) {
    }

    static int run(Path sidecar, Path outDir, boolean force, PrintWriter stdout) throws Exception {
        CompareSection.Replay r = CompareSection.read(sidecar);
        if (r.input() == null || r.fingerprint() == null) {
            throw new CliException(sidecar + ": records no input clip (clip.path, clip.fingerprint)");
        }
        if (!Files.exists(r.input())) {
            throw new CliException(sidecar + ": the recorded input " + r.input() + " no longer exists");
        }
        if (!Fingerprint.of(r.input()).equals(r.fingerprint())) {
            throw new CliException(r.input() + " changed since " + sidecar + " was written ("
                    + r.fingerprint().method() + " differs); a replay would not reproduce the figure");
        }
        String name = artefactName(sidecar);
        Path png = (outDir != null ? outDir : sidecar.toAbsolutePath().getParent()).resolve(name);
        Path side = CompareExport.sidecarOf(png);
        if (!force) {
            for (Path p : List.of(png, side)) {
                if (Files.exists(p) && !(p == side && Files.isSameFile(p, sidecar))) { // in place: it stays as is
                    throw new CliException(p + " already exists; refusing to overwrite: choose another output "
                            + "folder or allow replacing (--force)");
                }
            }
        }
        Map<String, VideoModel> models = new HashMap<>();
        Map<String, Run> runs = new HashMap<>();
        Map<String, AttentionGradients> grads = new HashMap<>();
        List<ComparePanes.Pane> panes = new ArrayList<>();
        BufferedImage frame = null;
        try {
            for (CompareSection.PaneReplay p : r.panes()) {
                checkWeights(sidecar, p);
                ExportCommand cmd = parse(sidecar, p);
                ExportSettings s = cmd.render.apply(ExportSettings.defaults().toBuilder())
                        .rollout(cmd.rollout.toParams()).sampling(cmd.sampling.toSampling()).fp16(cmd.fp16).build();
                String modelKey = cmd.model.model.toAbsolutePath().normalize() + "|" + cmd.model.deviceId() + "|"
                        + cmd.model.heads;
                VideoModel net = models.get(modelKey);
                if (net == null) {
                    net = cmd.model.load();
                    models.put(modelKey, net);
                }
                String runKey = modelKey + "|" + s.fp16() + "|" + s.sampling();
                Run run = runs.get(runKey);
                if (run == null) {
                    LoadedClip loaded = LoadedClip.load(cmd.model.clip, s.sampling(), net.preprocess(),
                            net.geometry().numFrames(), false);
                    ClipTensor t = loaded.tensor();
                    ForwardResult result = net.forward(t.data(), t.frames(), t.height(), t.width(), true, s.fp16());
                    // the viewer's rollout: one Rollout per record, cached fused layers (CoreBackend.maps)
                    run = new Run(loaded, result, new Rollout(result.attention(), 48L << 20));
                    runs.put(runKey, run);
                }
                AttentionMaps maps;
                if (s.rollout().method() == RolloutMethod.GRAD_ROLLOUT) {
                    // as the viewer: the forward pass's attention weighted by the gradients of the pane's class
                    AttentionGradients g = gradients(sidecar, p, cmd, net, run, s.fp16(), runKey, grads);
                    maps = Rollout.compute(run.result().attention(), g, s.rollout())
                            .perFrame(run.result().attention().tubelet());
                } else {
                    maps = run.rollout().compute(s.rollout()).perFrame(run.result().attention().tubelet());
                }
                if (r.clipFrame() >= maps.frames()) {
                    throw new CliException(sidecar + ": \"compare.clipFrame\" " + r.clipFrame() + " is outside the "
                            + maps.frames() + " frames of pane " + p.label() + "'s maps");
                }
                panes.add(new ComparePanes.Pane(p.label(), p.caption(), maps, s.rollout().normalization(), s.render(),
                        run.loaded().tensor().geometry()));
                if (frame == null) {
                    if (run.loaded().source() == null) {
                        throw new CliException(sidecar + ": the input " + r.input() + " has no source frames to draw "
                                + "on (a preprocessed tensor)");
                    }
                    frame = run.loaded().source().frame(r.frame());
                }
            }
            BufferedImage figure = ComparePanes.figure(r.title(), frame, panes, r.clipFrame(), r.difference(),
                    r.paneHeight(), r.scale());
            CompareExport.writeCopy(figure, sidecar, png);
            stdout.println("compare figure: " + png + " (" + figure.getWidth() + "×" + figure.getHeight() + ", "
                    + panes.size() + " panes" + (r.difference() ? " + A − B" : "") + ")");
            stdout.flush();
            return 0;
        } finally {
            for (Run run : runs.values()) {
                run.loaded().close();
            }
            for (VideoModel m : models.values()) {
                m.close();
            }
        }
    }

    /**
     * The gradients of the class a grad-rollout pane explains ({@code --target-class}/{@code --contrast-class} of
     * its replay arguments, "top" resolved on this run's logits): one forward and backward pass at the pane's
     * attention precision, as the viewer's ({@code CoreBackend.gradients}); float32 whatever the precision. Panes
     * of the same model, clip and classes share one pass.
     */
    private static AttentionGradients gradients(Path sidecar, CompareSection.PaneReplay p, ExportCommand cmd,
            VideoModel net, Run run, boolean half, String runKey, Map<String, AttentionGradients> grads)
            throws CliException {
        int[] c;
        try {
            c = new ClassTarget(cmd.targetClass, cmd.contrastClass).resolve(net.labels(), run.result().logits().length);
        } catch (IllegalArgumentException e) {
            throw new CliException(sidecar + ": pane " + p.label() + ": " + e.getMessage());
        }
        if (c[0] < 0) {
            c[0] = Predictions.top(run.result().logits(), net.labels(), 1).get(0).index();
        }
        if (c[0] == c[1]) {
            throw new CliException(sidecar + ": pane " + p.label() + ": the contrast class " + cmd.contrastClass
                    + " is the top class of this clip itself");
        }
        String key = runKey + "|" + c[0] + "|" + c[1];
        AttentionGradients g = grads.get(key);
        if (g == null) {
            ClipTensor t = run.loaded().tensor();
            ForwardResult r;
            try {
                r = net.forwardWithGradients(t.data(), t.frames(), t.height(), t.width(), half, c[0], c[1]);
            } catch (IllegalArgumentException e) {
                throw new CliException(sidecar + ": pane " + p.label() + ": " + e.getMessage());
            }
            r.attention().close(); // the map weighs the forward pass's attention, as the viewer's does
            g = r.gradients();
            grads.put(key, g);
        }
        return g;
    }

    private static String artefactName(Path sidecar) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(sidecar.toFile());
        String a = root.path("artefact").asText("");
        return a.isEmpty() || a.contains("/") || a.contains("\\") ? "compare.png" : a;
    }

    private static void checkWeights(Path sidecar, CompareSection.PaneReplay p) throws Exception {
        if (p.weightsFile() == null || p.sha256() == null) {
            return;
        }
        if (!Files.isRegularFile(p.weightsFile())) {
            throw new CliException(sidecar + ": pane " + p.label() + "'s checkpoint " + p.weightsFile()
                    + " no longer exists");
        }
        if (!Provenance.sha256(p.weightsFile()).equals(p.sha256())) {
            throw new CliException(p.weightsFile() + " changed since " + sidecar + " was written (sha256 differs); "
                    + "a replay would not reproduce pane " + p.label());
        }
    }

    /** The pane's recorded {@code export} arguments, parsed by the export command's own options. */
    private static ExportCommand parse(Path sidecar, CompareSection.PaneReplay p) throws CliException {
        List<String> args = new ArrayList<>(p.args());
        if (!args.isEmpty() && args.get(0).equals("export")) {
            args.remove(0);
        }
        ExportCommand cmd = new ExportCommand();
        try {
            new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new CliException(sidecar + ": pane " + p.label() + "'s replay arguments do not parse: "
                    + e.getMessage());
        }
        cmd.model.checkPaths();
        return cmd;
    }
}
