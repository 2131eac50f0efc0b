package org.spacetimelens.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds, reads and validates a checkpoint: a Hugging Face folder ({@code config.json} +
 * {@code model.safetensors} or {@code pytorch_model.bin} [+ {@code preprocessor_config.json}]),
 * a weights file inside such a folder, or a facebookresearch {@code .pyth}/{@code .pth}. Both
 * naming schemes end up as one set of HF-named weights checked against {@link WeightLayout};
 * every missing, unexpected or mis-shaped tensor is reported in one exception.
 */
public final class CheckpointLoader {
    private CheckpointLoader() {
    }

    /**
     * A validated checkpoint.
     *
     * @param weights     exactly the tensors of {@link WeightLayout#expectedShapes(TimeSformerConfig)}, HF names
     * @param weightsFile the file the tensors came from
     * @param format      "safetensors", "pytorch" (HF names in a torch zip) or "facebookresearch"
     */
    public record LoadedCheckpoint(TimeSformerConfig config, PreprocessConfig preprocess,
            Map<String, RawTensor> weights, Path weightsFile, String format) {
    }

    /**
     * @param heads attention heads for facebookresearch files (0 = hidden/64); ignored when a config.json exists
     */
    public static LoadedCheckpoint load(Path path, int heads) throws CheckpointException {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new CheckpointException(p, "no such file or folder");
        }
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        Path weightsFile = Files.isDirectory(p) ? pickWeights(p) : p;
        Path configFile = dir.resolve("config.json");
        boolean safetensors = isSafetensors(weightsFile);

        Map<String, RawTensor> raw = safetensors ? SafetensorsReader.read(weightsFile)
                : TorchZipReader.readStateDict(weightsFile);
        Map<String, RawTensor> stripped = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : raw.entrySet()) {
            stripped.put(FacebookCheckpoints.stripPrefixes(e.getKey()), e.getValue());
        }
        Map<String, String> originalNames = new HashMap<>();
        Map<String, RawTensor> weights;
        TimeSformerConfig config;
        String format;
        if (FacebookCheckpoints.isFacebookNaming(stripped.keySet())) {
            config = FacebookCheckpoints.inferConfig(weightsFile, stripped, heads);
            weights = FacebookCheckpoints.toHfNames(stripped, originalNames);
            format = "facebookresearch";
        } else {
            weights = hfNames(raw);
            if (!Files.isRegularFile(configFile)) {
                throw new CheckpointException(weightsFile, "Hugging Face weights need the config.json of their folder, "
                        + "but " + configFile + " does not exist");
            }
            RawTensor classifier = weights.get(WeightLayout.CLASSIFIER + "weight");
            int labelsHint = classifier != null && classifier.shape().length == 2 ? (int) classifier.shape()[0] : 2;
            config = HfConfigFiles.readConfig(configFile, labelsHint);
            format = safetensors ? "safetensors" : "pytorch";
        }
        Map<String, RawTensor> checked = validate(weightsFile, config, weights, originalNames);
        Path preFile = dir.resolve("preprocessor_config.json");
        PreprocessConfig pre = !format.equals("facebookresearch") && Files.isRegularFile(preFile)
                ? HfConfigFiles.readPreprocess(preFile)
                : PreprocessConfig.defaults(config.imageSize());
        return new LoadedCheckpoint(config, pre, checked, weightsFile, format);
    }

    /** The single weights file of a Hugging Face folder (shared with {@link JointCheckpoint}). */
    static Path pickWeights(Path dir) throws CheckpointException {
        for (String name : new String[] {"model.safetensors", "pytorch_model.bin"}) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        if (Files.exists(dir.resolve("model.safetensors.index.json")) || Files.exists(dir.resolve("pytorch_model.bin.index.json"))) {
            throw new CheckpointException(dir, "sharded checkpoints (*.index.json) are not supported; "
                    + "save the model as a single file (save_pretrained(..., max_shard_size=\"10GB\"))");
        }
        throw new CheckpointException(dir, "folder holds neither model.safetensors nor pytorch_model.bin");
    }

    private static boolean isSafetensors(Path file) throws CheckpointException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".safetensors")) {
            return true;
        }
        if (n.endsWith(".bin") || n.endsWith(".pyth") || n.endsWith(".pth") || n.endsWith(".pt")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return !(head.length == 2 && head[0] == 'P' && head[1] == 'K') && (head.length == 0 || (head[0] & 0xFF) != 0x80);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** HF keys as saved by TimesformerForVideoClassification; a bare TimesformerModel lacks "timesformer.". */
    private static Map<String, RawTensor> hfNames(Map<String, RawTensor> raw) {
        boolean bare = raw.keySet().stream().noneMatch(k -> k.startsWith("timesformer."))
                && raw.keySet().stream().anyMatch(k -> k.startsWith("embeddings.") || k.startsWith("encoder."));
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : raw.entrySet()) {
            String k = e.getKey();
            boolean base = k.startsWith("embeddings.") || k.startsWith("encoder.") || k.startsWith("layernorm.");
            out.put(bare && base ? "timesformer." + k : k, e.getValue());
        }
        return out;
    }

    private static Map<String, RawTensor> validate(Path file, TimeSformerConfig config, Map<String, RawTensor> weights,
            Map<String, String> originalNames) throws CheckpointException {
        Map<String, long[]> expected = WeightLayout.expectedShapes(config);
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        List<String> badType = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            RawTensor t = weights.get(e.getKey());
            String shown = shown(e.getKey(), originalNames);
            if (t == null) {
                missing.add(shown + " (expected " + RawTensor.shapeString(e.getValue()) + ")");
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                misShaped.add(shown + ": found " + t.shapeString() + ", expected " + RawTensor.shapeString(e.getValue()));
            } else if (!t.dtype().isFloating()) {
                badType.add(shown + ": dtype " + t.dtype() + ", expected F32, F16, BF16 or F64");
            } else {
                out.put(e.getKey(), t);
            }
        }
        for (Map.Entry<String, RawTensor> e : weights.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                unexpected.add(shown(e.getKey(), originalNames) + " " + e.getValue().shapeString());
            }
        }
        if (missing.isEmpty() && misShaped.isEmpty() && badType.isEmpty() && unexpected.isEmpty()) {
            return out;
        }
        StringBuilder sb = new StringBuilder("the weights do not fit a ").append(describe(config)).append(':');
        section(sb, "missing", missing);
        section(sb, "mis-shaped", misShaped);
        section(sb, "wrong dtype", badType);
        section(sb, "unexpected", unexpected);
        throw new CheckpointException(file, sb.toString());
    }

    private static String shown(String hfName, Map<String, String> originalNames) {
        String orig = originalNames.get(hfName);
        return orig == null || orig.equals(hfName) ? hfName : orig + " (= " + hfName + ")";
    }

    private static void section(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("\n  ").append(items.size()).append(' ').append(title).append(':');
        for (String s : items) {
            sb.append("\n    ").append(s);
        }
    }

    static String describe(TimeSformerConfig c) {
        return String.format(Locale.ROOT, "%s TimeSformer (%d layers, hidden %d, %d heads, mlp %d, %d frames, %dpx/%dpx patches, %d labels)",
                c.attentionType().configName(), c.numLayers(), c.hiddenSize(), c.numHeads(), c.intermediateSize(),
                c.numFrames(), c.imageSize(), c.patchSize(), c.numLabels());
    }
}
