package org.spacetimelens.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds, reads and validates a VideoMAE or ViViT Hugging Face folder: {@code config.json} +
 * {@code model.safetensors} or {@code pytorch_model.bin} [+ {@code preprocessor_config.json}], through the
 * same readers as TimeSformer checkpoints. Every missing, unexpected or mis-shaped tensor is reported in one
 * exception.
 */
public final class JointCheckpoint {

    private JointCheckpoint() {
    }

    /** A validated checkpoint: exactly the tensors of {@link JointWeights#expectedShapes}. */
    public record Loaded(JointConfig config, PreprocessConfig preprocess, Map<String, RawTensor> weights,
            Path weightsFile, String format) {
    }

    public static Loaded load(Path path) throws CheckpointException {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new CheckpointException(p, "no such file or folder");
        }
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException(p, "a VideoMAE or ViViT checkpoint needs the config.json of its folder, but "
                    + configFile + " does not exist");
        }
        ModelFamily family = ModelLoader.family(configFile);
        if (family == ModelFamily.TIMESFORMER) {
            throw new CheckpointException(configFile, "is a TimeSformer config; load it with TimeSformer.load");
        }
        Path weightsFile = Files.isDirectory(p) ? CheckpointLoader.pickWeights(p) : p;
        boolean safetensors = isSafetensors(weightsFile);
        Map<String, RawTensor> raw = safetensors ? SafetensorsReader.read(weightsFile)
                : TorchZipReader.readStateDict(weightsFile);
        Map<String, RawTensor> weights = withPrefix(raw, family.modelType() + ".");
        RawTensor classifier = weights.get("classifier.weight");
        int labelsHint = classifier != null && classifier.shape().length == 2 ? (int) classifier.shape()[0] : 2;
        JointConfig config = JointConfigFiles.readConfig(configFile, family, labelsHint);
        Map<String, RawTensor> checked = validate(weightsFile, config, weights);
        PreprocessConfig pre = JointConfigFiles.readPreprocess(dir.resolve("preprocessor_config.json"), family);
        return new Loaded(config, pre, checked, weightsFile, safetensors ? "safetensors" : "pytorch");
    }

    private static boolean isSafetensors(Path file) throws CheckpointException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".safetensors")) {
            return true;
        }
        if (n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return !(head.length == 2 && head[0] == 'P' && head[1] == 'K');
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A bare {@code VideoMAEModel}/{@code VivitModel} state dict lacks the base-model prefix: add it. */
    private static Map<String, RawTensor> withPrefix(Map<String, RawTensor> raw, String prefix) {
        boolean bare = raw.keySet().stream().noneMatch(k -> k.startsWith(prefix));
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : raw.entrySet()) {
            String k = e.getKey();
            boolean base = k.startsWith("embeddings.") || k.startsWith("encoder.") || k.startsWith("layernorm.");
            out.put(bare && base ? prefix + k : k, e.getValue());
        }
        return out;
    }

    private static Map<String, RawTensor> validate(Path file, JointConfig config, Map<String, RawTensor> weights)
            throws CheckpointException {
        Map<String, long[]> expected = JointWeights.expectedShapes(config);
        List<String> problems = new ArrayList<>();
        Map<String, RawTensor> out = new LinkedHashMap<>();
        int missing = 0;
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            RawTensor t = weights.get(e.getKey());
            if (t == null) {
                missing++;
                problems.add("missing: " + e.getKey() + " (expected " + RawTensor.shapeString(e.getValue()) + ")");
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("mis-shaped: " + e.getKey() + ": found " + t.shapeString() + ", expected "
                        + RawTensor.shapeString(e.getValue()));
            } else if (!t.dtype().isFloating()) {
                problems.add("wrong dtype: " + e.getKey() + ": " + t.dtype() + ", expected F32, F16, BF16 or F64");
            } else {
                out.put(e.getKey(), t);
            }
        }
        for (Map.Entry<String, RawTensor> e : weights.entrySet()) {
            String k = e.getKey();
            // VivitModel's unused pooler and HF's non-persistent buffers are not part of the classifier
            if (!expected.containsKey(k) && !k.startsWith(config.prefix() + "pooler.") && !k.endsWith("position_ids")) {
                problems.add("unexpected: " + k + " " + e.getValue().shapeString());
            }
        }
        if (problems.isEmpty()) {
            return out;
        }
        StringBuilder sb = new StringBuilder("the weights do not fit a ").append(describe(config)).append(':');
        if (missing == expected.size()) {
            sb.append(" none of its tensors is there (is this a ").append(config.family().displayName())
                    .append(" checkpoint?)");
        }
        int shown = 0;
        for (String s : problems) {
            if (shown++ == 40) {
                sb.append("\n  ... and ").append(problems.size() - 40).append(" more");
                break;
            }
            sb.append("\n  ").append(s);
        }
        if (config.family() == ModelFamily.VIDEOMAE && weights.keySet().stream().anyMatch(k -> k.startsWith("decoder."))) {
            sb.append("\n  (a VideoMAEForPreTraining checkpoint has no classifier; use a fine-tuned one)");
        }
        throw new CheckpointException(file, sb.toString());
    }

    static String describe(JointConfig c) {
        return String.format(Locale.ROOT, "%s (%d layers, hidden %d, %d heads, mlp %d, %d frames, tubelet %d, "
                + "%dx%dpx/%dx%dpx patches, %d labels)", c.family().displayName(), c.numLayers(), c.hiddenSize(),
                c.numHeads(), c.intermediateSize(), c.numFrames(), c.tubeletSize(), c.imageSize(), c.imageWidth(),
                c.patchSize(), c.patchWidth(), c.numLabels());
    }
}
