package org.spacetimelens.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code config.json} and {@code preprocessor_config.json} of VideoMAE and ViViT folders, with each
 * class's own defaults ({@code VideoMAEConfig}, {@code VivitConfig}, {@code VideoMAEImageProcessor},
 * {@code VivitImageProcessor}) for the fields a file leaves out.
 */
public final class JointConfigFiles {

    private JointConfigFiles() {
    }

    /**
     * Reads the config of a VideoMAE or ViViT classifier.
     *
     * @param defaultNumLabels label count used when the file has neither {@code id2label} nor {@code num_labels}
     * @throws CheckpointException naming the file and the field that is wrong
     */
    public static JointConfig readConfig(Path file, ModelFamily family, int defaultNumLabels) throws CheckpointException {
        JsonNode root = HfConfigFiles.readObject(file);
        boolean vivit = family == ModelFamily.VIVIT;
        int[] image = sizePair(file, root, "image_size", 224, !vivit);
        int[] patch;
        int tubelet;
        if (vivit) {
            // VivitTubeletEmbeddings: Conv3d(kernel = stride = tubelet_size [t, ph, pw]); any ph, pw
            JsonNode t = root.get("tubelet_size");
            if (t == null || t.isNull()) {
                tubelet = 2;
                patch = new int[] {16, 16};
            } else if (t.isArray() && t.size() == 3 && positive(t.get(0)) && positive(t.get(1)) && positive(t.get(2))) {
                tubelet = t.get(0).asInt();
                patch = new int[] {t.get(1).asInt(), t.get(2).asInt()};
            } else {
                throw new CheckpointException(file, "field 'tubelet_size' is " + t
                        + "; expected [frames, patch height, patch width] with positive integers");
            }
        } else {
            // VideoMAEPatchEmbeddings: image_size and patch_size are an int or an (h, w) iterable
            patch = sizePair(file, root, "patch_size", 16, true);
            tubelet = HfConfigFiles.positiveInt(file, root, "tubelet_size", 2);
        }
        int channels = HfConfigFiles.positiveInt(file, root, "num_channels", 3);
        int frames = HfConfigFiles.positiveInt(file, root, "num_frames", vivit ? 32 : 16);
        int hidden = HfConfigFiles.positiveInt(file, root, "hidden_size", 768);
        int layers = HfConfigFiles.positiveInt(file, root, "num_hidden_layers", 12);
        int heads = HfConfigFiles.positiveInt(file, root, "num_attention_heads", 12);
        int intermediate = HfConfigFiles.positiveInt(file, root, "intermediate_size", 3072);
        String act = HfConfigFiles.text(file, root, "hidden_act", vivit ? "gelu_fast" : "gelu");
        if (!JointConfig.ACTIVATIONS.contains(act)) {
            throw new CheckpointException(file, "field 'hidden_act' is '" + act + "'; supported: "
                    + String.join(", ", JointConfig.ACTIVATIONS));
        }
        double eps = positiveDouble(file, root, "layer_norm_eps", vivit ? 1e-6 : 1e-12);
        boolean qkvBias = bool(file, root, "qkv_bias", true);
        boolean meanPooling = !vivit && bool(file, root, "use_mean_pooling", true);
        List<String> labels = HfConfigFiles.labels(file, root, defaultNumLabels);
        if (hidden % heads != 0) {
            throw new CheckpointException(file, "field 'hidden_size' (" + hidden
                    + ") is not divisible by 'num_attention_heads' (" + heads + ")");
        }
        if (patch[0] > image[0] || patch[1] > image[1]) {
            throw new CheckpointException(file, "the patch (" + patch[0] + "x" + patch[1]
                    + " px) is larger than 'image_size' (" + image[0] + "x" + image[1] + ")");
        }
        if (tubelet > frames) {
            throw new CheckpointException(file, "the tubelet (" + tubelet + " frames) is longer than 'num_frames' ("
                    + frames + ")");
        }
        return new JointConfig(family, image[0], patch[0], tubelet, channels, frames, hidden, layers, heads,
                intermediate, act, eps, qkvBias, meanPooling, labels.size(), List.copyOf(labels), image[1], patch[1]);
    }

    /**
     * The preprocessing of a folder: its {@code preprocessor_config.json} when present, fields it leaves
     * out taking the family's processor defaults; without the file, those defaults.
     *
     * <p>ViViT ({@code VivitImageProcessor}): shortest edge 256, crop 224, rescale 1/127.5 then
     * {@code offset} (subtract 1: [-1, 1]), normalise with mean = std = 0.5. The offset is folded into the
     * mean ({@code (x·s − 1 − m)/σ = (x·s − (m + 1))/σ}); the legacy {@code do_zero_centering} spelling
     * rescales by twice the factor, as the processor of that time did.
     */
    public static PreprocessConfig readPreprocess(Path file, ModelFamily family) throws CheckpointException {
        boolean present = file != null && Files.isRegularFile(file);
        if (family != ModelFamily.VIVIT) {
            return present ? HfConfigFiles.readPreprocess(file)
                    : new PreprocessConfig(HfConfigFiles.HF_DEFAULT_SIZE, HfConfigFiles.HF_DEFAULT_SIZE, 1.0 / 255.0,
                            triple(0.5f), triple(0.5f));
        }
        ObjectNode root = present ? ((ObjectNode) HfConfigFiles.readObject(file)).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (!has(root, "size")) {
            root.putObject("size").put("shortest_edge", 256);
        }
        if (!has(root, "crop_size")) {
            root.putObject("crop_size").put("height", 224).put("width", 224);
        }
        boolean legacy = !has(root, "offset") && has(root, "do_zero_centering");
        if (!has(root, "rescale_factor")) {
            root.put("rescale_factor", legacy ? 1.0 / 255.0 : 1.0 / 127.5);
        }
        if (!has(root, "do_normalize")) {
            root.put("do_normalize", !legacy);
        }
        Path shown = present ? file : Path.of("preprocessor_config.json");
        boolean offset = bool(shown, root, legacy ? "do_zero_centering" : "offset", true);
        boolean rescale = bool(shown, root, "do_rescale", true);
        PreprocessConfig p = HfConfigFiles.parsePreprocess(shown, root);
        if (!(offset && rescale)) {
            return p;
        }
        float[] mean = p.mean().clone();
        for (int i = 0; i < mean.length; i++) {
            mean[i] += 1f;
        }
        double factor = legacy ? p.rescaleFactor() * 2 : p.rescaleFactor();
        PreprocessConfig shifted = new PreprocessConfig(p.shortestEdge(), p.cropSize(), factor, mean, p.std());
        return p.exactResize() ? shifted.withExactResize(p.resizeWidth(), p.resizeHeight()) : shifted;
    }

    private static boolean has(JsonNode root, String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    private static float[] triple(float v) {
        return new float[] {v, v, v};
    }

    /**
     * {@code [height, width]} of a field that is one positive int or, where {@code pairs} (VideoMAE, whose patch
     * embedding takes any iterable), an {@code [h, w]} pair. ViViT divides {@code image_size} as an int, so only
     * a square pair is taken there.
     */
    private static int[] sizePair(Path file, JsonNode root, String field, int dflt, boolean pairs)
            throws CheckpointException {
        JsonNode v = root.get(field);
        if (v != null && v.isArray()) {
            if (v.size() != 2 || !positive(v.get(0)) || !positive(v.get(1))) {
                throw new CheckpointException(file, "field '" + field + "' is " + v
                        + "; expected a positive integer or a [height, width] pair of them");
            }
            if (!pairs && v.get(0).asInt() != v.get(1).asInt()) {
                throw new CheckpointException(file, "field '" + field + "' is " + v
                        + "; ViViT takes one integer (square frames; VivitTubeletEmbeddings divides it by the patch)");
            }
            return new int[] {v.get(0).asInt(), v.get(1).asInt()};
        }
        int side = HfConfigFiles.positiveInt(file, root, field, dflt);
        return new int[] {side, side};
    }

    private static boolean positive(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToInt() && v.asInt() > 0;
    }

    private static double positiveDouble(Path file, JsonNode root, String field, double dflt)
            throws CheckpointException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw new CheckpointException(file, "field '" + field + "' must be a positive number, found " + v);
        }
        return v.asDouble();
    }

    private static boolean bool(Path file, JsonNode root, String field, boolean dflt) throws CheckpointException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new CheckpointException(file, "field '" + field + "' must be true or false, found " + v);
        }
        return v.asBoolean();
    }
}
