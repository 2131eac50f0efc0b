package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.VideoInfo;

/**
 * Builds the one {@link Sidecar} of every writer from the loaded model, the clip and the settings, so the
 * CLI's export, the viewer's exports and its screenshots cannot drift apart. The weights' SHA-256 is
 * computed once per builder (a batch reuses it for every video).
 */
final class SidecarBuilder {

    /** The maps file's name in an export folder. */
    static final String MAPS_NPZ = "maps.npz";

    /**
     * Facts of one run that only the caller knows.
     *
     * @param command        {@link Sidecar#command}
     * @param artefact       {@link Sidecar#artefact} (null for an export folder)
     * @param formats        the formats written (or, for a screenshot, those its replay writes)
     * @param top            the most probable classes
     * @param outputs        per file name, what it holds; {@code files} is added from {@code files}
     * @param files          every file written, relative to the output folder, '/'-separated
     * @param notes          warnings of this run
     * @param replay         the replay arguments
     * @param forwardSeconds wall time of the forward pass
     * @param seconds        wall time of the whole export, null for a screenshot
     */
    record Run(String command, String artefact, Set<ExportFormat> formats, List<Predictions.Prediction> top,
            Map<String, Object> outputs, List<String> files, List<String> notes, List<String> replay,
            double forwardSeconds, Double seconds, Sidecar.ClassTargetInfo classTarget) {
    }

    private final VideoModel net;
    private final ClipExport.Checkpoint checkpoint;
    private final String toolVersion;
    private String weightsSha256;

    SidecarBuilder(VideoModel net, ClipExport.Checkpoint checkpoint, String toolVersion) {
        this.net = net;
        this.checkpoint = checkpoint;
        this.toolVersion = toolVersion;
    }

    Sidecar build(LoadedClip loaded, ExportSettings s, Run run) throws IOException {
        Path weights = net.weightsFile();
        if (weightsSha256 == null) {
            weightsSha256 = Provenance.sha256(weights); // once per model, not per video of a batch
        }
        Sidecar.Checkpoint ckpt = new Sidecar.Checkpoint(absolute(checkpoint.path()), absolute(weights),
                weightsSha256, checkpoint.headsOption());
        Sidecar.RunInfo info = new Sidecar.RunInfo(checkpoint.deviceOption(), net.deviceName(), net.deviceWarning(),
                s.fp16() ? "float16" : "float32", s.attentions() && run.files().contains(MAPS_NPZ),
                run.forwardSeconds(), run.seconds(), List.copyOf(run.notes()));
        Map<String, Object> outputs = new LinkedHashMap<>(run.outputs());
        outputs.put("files", List.copyOf(run.files()));
        return new Sidecar(Sidecar.SCHEMA, run.command(), Instant.now().toString(), run.artefact(), ckpt,
                net.config(), net.preprocess(), clip(loaded, s), s.rollout(), run.classTarget(),
                Captions.layers(s.rollout(), net.geometry().numLayers()), render(s), null,
                run.formats().stream().sorted().map(ExportFormat::id).toList(), List.copyOf(run.top()), info, outputs,
                Provenance.versions(toolVersion), List.copyOf(run.replay()));
    }

    private static Sidecar.ClipInfo clip(LoadedClip loaded, ExportSettings s) throws IOException {
        Fingerprint fp = Fingerprint.of(loaded.path());
        ClipTensor tensor = loaded.tensor();
        Sidecar.SourceVideo video = null;
        Sidecar.SamplingInfo sampling = null;
        if (loaded.source() != null) {
            VideoInfo i = loaded.source().info();
            video = new Sidecar.SourceVideo(i.codec(), i.frameCount(), lower(i.frameCountMethod().name()), i.fps(),
                    i.durationSeconds(), i.width(), i.height(), i.rotation());
            sampling = sampling(s.sampling(), loaded.selection());
        }
        return new Sidecar.ClipInfo(absolute(loaded.path()), lower(loaded.kind().name()), fp.sha256(), fp.describe(),
                new int[] {tensor.frames(), 3, tensor.height(), tensor.width()}, "float32", video, sampling,
                loaded.frameIndices(), finiteOrNull(loaded.timestamps()), tensor.geometry(), loaded.notes(),
                loaded.source() == null ? 0 : loaded.source().framesWithDecodeErrors());
    }

    /** The asked-for sampling, and for a window what was used (the selection, when known). */
    private static Sidecar.SamplingInfo sampling(Sampling s, Sampling.Selection sel) {
        boolean window = s.mode() == Sampling.Mode.WINDOW;
        return new Sidecar.SamplingInfo(s.mode().id(),
                window ? (s.at() == Sampling.MIDDLE ? "middle" : s.at()) : null,
                window ? s.rate() : null,
                s.mode() == Sampling.Mode.EXPLICIT ? s.frames() : null,
                s.pad(),
                window && sel != null ? sel.centre() : null,
                window && sel != null ? sel.rate() : null);
    }

    private static Sidecar.RenderInfo render(ExportSettings s) {
        RenderOptions r = s.render();
        return new Sidecar.RenderInfo(r.colormap().id(), lower(r.blend().name()), r.opacity(), r.valueWeighted(),
                lower(r.upsampling().name()), r.threshold(), r.contourLevels(), r.showGrid(), r.colorBar(),
                lower(r.barUnits().name()), lower(r.outsideCrop().name()), s.fullFrame() ? "full" : "crop",
                s.videoSpan().id(), lower(s.between().name()), s.figureScale(), s.overlayScale(), s.modelName());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /** JSON has no NaN: unknown timestamps become null. */
    private static Double[] finiteOrNull(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.isFinite(values[i]) ? values[i] : null;
        }
        return out;
    }
}
