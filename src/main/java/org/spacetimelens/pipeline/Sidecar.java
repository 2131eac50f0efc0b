package org.spacetimelens.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.render.ViewShot;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.CropGeometry;

/**
 * The provenance sidecar: {@code params.json} for a whole export run, {@code <artefact>.params.json} beside
 * each artefact of an export ({@link ExportFiles} names them) and beside a screenshot: one
 * typed record written by every exporter (the CLI's {@code export}, the viewer's exports and its
 * screenshots, all through {@link SidecarBuilder}) and read back by {@code export --replay}. Serialised
 * with Jackson in component order; {@code null} components are left out.
 *
 * <p>Schema history: version 1 had no {@code schema} field (sidecars written before it was added; the
 * replay reads them unchanged, see {@link #readReplay}); version 2 adds {@code schema} and gives the
 * screenshot sidecar the same shape as the export's. Later additions that change no field's meaning keep
 * version 2: the {@code layers} label, and the per-artefact sidecars of an export (the same record with
 * {@code artefact} set; {@link ExportFiles}). Layer and head numbers have been 0-based in every version.
 * Version 3 ({@link #COMPARE_SCHEMA}) is written only by the viewer's compare figure: the same record plus a
 * {@code compare} section ({@link CompareSection}) that {@code export --replay} re-draws; an older reader
 * refuses it (it would replay pane A's maps instead of the figure), while every other sidecar stays at
 * version 2 and keeps replaying in older versions.
 *
 * @param schema      the format version, {@link #SCHEMA}; absent (read as 1) in older sidecars
 * @param command     who wrote it: {@code "export"} (CLI), {@code "viewer export"} or {@code "viewer screenshot"}
 * @param createdAt   when it was written (ISO-8601 instant, UTC)
 * @param artefact    the artefact this sidecar describes ({@code sheet.png}, {@code maps.npz},
 *                    {@code overlays/}, {@code overlay.mp4}, a screenshot's file name); null in a run's
 *                    {@code params.json}, which describes every artefact of the run
 * @param checkpoint  which weights ran
 * @param config      the checkpoint's model configuration as loaded ({@code config.json} or the .pyth's): a
 *                    {@code TimeSformerConfig} or, for VideoMAE and ViViT, a {@code JointConfig} record
 * @param preprocess  the image preprocessing applied (resize, crop, mean, std)
 * @param clip        the input and exactly which frames the model saw
 * @param rollout     the rollout options (layers, heads, fusion, discard ratio, residual weight, query, normalisation)
 * @param classTarget for grad-rollout: the class the map explains and the contrast class (index, label,
 *                    probability), the score differentiated and the classes as asked; null otherwise (a new
 *                    field in schema 2, absent in older sidecars)
 * @param layers      the layers used, in the words of the figure title and the viewer: 0-based, range
 *                    inclusive ({@code "layers 0–3"} for {@code --start-layer 0 --up-to-layer 3}, {@code "layer 11"}
 *                    for a single-layer view), with {@code rollout.upToLayer = -1} (the top layer) resolved;
 *                    added in schema 2 without a version change (a new field; absent in older sidecars)
 * @param render      how maps were drawn
 * @param view        a viewer screenshot only: the view pictured (frame or grid, the frame shown, zoom and
 *                    placement, grid layout, overlays, theme colours, scale, colour bar, caption;
 *                    {@link ViewShot}), from which {@code export --replay} re-draws that picture; null
 *                    otherwise (a new field in schema 2: screenshot sidecars without it replay their maps and
 *                    figure instead)
 * @param formats     the artefact formats written (npz, png, sheet, mp4...), sorted: the run's in
 *                    {@code params.json}, the one described in an artefact's sidecar; for a screenshot,
 *                    those its replay writes
 * @param prediction  the most probable classes, best first
 * @param run         the device and timings of this run
 * @param outputs     per written file name, what it holds ({@code maps.npz}: array shapes; {@code sheet.png}:
 *                    {@link ImageSize}; an overlay video: {@link VideoOutput}), plus {@code files}: the
 *                    files described, relative to the output folder (an artefact's sidecar: its own files;
 *                    {@code params.json}: every file of the run, the artefacts' sidecars included)
 * @param versions    tool, Java, DJL, engine and OS versions
 * @param replay      the {@code spacetime-lens export} arguments that reproduce this ({@link ReplayArgs}): the
 *                    whole run for {@code params.json}, only its own format for an artefact's sidecar; for a
 *                    compare figure, pane A's maps (the figure itself is re-drawn from {@code compare})
 * @param compare     a compare figure's panes, each with its full options (schema 3); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "command", "createdAt", "artefact", "checkpoint", "config", "preprocess", "clip",
    "rollout", "classTarget", "layers", "render", "view", "formats", "prediction", "run", "outputs", "versions", "replay",
    "compare"})
public record Sidecar(int schema, String command, String createdAt, String artefact, Checkpoint checkpoint,
        Object config, PreprocessConfig preprocess, ClipInfo clip, RolloutParams rollout,
        ClassTargetInfo classTarget, String layers, RenderInfo render, ViewShot view, List<String> formats,
        List<Predictions.Prediction> prediction, RunInfo run,
        Map<String, Object> outputs, Map<String, String> versions, List<String> replay, CompareSection compare) {

    /** The version written now. */
    public static final int SCHEMA = 2;
    /** The version of a compare figure's sidecar (adds {@code compare}; see the class comment). */
    public static final int COMPARE_SCHEMA = 3;

    /** A sidecar without a compare section (every writer but the compare figure). */
    public Sidecar(int schema, String command, String createdAt, String artefact, Checkpoint checkpoint,
            Object config, PreprocessConfig preprocess, ClipInfo clip, RolloutParams rollout,
            ClassTargetInfo classTarget, String layers, RenderInfo render, ViewShot view, List<String> formats,
            List<Predictions.Prediction> prediction, RunInfo run, Map<String, Object> outputs,
            Map<String, String> versions, List<String> replay) {
        this(schema, command, createdAt, artefact, checkpoint, config, preprocess, clip, rollout, classTarget, layers,
                render, view, formats, prediction, run, outputs, versions, replay, null);
    }

    /**
     * This record as a compare figure's sidecar: schema {@link #COMPARE_SCHEMA}, written by {@code command},
     * describing {@code artefact} (the figure), with the panes in {@code compare}.
     */
    public Sidecar asCompare(String command, String artefact, Map<String, Object> outputs, CompareSection compare) {
        return new Sidecar(COMPARE_SCHEMA, command, createdAt, artefact, checkpoint, config, preprocess, clip, rollout,
                classTarget, layers, render, null, List.of("png"), prediction, run, outputs, versions, replay, compare);
    }

    /** {@link #command} of the CLI's export. */
    public static final String EXPORT = "export";
    /** {@link #command} of an export from the viewer (same files as the CLI's). */
    public static final String VIEWER_EXPORT = "viewer export";
    /** {@link #command} of the viewer's compare figure's sidecar. */
    public static final String VIEWER_COMPARE = "viewer compare";
    /** {@link #command} of the viewer screenshot's sidecar. */
    public static final String VIEWER_SCREENSHOT = "viewer screenshot";

    /**
     * @param path        the checkpoint as the user named it (folder, weights file or .pyth), absolute
     * @param weightsFile the file the weights were read from, absolute
     * @param sha256      that file's SHA-256; a replay refuses to run when it changed
     * @param headsOption the {@code --heads} override (0 = none)
     */
    /**
     * The class a gradient-weighted map explains.
     *
     * @param target        the explained class c
     * @param contrast      the contrast class k, or null
     * @param score         what was differentiated: {@code logit[target]} or {@code logit[target] - logit[contrast]}
     * @param targetAsked   {@code --target-class} as given ("top", an index or a label)
     * @param contrastAsked {@code --contrast-class} as given, or null
     */
    @JsonPropertyOrder({"target", "contrast", "score", "targetAsked", "contrastAsked"})
    public record ClassTargetInfo(ClassEntry target, ClassEntry contrast, String score, String targetAsked,
            String contrastAsked) {
    }

    /** One class: its index, its label and its softmax probability on the clip. */
    public record ClassEntry(int index, String label, double probability) {
    }

    public record Checkpoint(String path, String weightsFile, String sha256, int headsOption) {
    }

    /**
     * @param path         the input (video file, frame folder or .npy tensor), absolute
     * @param kind         {@code video}, {@code folder} or {@code tensor}
     * @param sha256       the input's SHA-256 when it was hashed (files up to 256 MiB), else null
     * @param fingerprint  what a replay compares to refuse a changed input ({@link Fingerprint#describe()})
     * @param shape        the model input {@code (T, 3, H, W)}
     * @param dtype        the model input's element type (always float32)
     * @param video        the source video's properties (null for a tensor)
     * @param sampling     how the frames were chosen (null for a tensor)
     * @param frameIndices source frame per clip position
     * @param timestamps   seconds per clip position (null where unknown: JSON has no NaN)
     * @param crop         where the model's crop sits in the source frame (null for a non-square tensor)
     * @param notes        warnings about the input (sampling changes, video quirks)
     * @param decodeErrors frames decoded for this export in which FFmpeg had to conceal damage (0 for tensors
     *                     and frame folders; a new field in schema 2, absent in older sidecars)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "kind", "sha256", "fingerprint", "shape", "dtype", "video", "sampling",
        "frameIndices", "timestamps", "crop", "notes"})
    public record ClipInfo(String path, String kind, String sha256, Map<String, Object> fingerprint, int[] shape,
            String dtype, SourceVideo video, SamplingInfo sampling, int[] frameIndices, Double[] timestamps,
            CropGeometry crop, List<String> notes, Integer decodeErrors) {
    }

    /**
     * @param codec            the stream's codec name
     * @param frameCount       frames in the video
     * @param frameCountMethod how the count was found (container, index or decode)
     * @param fps              frames per second
     * @param durationSeconds  length
     * @param width            decoded width in pixels (after rotation)
     * @param height           decoded height in pixels (after rotation)
     * @param rotation         display rotation applied, in degrees
     */
    @JsonPropertyOrder({"codec", "frameCount", "frameCountMethod", "fps", "durationSeconds", "width", "height",
        "rotation"})
    public record SourceVideo(String codec, int frameCount, String frameCountMethod, double fps,
            double durationSeconds, int width, int height, int rotation) {
    }

    /**
     * @param mode     uniform, window or explicit
     * @param at       window: the centre asked for, a frame index or {@code "middle"}
     * @param rate     window: the stride asked for
     * @param frames   explicit: the source frames
     * @param pad      repeat the last frame when the video is too short
     * @param centre   window: the centre frame used
     * @param rateUsed window: the stride used (below {@code rate} when the video was too short)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"mode", "at", "rate", "frames", "pad", "centre", "rateUsed"})
    public record SamplingInfo(String mode, Object at, Integer rate, int[] frames, boolean pad, Integer centre,
            Integer rateUsed) {
    }

    /**
     * @param colormap      jet, viridis, inferno, magma, turbo or gray
     * @param blend         additive, alpha or contour
     * @param opacity       heat weight of the alpha blend
     * @param valueWeighted alpha blend: opacity × map value
     * @param upsampling    patch grid to pixels: bilinear or nearest
     * @param threshold     map values below it are left undrawn
     * @param contourLevels iso-levels of the contour blend
     * @param showGrid      the patch grid is drawn
     * @param colorBar      the sheet has a colour bar
     * @param barUnits      colour bar in normalised values or raw rollout mass
     * @param outsideCrop   full-frame drawings outside the model's crop: dim or keep
     * @param on            maps drawn on the full source frame ({@code full}) or the crop
     * @param videoSpan     overlay video over the whole video ({@code all}) or the clip's span
     * @param between       maps of frames between sampled ones: hold or linear
     * @param figureScale   contact sheet scale
     * @param overlayScale  overlay PNGs and videos: times the source size (a new field in schema 2; absent = 1)
     * @param modelName     the model name in the sheet's title when given, else null (the checkpoint's name)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"colormap", "blend", "opacity", "valueWeighted", "upsampling", "threshold", "contourLevels",
        "showGrid", "colorBar", "barUnits", "outsideCrop", "on", "videoSpan", "between", "figureScale", "overlayScale",
        "modelName"})
    public record RenderInfo(String colormap, String blend, float opacity, boolean valueWeighted, String upsampling,
            float threshold, List<Float> contourLevels, boolean showGrid, boolean colorBar, String barUnits,
            String outsideCrop, String on, String videoSpan, String between, double figureScale, double overlayScale,
            String modelName) {
    }

    /**
     * @param deviceOption      the device asked for (auto, cpu or gpu)
     * @param device            the device the model ran on ("cpu()", "gpu(0)")
     * @param deviceWarning     why the device asked for was not used, else null
     * @param attentionStorage  float32 or float16: the precision of the attention the maps came from
     * @param attentionsWritten whether {@code maps.npz} holds the per-layer attentions
     * @param forwardSeconds    wall time of the forward pass (for a viewer screenshot: of the view's analysis)
     * @param seconds           wall time of the whole export (null for a screenshot)
     * @param notes             warnings of this run (input, device, encoder fallbacks)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"deviceOption", "device", "deviceWarning", "attentionStorage", "attentionsWritten",
        "forwardSeconds", "seconds", "notes"})
    public record RunInfo(String deviceOption, String device, String deviceWarning, String attentionStorage,
            boolean attentionsWritten, double forwardSeconds, Double seconds, List<String> notes) {
    }

    /** {@code outputs} entry of a picture: its size in pixels. */
    public record ImageSize(int width, int height) {
    }

    /**
     * {@code outputs} entry of an overlay video.
     *
     * @param processCpuSeconds CPU time of all threads while writing it (steadier than wall time on a shared
     *                          machine), null when the JVM cannot say
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"codec", "frames", "width", "height", "fps", "seconds", "processCpuSeconds"})
    public record VideoOutput(String codec, int frames, int width, int height, double fps, double seconds,
            Double processCpuSeconds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** This sidecar describing a screenshot of {@code shot}. */
    public Sidecar withView(ViewShot shot) {
        return new Sidecar(schema, command, createdAt, artefact, checkpoint, config, preprocess, clip, rollout,
                classTarget, layers, render, shot, formats, prediction, run, outputs, versions, replay, compare);
    }

    /**
     * The screenshot a sidecar describes ({@code view}), or null when it has none (an export's sidecar,
     * or a screenshot's written before the field existed).
     *
     * @throws IOException naming the file when {@code view} is there but malformed
     */
    public static ViewShot readView(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode view = root == null ? null : root.get("view");
        if (view == null || view.isNull()) {
            return null;
        }
        try {
            return JSON.treeToValue(view, ViewShot.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(file + ": its \"view\" (the screenshot it describes) is malformed: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** The sidecar's {@code artefact} (the file it describes), or null. */
    public static String readArtefact(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode a = root == null ? null : root.get("artefact");
        return a == null || !a.isTextual() ? null : a.asText();
    }

    /** Writes this sidecar as indented JSON (under a temporary name, then renamed: {@link AtomicFiles}). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            JSON.writeValue(tmp.toFile(), this);
            return null;
        });
    }

    /** This sidecar as a JSON tree (what {@link #write} writes). */
    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    /**
     * What a replay reads from a sidecar.
     *
     * @param args          the recorded {@code export} arguments
     * @param input         the recorded input ({@code clip.path}), or {@code null}
     * @param fingerprint   the input's recorded fingerprint, or {@code null}
     * @param weightsFile   the checkpoint's weights file ({@code checkpoint.weightsFile}), or {@code null}
     * @param weightsSha256 its recorded SHA-256, or {@code null}
     */
    public record Replay(List<String> args, Path input, Fingerprint fingerprint, Path weightsFile,
                         String weightsSha256) {
        public Replay {
            args = List.copyOf(args);
        }
    }

    /**
     * Reads the replay arguments and the recorded input of a sidecar of any schema: it reads only
     * {@code replay}, {@code clip.path}, {@code clip.fingerprint}, {@code checkpoint.weightsFile} and
     * {@code checkpoint.sha256}, which every version has had with the same meaning, so a sidecar
     * without a {@code schema} field (version 1) replays as before.
     *
     * @throws IOException naming the file when it is not JSON, has no {@code replay} list of strings, or
     *                     comes from a newer version of the tool
     */
    public static Replay readReplay(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a params.json sidecar (invalid JSON: " + e.getOriginalMessage() + ")");
        }
        JsonNode schema = root == null ? null : root.get("schema");
        if (schema != null && schema.canConvertToInt() && schema.asInt() > SCHEMA) {
            throw new IOException(file + ": written with sidecar schema " + schema.asInt() + " by a newer Spacetime "
                    + "Lens; this version (" + ToolInfo.VERSION + ") reads schema " + SCHEMA + " and older");
        }
        JsonNode replay = root == null ? null : root.get("replay");
        if (replay == null || !replay.isArray() || replay.isEmpty()) {
            throw new IOException(file + ": has no \"replay\" argument list; only sidecars written by export or the "
                    + "viewer can be replayed");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : replay) {
            if (!a.isTextual()) {
                throw new IOException(file + ": \"replay\" must be a list of strings, found " + a);
            }
            args.add(a.asText());
        }
        JsonNode clip = root.get("clip");
        Path input = clip != null && clip.hasNonNull("path") ? Path.of(clip.get("path").asText()) : null;
        Fingerprint fp = clip != null && clip.has("fingerprint")
                ? Fingerprint.fromMap(JSON.convertValue(clip.get("fingerprint"), Map.class)) : null;
        JsonNode ckpt = root.get("checkpoint");
        Path weights = ckpt != null && ckpt.hasNonNull("weightsFile") ? Path.of(ckpt.get("weightsFile").asText()) : null;
        String sha = ckpt != null && ckpt.hasNonNull("sha256") ? ckpt.get("sha256").asText() : null;
        return new Replay(args, input, fp, weights, sha);
    }
}
