package org.spacetimelens.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.render.ContactSheet;
import org.spacetimelens.render.FigureCaption;
import org.spacetimelens.render.FigureOptions;
import org.spacetimelens.render.MapTimeline;
import org.spacetimelens.render.OverlayVideo;
import org.spacetimelens.render.PngExporter;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoInfo;
import org.spacetimelens.video.VideoSource;

/**
 * One export: input → clip → forward pass with attention capture → rollout → the asked-for artefacts and
 * {@code params.json}, into one folder. Holds a loaded model, so a batch reuses it for every input.
 *
 * <p>Files in the output folder: {@code maps.npz} ({@link MapsNpz}), {@code overlays/overlay_tNN_FFFFFF.png}
 * (clip position NN, source frame FFFFFF), {@code sheet.png}, {@code overlay.mp4|gif|webm}, {@code params.json}
 * ({@link Sidecar}). Not thread-safe (one model, sequential use).
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

    private final TimeSformer net;
    private final Checkpoint checkpoint;
    private final String toolVersion;
    private String weightsSha256;

    /** @param toolVersion recorded in the sidecar when the jar manifest has none */
    public ClipExport(TimeSformer net, Checkpoint checkpoint, String toolVersion) {
        this.net = net;
        this.checkpoint = checkpoint;
        this.toolVersion = toolVersion;
    }

    public TimeSformer model() {
        return net;
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
        TimeSformerConfig config = net.config();
        try (LoadedClip loaded = LoadedClip.load(input, settings.sampling(), net.preprocess(), config.numFrames(),
                drawn)) {
            ClipTensor tensor = loaded.tensor();
            if (drawn && tensor.geometry() == null) {
                throw new IllegalArgumentException("drawing maps needs a square clip tensor, " + input + " is "
                        + tensor.height() + "x" + tensor.width() + "; use --format npz");
            }
            int gh = tensor.height() / config.patchSize();
            int gw = tensor.width() / config.patchSize();
            // fail on a bad layer/head/query before the (slow) forward pass
            settings.rollout().validate(config.numLayers(), config.numHeads(), tensor.frames(), gh, gw);
            Files.createDirectories(outDir);

            long forwardStart = System.nanoTime();
            ForwardResult result = net.forward(tensor.data(), tensor.frames(), tensor.height(), tensor.width(), true,
                    settings.fp16());
            double forwardSeconds = (System.nanoTime() - forwardStart) / 1e9;
            AttentionMaps maps = Rollout.compute(result.attention(), settings.rollout());
            return write(loaded, result, maps, settings, outDir, replay, forwardSeconds, start);
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
        return write(loaded, result, maps, settings, outDir, replay, forwardSeconds, System.nanoTime());
    }

    private ExportResult write(LoadedClip loaded, ForwardResult result, AttentionMaps maps, ExportSettings settings,
            Path outDir, List<String> replay, double forwardSeconds, long start) throws IOException, VideoException {
        TimeSformerConfig config = net.config();
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
        Files.createDirectories(outDir);
        List<Predictions.Prediction> top = Predictions.top(result.logits(), config.labels(), TOP_K);

        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>(loaded.notes());
        if (net.deviceWarning() != null) {
            notes.add(net.deviceWarning());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        int[] indices = loaded.frameIndices();
        double[] times = loaded.timestamps();
        if (formats.contains(ExportFormat.NPZ)) {
            Path npz = outDir.resolve("maps.npz");
            outputs.put("maps.npz", MapsNpz.write(npz, result.logits(), maps, record, settings.attentions(),
                    indices, times));
            files.add(npz);
        }
        CropGeometry geometry = tensor.geometry();
        if (formats.contains(ExportFormat.PNG)) {
            files.addAll(writePngs(loaded.clip(), maps, geometry, settings, outDir.resolve("overlays")));
        }
        if (formats.contains(ExportFormat.SHEET)) {
            String name = settings.modelName() != null ? settings.modelName() : Captions.modelName(checkpoint.path());
            FigureCaption caption = Captions.caption(name, settings.rollout(), config.numLayers(), top.get(0));
            FigureOptions layout = FigureOptions.defaults().withScale(settings.figureScale())
                    .withFullFrame(settings.fullFrame());
            BufferedImage sheet = ContactSheet.render(loaded.clip(), maps, geometry, caption, settings.render(),
                    layout);
            Path file = outDir.resolve("sheet.png");
            PngExporter.write(sheet, file);
            files.add(file);
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("width", sheet.getWidth());
            size.put("height", sheet.getHeight());
            outputs.put("sheet.png", size);
        }
        for (ExportFormat f : formats) {
            if (f.videoFormat() != null) {
                long videoStart = System.nanoTime();
                long cpuStart = Provenance.processCpuNanos();
                OverlayVideo.Result video = writeVideo(loaded, maps, settings, f, outDir);
                double videoSeconds = (System.nanoTime() - videoStart) / 1e9;
                double videoCpu = (Provenance.processCpuNanos() - cpuStart) / 1e9;
                files.add(video.file());
                notes.addAll(video.warnings());
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("codec", video.codec());
                v.put("frames", video.frames());
                v.put("width", video.width());
                v.put("height", video.height());
                v.put("fps", loaded.source().info().fps());
                v.put("seconds", videoSeconds);
                if (cpuStart >= 0) {
                    v.put("processCpuSeconds", videoCpu); // all threads; on a shared machine steadier than wall time
                }
                outputs.put(video.file().getFileName().toString(), v);
            }
        }

        Path json = outDir.resolve("params.json");
        double seconds = (System.nanoTime() - start) / 1e9;
        Sidecar.write(json, sidecar(loaded, settings, formats, top, outputs, files, outDir, notes, replay,
                forwardSeconds, seconds));
        files.add(json);
        return new ExportResult(outDir, files, indices, times, top, notes, forwardSeconds, seconds);
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
            out.addAll(PngExporter.writeOverlays(one, map, geometry, s.fullFrame(), s.render(), dir,
                    String.format(Locale.ROOT, "overlay_t%02d", t)));
        }
        return out;
    }

    /** The overlay video at the source's frame rate over the whole video or the clip's span. */
    private static OverlayVideo.Result writeVideo(LoadedClip loaded, AttentionMaps maps, ExportSettings s,
            ExportFormat format, Path outDir) throws IOException, VideoException {
        VideoSource source = loaded.source();
        VideoInfo info = source.info();
        int[] indices = loaded.frameIndices();
        int from = 0;
        int to = info.frameCount() - 1;
        if (s.videoSpan() == VideoSpan.CLIP) {
            from = java.util.Arrays.stream(indices).min().orElseThrow();
            to = java.util.Arrays.stream(indices).max().orElseThrow();
        }
        MapTimeline timeline = new MapTimeline(indices, maps, s.between());
        Path file = outDir.resolve("overlay." + format.videoFormat().extension());
        try (FramePrefetcher frames = new FramePrefetcher(source, from, to)) {
            return OverlayVideo.write(file, format.videoFormat(), info.fps(), frames, timeline::mapAt, maps.gridH(),
                    maps.gridW(), loaded.tensor().geometry(), s.fullFrame(), s.render());
        } catch (FramePrefetcher.Failed e) {
            throw e.getCause();
        }
    }

    private Map<String, Object> sidecar(LoadedClip loaded, ExportSettings s, Set<ExportFormat> formats,
            List<Predictions.Prediction> top, Map<String, Object> outputs, List<Path> files, Path outDir,
            List<String> notes, List<String> replay, double forwardSeconds, double seconds) throws IOException {
        TimeSformerConfig config = net.config();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "export");
        root.put("createdAt", Instant.now().toString());

        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("path", checkpoint.path().toAbsolutePath().normalize().toString());
        Path weights = net.weightsFile();
        ckpt.put("weightsFile", weights.toAbsolutePath().normalize().toString());
        if (weightsSha256 == null) {
            weightsSha256 = Provenance.sha256(weights); // once per model, not per video of a batch
        }
        ckpt.put("sha256", weightsSha256);
        ckpt.put("headsOption", checkpoint.headsOption());
        root.put("checkpoint", ckpt);
        root.put("config", config);
        root.put("preprocess", net.preprocess());

        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("path", loaded.path().toAbsolutePath().normalize().toString());
        clip.put("kind", loaded.kind().name().toLowerCase(Locale.ROOT));
        Fingerprint fp = Fingerprint.of(loaded.path());
        if (fp.sha256() != null) {
            clip.put("sha256", fp.sha256());
        }
        clip.put("fingerprint", fp.describe());
        ClipTensor tensor = loaded.tensor();
        clip.put("shape", new int[] {tensor.frames(), 3, tensor.height(), tensor.width()});
        clip.put("dtype", "float32");
        if (loaded.source() != null) {
            VideoInfo info = loaded.source().info();
            Map<String, Object> video = new LinkedHashMap<>();
            video.put("codec", info.codec());
            video.put("frameCount", info.frameCount());
            video.put("frameCountMethod", info.frameCountMethod().name().toLowerCase(Locale.ROOT));
            video.put("fps", info.fps());
            video.put("durationSeconds", info.durationSeconds());
            video.put("width", info.width());
            video.put("height", info.height());
            video.put("rotation", info.rotation());
            clip.put("video", video);
            Map<String, Object> sampling = new LinkedHashMap<>(s.sampling().describe());
            Sampling.Selection sel = loaded.selection();
            if (s.sampling().mode() == Sampling.Mode.WINDOW) {
                sampling.put("centre", sel.centre());
                sampling.put("rateUsed", sel.rate());
            }
            clip.put("sampling", sampling);
        }
        clip.put("frameIndices", loaded.frameIndices());
        clip.put("timestamps", finiteOrNull(loaded.timestamps()));
        clip.put("crop", tensor.geometry());
        clip.put("notes", loaded.notes());
        // frames decoded for this export that FFmpeg had to conceal errors in (0 for tensors and folders)
        clip.put("decodeErrors", loaded.source() == null ? 0 : loaded.source().framesWithDecodeErrors());
        root.put("clip", clip);

        root.put("rollout", s.rollout());
        Map<String, Object> render = new LinkedHashMap<>(s.render().describe());
        render.put("on", s.fullFrame() ? "full" : "crop");
        render.put("videoSpan", s.videoSpan().id());
        render.put("between", s.between().name().toLowerCase(Locale.ROOT));
        render.put("figureScale", s.figureScale());
        if (s.modelName() != null) {
            render.put("modelName", s.modelName());
        }
        root.put("render", render);
        root.put("formats", formats.stream().sorted().map(ExportFormat::id).toList());
        root.put("prediction", top);

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("deviceOption", checkpoint.deviceOption());
        run.put("device", net.deviceName());
        if (net.deviceWarning() != null) {
            run.put("deviceWarning", net.deviceWarning());
        }
        run.put("attentionStorage", s.fp16() ? "float16" : "float32");
        run.put("attentionsWritten", s.attentions() && formats.contains(ExportFormat.NPZ));
        run.put("forwardSeconds", forwardSeconds);
        run.put("seconds", seconds);
        run.put("notes", notes);
        root.put("run", run);
        Map<String, Object> out = new LinkedHashMap<>(outputs);
        out.put("files", files.stream().map(f -> outDir.relativize(f).toString().replace('\\', '/')).toList());
        root.put("outputs", out);
        root.put("versions", Provenance.versions(toolVersion));
        root.put("replay", replay);
        return root;
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
