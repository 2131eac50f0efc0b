package org.spacetimelens.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The {@code compare} section of a compare figure's {@link Sidecar} (schema 3): which frame the figure
 * shows, how it is laid out, and every pane with its full options and the {@code export} arguments that
 * recompute its maps ({@link ReplayArgs}, attention precision as the viewer held it). {@code export --replay}
 * re-draws the figure from it.
 *
 * @param frame           the source video frame the panes show
 * @param clipFrame       the clip frame t whose maps are drawn on it
 * @param difference      the figure ends with the pane A − B
 * @param differenceUnits A − B's units in words (its colour bar's title), or null without a difference
 * @param title           the figure's title line
 * @param paneHeight      each picture's height in layout units
 * @param scale           the figure's scale (1 screen, 2 print)
 * @param panes           A, B (, C, D), in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"frame", "clipFrame", "difference", "differenceUnits", "title", "paneHeight", "scale", "panes"})
public record CompareSection(int frame, int clipFrame, boolean difference, String differenceUnits, String title,
        double paneHeight, double scale, List<Pane> panes) {

    public CompareSection {
        panes = List.copyOf(panes);
    }

    /**
     * One pane.
     *
     * @param label            its letter
     * @param caption          its settings in one line, as the figure writes them
     * @param checkpoint       the weights it ran (its own model, or the figure's)
     * @param rollout          its map options
     * @param classTarget      for a class-specific method, the class explained; else null
     * @param layers           the layers used, in words
     * @param render           how its map is drawn
     * @param attentionStorage float32 or float16: the attention its maps came from
     * @param replay           the {@code export} arguments that recompute its maps
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"label", "caption", "checkpoint", "rollout", "classTarget", "layers", "render",
        "attentionStorage", "replay"})
    public record Pane(String label, String caption, Sidecar.Checkpoint checkpoint, RolloutParams rollout,
            Sidecar.ClassTargetInfo classTarget, String layers, Sidecar.RenderInfo render, String attentionStorage,
            List<String> replay) {

        /** The pane as its own (screenshot-style) sidecar describes it. */
        public static Pane of(String label, String caption, Sidecar s) {
            return new Pane(label, caption, s.checkpoint(), s.rollout(), s.classTarget(), s.layers(), s.render(),
                    s.run() == null ? null : s.run().attentionStorage(), s.replay());
        }
    }

    /** What a replay reads back: the layout, and per pane its letter, caption, checkpoint and arguments. */
    public record Replay(int frame, int clipFrame, boolean difference, String title, double paneHeight, double scale,
            List<PaneReplay> panes, Path input, Fingerprint fingerprint) {
    }

    /** One pane as a replay reads it. */
    public record PaneReplay(String label, String caption, List<String> args, Path weightsFile, String sha256) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether {@code file} is a compare figure's sidecar (has a {@code compare} section); false if unreadable. */
    public static boolean isCompare(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return root != null && root.hasNonNull("compare");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the compare section of a sidecar for a replay.
     *
     * @throws IOException naming the file and the field when it is not a readable compare sidecar
     */
    public static Replay read(Path file) throws IOException {
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
        if (schema != null && schema.canConvertToInt() && schema.asInt() > Sidecar.COMPARE_SCHEMA) {
            throw new IOException(file + ": written with sidecar schema " + schema.asInt() + " by a newer Spacetime "
                    + "Lens; this version (" + ToolInfo.VERSION + ") reads schema " + Sidecar.COMPARE_SCHEMA
                    + " and older");
        }
        JsonNode c = root == null ? null : root.get("compare");
        if (c == null || !c.isObject()) {
            throw new IOException(file + ": has no \"compare\" section; it is not a compare figure's sidecar");
        }
        JsonNode panes = c.get("panes");
        if (panes == null || !panes.isArray() || panes.isEmpty()) {
            throw new IOException(file + ": \"compare.panes\" must be a non-empty list");
        }
        List<PaneReplay> out = new ArrayList<>();
        for (JsonNode p : panes) {
            JsonNode replay = p.get("replay");
            if (replay == null || !replay.isArray() || replay.isEmpty()) {
                throw new IOException(file + ": pane " + p.path("label").asText("?") + " has no \"replay\" list");
            }
            List<String> args = new ArrayList<>();
            for (JsonNode a : replay) {
                if (!a.isTextual()) {
                    throw new IOException(file + ": pane " + p.path("label").asText("?")
                            + ": \"replay\" must be a list of strings, found " + a);
                }
                args.add(a.asText());
            }
            JsonNode ck = p.path("checkpoint");
            out.add(new PaneReplay(p.path("label").asText("?"), p.path("caption").asText(""), args,
                    ck.hasNonNull("weightsFile") ? Path.of(ck.get("weightsFile").asText()) : null,
                    ck.hasNonNull("sha256") ? ck.get("sha256").asText() : null));
        }
        for (String f : List.of("frame", "clipFrame", "paneHeight", "scale")) {
            if (!c.hasNonNull(f) || !c.get(f).isNumber()) {
                throw new IOException(file + ": \"compare." + f + "\" must be a number");
            }
        }
        if (out.size() > 4) {
            throw new IOException(file + ": \"compare.panes\" lists " + out.size()
                    + " panes; a compare figure has 2 or 4");
        }
        double height = c.get("paneHeight").asDouble();
        double scale = c.get("scale").asDouble();
        if (!(height >= 16 && height <= 4096) || !(scale > 0 && scale <= 8)) {
            throw new IOException(file + ": \"compare.paneHeight\" must be 16–4096 and \"compare.scale\" in (0, 8], "
                    + "found " + height + " and " + scale);
        }
        if (c.get("frame").asInt() < 0 || c.get("clipFrame").asInt() < 0) {
            throw new IOException(file + ": \"compare.frame\" and \"compare.clipFrame\" must be >= 0");
        }
        JsonNode clip = root.get("clip");
        Path input = clip != null && clip.hasNonNull("path") ? Path.of(clip.get("path").asText()) : null;
        @SuppressWarnings("unchecked")
        Fingerprint fp = clip != null && clip.has("fingerprint")
                ? Fingerprint.fromMap(JSON.convertValue(clip.get("fingerprint"), java.util.Map.class)) : null;
        return new Replay(c.get("frame").asInt(), c.get("clipFrame").asInt(), c.path("difference").asBoolean(false),
                c.hasNonNull("title") ? c.get("title").asText() : null, c.get("paneHeight").asDouble(),
                c.get("scale").asDouble(), out, input, fp);
    }
}
