package org.spacetimelens.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hugging Face {@code config.json} and {@code preprocessor_config.json} ⇄ {@link TimeSformerConfig}
 * and {@link PreprocessConfig}. Missing fields take the {@code TimesformerConfig} defaults; wrong
 * ones are refused with the file and field named.
 */
public final class HfConfigFiles {
    /** Largest config file read (real ones are a few tens of KB even with 700 labels). */
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private HfConfigFiles() {
    }

    /** Reads {@code config.json}; without {@code id2label} and {@code num_labels} there are 2 generic labels (HF's default). */
    public static TimeSformerConfig readConfig(Path file) throws CheckpointException {
        return readConfig(file, 2);
    }

    /**
     * Reads {@code config.json}.
     *
     * @param defaultNumLabels label count used when the file has neither {@code id2label} nor {@code num_labels}
     */
    public static TimeSformerConfig readConfig(Path file, int defaultNumLabels) throws CheckpointException {
        JsonNode root = readObject(file);
        JsonNode modelType = root.get("model_type");
        if (modelType != null && !"timesformer".equals(modelType.asText())) {
            throw new CheckpointException(file, "field 'model_type' is '" + modelType.asText()
                    + "', expected 'timesformer'");
        }
        int imageSize = squareInt(file, root, "image_size", 224);
        int patchSize = squareInt(file, root, "patch_size", 16);
        int channels = positiveInt(file, root, "num_channels", 3);
        int frames = positiveInt(file, root, "num_frames", 8);
        int hidden = positiveInt(file, root, "hidden_size", 768);
        int layers = positiveInt(file, root, "num_hidden_layers", 12);
        int heads = positiveInt(file, root, "num_attention_heads", 12);
        int intermediate = positiveInt(file, root, "intermediate_size", 3072);
        String act = text(file, root, "hidden_act", "gelu");
        if (!"gelu".equals(act)) {
            throw new CheckpointException(file, "field 'hidden_act' is '" + act
                    + "'; only 'gelu' (the exact erf GELU TimeSformer uses) is supported");
        }
        JsonNode epsNode = root.get("layer_norm_eps");
        double eps = 1e-6;
        if (epsNode != null && !epsNode.isNull()) {
            if (!epsNode.isNumber() || !(epsNode.asDouble() > 0)) {
                throw new CheckpointException(file, "field 'layer_norm_eps' must be a positive number, found " + epsNode);
            }
            eps = epsNode.asDouble();
        }
        JsonNode biasNode = root.get("qkv_bias");
        boolean qkvBias = true;
        if (biasNode != null && !biasNode.isNull()) {
            if (!biasNode.isBoolean()) {
                throw new CheckpointException(file, "field 'qkv_bias' must be true or false, found " + biasNode);
            }
            qkvBias = biasNode.asBoolean();
        }
        AttentionType type;
        try {
            type = AttentionType.fromConfig(text(file, root, "attention_type", "divided_space_time"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "field 'attention_type': " + e.getMessage());
        }
        List<String> labels = labels(file, root, defaultNumLabels);
        if (hidden % heads != 0) {
            throw new CheckpointException(file, "field 'hidden_size' (" + hidden
                    + ") is not divisible by 'num_attention_heads' (" + heads + ")");
        }
        if (patchSize > imageSize) {
            throw new CheckpointException(file, "field 'patch_size' (" + patchSize + ") is larger than 'image_size' ("
                    + imageSize + ")");
        }
        return new TimeSformerConfig(imageSize, patchSize, channels, frames, hidden, layers, heads, intermediate,
                act, eps, qkvBias, type, labels.size(), List.copyOf(labels));
    }

    /** {@code VideoMAEImageProcessor}'s defaults for fields a preprocessor file leaves out. */
    static final int HF_DEFAULT_SIZE = 224;
    static final float HF_DEFAULT_MEAN_STD = 0.5f;

    /**
     * Reads {@code preprocessor_config.json} ({@code VideoMAEImageProcessor}). {@code size} may be an
     * int or {@code {shortest_edge}} (resize the shortest edge), or {@code {height, width}} (resize to
     * exactly that, as HF does); {@code crop_size} an int or {@code {height, width}} (a non-square crop
     * is taken as its smaller side: the model's input is square). A field the file leaves out takes
     * {@code VideoMAEImageProcessor}'s default, as {@code from_pretrained} does: size 224 (shortest
     * edge), crop 224, rescale 1/255, mean and std 0.5 (ImageNet "standard"). TimeSformer
     * checkpoints spell all of them out (mean 0.45, std 0.225).
     */
    public static PreprocessConfig readPreprocess(Path file) throws CheckpointException {
        return parsePreprocess(file, readObject(file));
    }

    /** {@link #readPreprocess} of an already read file (e.g. with another processor's defaults filled in). */
    static PreprocessConfig parsePreprocess(Path file, JsonNode root) throws CheckpointException {
        int shortest = sizeField(file, root, "size", HF_DEFAULT_SIZE, true);
        int crop = sizeField(file, root, "crop_size", HF_DEFAULT_SIZE, false);
        int[] exact = exactSize(root.get("size")); // HF resizes to exactly {height, width}, ignoring the aspect
        JsonNode doCrop = root.get("do_center_crop");
        if (doCrop != null && doCrop.isBoolean() && !doCrop.asBoolean()) {
            crop = shortest;
        }
        double rescale = 1.0 / 255.0;
        JsonNode rf = root.get("rescale_factor");
        if (rf != null && !rf.isNull()) {
            if (!rf.isNumber() || !(rf.asDouble() > 0)) {
                throw new CheckpointException(file, "field 'rescale_factor' must be a positive number, found " + rf);
            }
            rescale = rf.asDouble();
        }
        JsonNode doRescale = root.get("do_rescale");
        if (doRescale != null && doRescale.isBoolean() && !doRescale.asBoolean()) {
            rescale = 1.0;
        }
        float[] mean = triple(file, root, "image_mean", HF_DEFAULT_MEAN_STD);
        float[] std = triple(file, root, "image_std", HF_DEFAULT_MEAN_STD);
        for (float s : std) {
            if (!(s > 0)) {
                throw new CheckpointException(file, "field 'image_std' must be positive, found " + s);
            }
        }
        JsonNode doNorm = root.get("do_normalize");
        if (doNorm != null && doNorm.isBoolean() && !doNorm.asBoolean()) {
            mean = new float[] {0f, 0f, 0f};
            std = new float[] {1f, 1f, 1f};
        }
        PreprocessConfig config = new PreprocessConfig(shortest, crop, rescale, mean, std);
        return exact == null ? config : config.withExactResize(exact[1], exact[0]);
    }

    /** Writes an HF {@code config.json} that {@code TimesformerForVideoClassification.from_pretrained} accepts. */
    public static void writeConfig(Path file, TimeSformerConfig c) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("TimesformerForVideoClassification");
        root.put("model_type", "timesformer");
        root.put("attention_type", c.attentionType().configName());
        root.put("image_size", c.imageSize());
        root.put("patch_size", c.patchSize());
        root.put("num_channels", c.numChannels());
        root.put("num_frames", c.numFrames());
        root.put("hidden_size", c.hiddenSize());
        root.put("num_hidden_layers", c.numLayers());
        root.put("num_attention_heads", c.numHeads());
        root.put("intermediate_size", c.intermediateSize());
        root.put("hidden_act", c.hiddenAct());
        root.put("hidden_dropout_prob", 0.0);
        root.put("attention_probs_dropout_prob", 0.0);
        root.put("drop_path_rate", 0.0);
        root.put("initializer_range", 0.02);
        root.put("layer_norm_eps", c.layerNormEps());
        root.put("qkv_bias", c.qkvBias());
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        for (int i = 0; i < c.labels().size(); i++) {
            id2label.put(Integer.toString(i), c.labels().get(i));
            label2id.put(c.labels().get(i), i);
        }
        root.put("torch_dtype", "float32");
        JSON.writeValue(file.toFile(), root);
    }

    /** Writes a {@code preprocessor_config.json} in the {@code VideoMAEImageProcessor} format. */
    public static void writePreprocess(Path file, PreprocessConfig p) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("image_processor_type", "VideoMAEImageProcessor");
        root.put("do_resize", true);
        if (p.exactResize()) {
            root.putObject("size").put("height", p.resizeHeight()).put("width", p.resizeWidth());
        } else {
            root.putObject("size").put("shortest_edge", p.shortestEdge());
        }
        root.put("resample", 2);
        root.put("do_center_crop", true);
        root.putObject("crop_size").put("height", p.cropSize()).put("width", p.cropSize());
        root.put("do_rescale", true);
        root.put("rescale_factor", p.rescaleFactor());
        root.put("do_normalize", true);
        ArrayNode mean = root.putArray("image_mean");
        ArrayNode std = root.putArray("image_std");
        for (int i = 0; i < p.mean().length; i++) {
            mean.add(p.mean()[i]);
            std.add(p.std()[i]);
        }
        JSON.writeValue(file.toFile(), root);
    }

    static JsonNode readObject(Path file) throws CheckpointException {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new CheckpointException(file, "is " + size + " bytes; a config file should be a few KB");
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new CheckpointException(file, "must contain a JSON object");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    static int positiveInt(Path file, JsonNode root, String field, int dflt) throws CheckpointException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new CheckpointException(file, "field '" + field + "' must be a positive integer, found " + v);
        }
        return v.asInt();
    }

    /** An int or a [h, w] pair with h == w (TimeSformer is square). */
    private static int squareInt(Path file, JsonNode root, String field, int dflt) throws CheckpointException {
        JsonNode v = root.get(field);
        if (v != null && v.isArray()) {
            if (v.size() != 2 || !v.get(0).isIntegralNumber() || v.get(0).asInt() != v.get(1).asInt()
                    || v.get(0).asInt() <= 0) {
                throw new CheckpointException(file, "field '" + field + "' is " + v
                        + "; only square sizes (one positive integer) are supported");
            }
            return v.get(0).asInt();
        }
        return positiveInt(file, root, field, dflt);
    }

    static String text(Path file, JsonNode root, String field, String dflt) throws CheckpointException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new CheckpointException(file, "field '" + field + "' must be a string, found " + v);
        }
        return v.asText();
    }

    static List<String> labels(Path file, JsonNode root, int defaultNumLabels) throws CheckpointException {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || id2label.isNull()) {
            int n = positiveInt(file, root, "num_labels", defaultNumLabels);
            List<String> generic = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                generic.add("LABEL_" + i);
            }
            return generic;
        }
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new CheckpointException(file, "field 'id2label' must be a non-empty object {\"0\": \"label\", ...}");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                throw new CheckpointException(file, "field 'id2label' has a non-integer id '" + e.getKey() + "'");
            }
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file, "field 'id2label' id " + id + " maps to " + e.getValue()
                        + ", expected a string");
            }
            byId.put(id, e.getValue().asText());
        }
        List<String> out = new ArrayList<>(byId.size());
        int expected = 0;
        for (Map.Entry<Integer, String> e : byId.entrySet()) {
            if (e.getKey() != expected) {
                throw new CheckpointException(file, "field 'id2label' ids must be 0.." + (byId.size() - 1)
                        + " without gaps; id " + expected + " is missing");
            }
            out.add(e.getValue());
            expected++;
        }
        return out;
    }

    /** {height, width} of a {@code size} given as {@code {"height": h, "width": w}} (no shortest_edge), else null. */
    private static int[] exactSize(JsonNode v) {
        if (v == null || !v.isObject() || v.has("shortest_edge")) {
            return null;
        }
        JsonNode h = v.get("height");
        JsonNode w = v.get("width");
        return h != null && w != null && h.isIntegralNumber() && w.isIntegralNumber() ? new int[] {h.asInt(), w.asInt()}
                : null;
    }

    private static int sizeField(Path file, JsonNode root, String field, int dflt, boolean allowShortest)
            throws CheckpointException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isIntegralNumber() && v.asInt() > 0) {
            return v.asInt();
        }
        if (v.isObject()) {
            JsonNode se = v.get("shortest_edge");
            if (allowShortest && se != null && se.isIntegralNumber() && se.asInt() > 0) {
                return se.asInt();
            }
            JsonNode h = v.get("height");
            JsonNode w = v.get("width");
            if (h != null && w != null && h.isIntegralNumber() && w.isIntegralNumber() && h.asInt() > 0 && w.asInt() > 0) {
                return Math.min(h.asInt(), w.asInt());
            }
        }
        throw new CheckpointException(file, "field '" + field + "' is " + v + "; expected an integer, "
                + (allowShortest ? "{\"shortest_edge\": n} or " : "") + "{\"height\": h, \"width\": w}");
    }

    private static float[] triple(Path file, JsonNode root, String field, float dflt) throws CheckpointException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return new float[] {dflt, dflt, dflt};
        }
        if (v.isNumber()) {
            float f = (float) v.asDouble();
            return new float[] {f, f, f};
        }
        if (v.isArray() && v.size() == 3) {
            float[] out = new float[3];
            for (int i = 0; i < 3; i++) {
                if (!v.get(i).isNumber()) {
                    throw new CheckpointException(file, "field '" + field + "' must hold numbers, found " + v);
                }
                out[i] = (float) v.get(i).asDouble();
            }
            return out;
        }
        throw new CheckpointException(file, "field '" + field + "' must be a number or a list of 3 numbers, found " + v);
    }
}
