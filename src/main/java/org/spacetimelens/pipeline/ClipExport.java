package org.spacetimelens.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionStorage;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.render.ContactSheet;
import org.spacetimelens.render.FigureCaption;
import org.spacetimelens.render.FigureOptions;
import org.spacetimelens.render.MapTimeline;
import org.spacetimelens.render.OverlayVideo;
import org.spacetimelens.render.PngExporter;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoInfo;
import org.spacetimelens.video.VideoSource;

/**
 * One export: input → clip → forward pass with attention capture → rollout → the asked-for artefacts, each
 * with its own sidecar, and {@code params.json}, into one folder. Holds a loaded model, so a batch reuses it
 * for every input.
 *
 * <p>Files in the output folder: {@code maps.npz} ({@link MapsNpz}), {@code overlays/overlay_tNN_FFFFFF.png}
 * (clip position NN, source frame FFFFFF), {@code sheet.png}, {@code overlay.mp4|gif|webm}, each with its
 * sidecar ({@link ExportFiles} names them), and {@code params.json} ({@link Sidecar}) for the whole run.
 * Every file is written under a temporary name and renamed ({@link AtomicFiles}); existing files are
 * refused or replaced as {@link #overwrite(Overwrite)} says. Not thread-safe (one model, sequential use).
 */
public final class ClipExport {

    /** How many classes the sidecar lists; the figure title shows the first. */
    static final int TOP_K = 5;

    /**
     * The checkpoint as the user named it.
     *
     * @param path         the path given (folder, weights file or .pyth)
     * @param headsOption  the {@code --heads} override (0 = none)
     * @param deviceOption auto, cpu or gpu
     */
    public record Checkpoint(Path path, int headsOption, String deviceOption) {
    }

    private final VideoModel net;
    private final Checkpoint checkpoint;
    private final SidecarBuilder sidecars;
    private Overwrite overwrite = Overwrite.REFUSE;

    /** An export recording this source tree's {@link ToolInfo#VERSION} when the jar manifest has none. */
    public ClipExport(VideoModel net, Checkpoint checkpoint) {
        this(net, checkpoint, ToolInfo.VERSION);
    }

    /** @param toolVersion recorded in the sidecar when the jar manifest has none */
    public ClipExport(VideoModel net, Checkpoint checkpoint, String toolVersion) {
        this.net = net;
        this.checkpoint = checkpoint;
        this.sidecars = new SidecarBuilder(net, checkpoint, toolVersion);
    }

    /**
     * The {@code export} arguments that reproduce an export of {@code input} into {@code outDir} with this
     * model: the checkpoint and {@code --heads} as given, the device the model actually ran on.
     */
    public List<String> replayArgs(Path input, ExportSettings settings, Path outDir) {
        return ReplayArgs.of(checkpoint.path(), checkpoint.headsOption(), net.deviceName(), input, settings, outDir);
    }

    /**
     * What later exports do with files they would overwrite ({@link ExportFiles#conflicts}): refuse
     * (the default; nothing is written) or replace them.
     *
     * @return this export
     */
    public ClipExport overwrite(Overwrite policy) {
        this.overwrite = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    public VideoModel model() {
        return net;
    }

    /** The sidecar builder of this model (one SHA-256 of the weights for all its sidecars). */
    SidecarBuilder sidecars() {
        return sidecars;
    }

    /**
     * Runs the export.
     *
     * @param replay the {@code export} arguments that reproduce it, recorded in the sidecar
     * @throws VideoException           the video cannot be read or cannot give the clip
     * @throws IOException              an unreadable tensor or an output that cannot be written
     * @throws IllegalArgumentException options that do not fit this model or input (named)
     */
    public ExportResult run(Path input, ExportSettings settings, Path outDir, List<String> replay)
            throws IOException, VideoException {
        long start = System.nanoTime();
        InputKind kind = InputKind.of(input);
        Set<ExportFormat> formats = settings.formatsFor(kind);
        if (!kind.isVideo()) {
            for (ExportFormat f : formats) {
                if (f.videoFormat() != null) {
                    throw new IllegalArgumentException("format " + f.id() + " needs a video, but " + input
                            + " is a preprocessed tensor (no source frames or frame rate); use npz, png or sheet");
                }
            }
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IOException("output folder " + outDir + " exists and is not a folder");
        }
        boolean drawn = formats.stream().anyMatch(ExportFormat::isDrawn);
        ModelGeometry config = net.geometry();
        try (LoadedClip loaded = LoadedClip.load(input, settings.sampling(), net.preprocess(), config.numFrames(),
                drawn)) {
            ClipTensor tensor = loaded.tensor();
            int gh = config.gridH(tensor.height());
            int gw = config.gridW(tensor.width());
            // fail on a bad layer/head/query before the (slow) forward pass
            config.checkClip(tensor.frames(), tensor.height(), tensor.width());
            settings.rollout().validate(config.numLayers(), config.numHeads(), config.slots(tensor.frames()), gh, gw);
            boolean grad = settings.rollout().method() == RolloutMethod.GRAD_ROLLOUT;
            int[] classes = grad ? settings.classTarget().resolve(net.labels(), net.labels().size()) : null;
            ExportFiles.check(outDir, formats, overwrite); // and before the forward pass
            Files.createDirectories(outDir);

            long forwardStart = System.nanoTime();
            ForwardResult result = grad
                    ? net.forwardWithGradients(tensor.data(), tensor.frames(), tensor.height(), tensor.width(),
                            settings.fp16(), classes[0], classes[1])
                    : net.forward(tensor.data(), tensor.frames(), tensor.height(), tensor.width(),
                            AttentionStorage.auto(settings.fp16())); // mapped when over the heap budget
            double forwardSeconds = (System.nanoTime() - forwardStart) / 1e9;
            try (AttentionRecord record = result.attention()) {
                AttentionMaps maps = Rollout.compute(record, result.gradients(), settings.rollout());
                return write(loaded, result, maps, settings, outDir, replay, forwardSeconds, start, Sidecar.EXPORT);
            }
        }
    }

    /**
     * Writes the artefacts of an already computed clip (e.g. the viewer's cached forward pass and maps): the
     * part of {@link #run} after the rollout. {@code loaded} must still be open when video formats are asked
     * for, and hold pictures ({@link LoadedClip#clip()}) when anything is drawn.
     *
     * @param forwardSeconds recorded in the sidecar (0 when unknown)
     */
    public ExportResult write(LoadedClip loaded, ForwardResult result, AttentionMaps maps, ExportSettings settings,
            Path outDir, List<String> replay, double forwardSeconds) throws IOException, VideoException {
        return write(loaded, result, maps, settings, outDir, replay, forwardSeconds, System.nanoTime(),
                Sidecar.EXPORT);
    }

    /** {@link #write} recording who wrote it ({@link Sidecar#command}) and when the export started. */
    ExportResult write(LoadedClip loaded, ForwardResult result, AttentionMaps maps, ExportSettings settings,
            Path outDir, List<String> replay, double forwardSeconds, long start, String command)
            throws IOException, VideoException {
        ModelGeometry config = net.geometry();
        Set<ExportFormat> formats = settings.formatsFor(loaded.kind());
        ClipTensor tensor = loaded.tensor();
        AttentionRecord record = result.attention();
        for (ExportFormat f : formats) {
            if (f.isDrawn() && (loaded.clip() == null || tensor.geometry() == null)) {
                throw new IllegalArgumentException("format " + f.id() + " draws on the clip's pictures, which "
                        + loaded.path() + " was loaded without (or is not square)");
            }
            if (f.videoFormat() != null && loaded.source() == null) {
                throw new IllegalArgumentException("format " + f.id() + " needs the open source video");
            }
        }
        ExportFiles.check(outDir, formats, overwrite);
        Files.createDirectories(outDir);
        List<Predictions.Prediction> top = Predictions.top(result.logits(), net.labels(), TOP_K);

        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>(loaded.notes());
        if (net.deviceWarning() != null) {
            notes.add(net.deviceWarning());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        // each artefact's own files and outputs entries, for its own sidecar
        Map<ExportFormat, List<Path>> artefactFiles = new java.util.EnumMap<>(ExportFormat.class);
        int[] indices = loaded.frameIndices();
        double[] times = loaded.timestamps();
        if (formats.contains(ExportFormat.NPZ)) {
            Path npz = outDir.resolve(SidecarBuilder.MAPS_NPZ);
            outputs.put(SidecarBuilder.MAPS_NPZ, MapsNpz.write(npz, result.logits(), maps, record,
                    result.gradients(), settings.attentions(), indices, times)); // NpzWriter writes atomically
            artefactFiles.put(ExportFormat.NPZ, List.of(npz));
        }
        CropGeometry geometry = tensor.geometry();
        int tubelet = record == null ? 1 : record.tubelet();
        AttentionMaps drawn = maps.perFrame(tubelet); // a tubelet's map is drawn on each of its frames
        String uncovered = UncoveredFrames.note(indices, drawn.frames(), tubelet);
        if (uncovered != null) {
            notes.add(uncovered);
        }
        Clip drawnClip = UncoveredFrames.covered(loaded.clip(), drawn.frames());
        if (formats.contains(ExportFormat.PNG)) {
            Path dir = outDir.resolve(ExportFiles.OVERLAYS);
            List<Path> pngs = writePngs(drawnClip, drawn, geometry, settings, dir);
            // replacing the artefact: overlays of other frames left by an earlier export would mix in
            for (Path old : ExportFiles.overlayPngs(dir)) {
                if (!pngs.contains(old)) {
                    Files.delete(old);
                }
            }
            artefactFiles.put(ExportFormat.PNG, pngs);
        }
        if (formats.contains(ExportFormat.SHEET)) {
            String name = settings.modelName() != null ? settings.modelName() : Captions.modelName(checkpoint.path());
            FigureCaption caption = result.gradients() == null
                    ? Captions.caption(name, settings.rollout(), config.numLayers(), top.get(0))
                    : Captions.classCaption(name, settings.rollout(), config.numLayers(), result.logits(),
                            net.labels(), result.gradients());
            FigureOptions layout = FigureOptions.defaults().withScale(settings.figureScale())
                    .withFullFrame(settings.fullFrame());
            BufferedImage sheet = ContactSheet.render(drawnClip, drawn, geometry, caption, settings.render(),
                    layout);
            Path file = outDir.resolve(ExportFiles.artefact(ExportFormat.SHEET));
            PngExporter.write(sheet, file); // atomically (files.AtomicFiles)
            artefactFiles.put(ExportFormat.SHEET, List.of(file));
            outputs.put(file.getFileName().toString(), new Sidecar.ImageSize(sheet.getWidth(), sheet.getHeight()));
        }
        for (ExportFormat f : formats) {
            if (f.videoFormat() != null) {
                long videoStart = System.nanoTime();
                long cpuStart = Provenance.processCpuNanos();
                Path file = outDir.resolve(ExportFiles.artefact(f));
                OverlayVideo.Result video = writeVideo(loaded, drawn, settings, f, file); // VideoExporter writes atomically
                double videoSeconds = (System.nanoTime() - videoStart) / 1e9;
                double videoCpu = (Provenance.processCpuNanos() - cpuStart) / 1e9;
                artefactFiles.put(f, List.of(file));
                notes.addAll(video.warnings());
                outputs.put(file.getFileName().toString(), new Sidecar.VideoOutput(video.codec(),
                        video.frames(), video.width(), video.height(), loaded.source().info().fps(), videoSeconds,
                        cpuStart >= 0 ? videoCpu : null));
            }
        }

        double seconds = (System.nanoTime() - start) / 1e9;
        Sidecar.ClassTargetInfo classTarget = result.gradients() == null ? null
                : classTarget(settings.classTarget(), result);
        // one sidecar per artefact (ExportFiles), describing it alone and replaying only its format
        List<Path> sidecarFiles = new ArrayList<>();
        for (Map.Entry<ExportFormat, List<Path>> e : artefactFiles.entrySet()) {
            ExportFormat f = e.getKey();
            files.addAll(e.getValue());
            String artefact = ExportFiles.artefact(f);
            Map<String, Object> own = new LinkedHashMap<>();
            if (outputs.containsKey(artefact)) {
                own.put(artefact, outputs.get(artefact));
            }
            Path sidecar = outDir.resolve(ExportFiles.sidecar(f));
            sidecars.build(loaded, settings, new SidecarBuilder.Run(command, f == ExportFormat.PNG ? artefact + "/"
                    : artefact, Set.of(f), top, own, relative(outDir, e.getValue()), notes,
                    ReplayArgs.withFormat(replay, f), forwardSeconds, seconds, classTarget)).write(sidecar);
            sidecarFiles.add(sidecar);
        }
        files.addAll(sidecarFiles);

        Path json = outDir.resolve(ExportFiles.RUN_SIDECAR);
        sidecars.build(loaded, settings, new SidecarBuilder.Run(command, null, formats, top, outputs,
                relative(outDir, files), notes, replay, forwardSeconds, seconds, classTarget)).write(json);
        files.add(json);
        return new ExportResult(outDir, files, indices, times, top, notes, forwardSeconds, seconds);
    }

    private static List<String> relative(Path outDir, List<Path> files) {
        return files.stream().map(f -> outDir.relativize(f).toString().replace('\\', '/')).toList();
    }

    /** One PNG per clip position (positions keep distinct names even when padding repeats a source frame). */
    private static List<Path> writePngs(Clip clip, AttentionMaps maps, CropGeometry geometry, ExportSettings s,
            Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        int cells = maps.gridH() * maps.gridW();
        for (int t = 0; t < clip.size(); t++) {
            Clip one = new Clip(new int[] {clip.frameIndices()[t]}, new double[] {clip.timestamps()[t]},
                    List.of(clip.frames().get(t)));
            float[] raw = new float[cells];
            System.arraycopy(maps.raw(), t * cells, raw, 0, cells);
            AttentionMaps map = new AttentionMaps(1, maps.gridH(), maps.gridW(), maps.frame(t), raw);
            out.addAll(PngExporter.writeOverlays(one, map, geometry, s.fullFrame(), s.render(), s.overlayScale(), dir,
                    String.format(Locale.ROOT, ExportFiles.OVERLAY_PREFIX + "%02d", t), PngExporter::write)); // atomically
        }
        return out;
    }

    /** The overlay video at the source's frame rate over the whole video or the clip's span, into {@code file}. */
    private static OverlayVideo.Result writeVideo(LoadedClip loaded, AttentionMaps maps, ExportSettings s,
            ExportFormat format, Path file) throws IOException, VideoException {
        VideoSource source = loaded.source();
        VideoInfo info = source.info();
        int[] indices = java.util.Arrays.copyOf(loaded.frameIndices(), maps.frames()); // frames in no tubelet: no map
        int from = 0;
        int to = info.frameCount() - 1;
        if (s.videoSpan() == VideoSpan.CLIP) {
            from = java.util.Arrays.stream(indices).min().orElseThrow();
            to = java.util.Arrays.stream(indices).max().orElseThrow();
        }
        MapTimeline timeline = new MapTimeline(indices, maps, s.between());
        try (FramePrefetcher frames = new FramePrefetcher(source, from, to)) {
            return OverlayVideo.write(file, format.videoFormat(), info.fps(), frames, timeline::mapAt, maps.gridH(),
                    maps.gridW(), loaded.tensor().geometry(), s.fullFrame(), s.render(), s.overlayScale());
        } catch (FramePrefetcher.Failed e) {
            throw e.getCause();
        }
    }

    /**
     * The class a gradient-weighted map explains (index, label, probability), the contrast class or null, and
     * the classes as asked ({@code --target-class}, {@code --contrast-class}).
     */
    Sidecar.ClassTargetInfo classTarget(ClassTarget asked, ForwardResult result) {
        org.spacetimelens.model.AttentionGradients g = result.gradients();
        return classTarget(asked, result.logits(), g.targetClass(), g.contrastClass());
    }

    /** {@link #classTarget(ClassTarget, ForwardResult)} from resolved indices (contrast: NO_CONTRAST for none). */
    Sidecar.ClassTargetInfo classTarget(ClassTarget asked, float[] logits, int target, int contrast) {
        List<String> labels = net.labels();
        double[] p = Predictions.softmax(logits);
        boolean vs = contrast != org.spacetimelens.model.AttentionGradients.NO_CONTRAST;
        return new Sidecar.ClassTargetInfo(classEntry(target, labels, p), vs ? classEntry(contrast, labels, p) : null,
                vs ? "logit[target] - logit[contrast]" : "logit[target]", asked.target(), asked.contrast());
    }

    private static Sidecar.ClassEntry classEntry(int index, List<String> labels, double[] probabilities) {
        return new Sidecar.ClassEntry(index, Captions.label(labels, index), probabilities[index]);
    }
}
