package org.spacetimelens.model.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.JointWeights;
import org.spacetimelens.model.ModelFamily;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TensorDType;

/**
 * Tiny VideoMAE and ViViT checkpoints for tests: configs, random weights in the HF state-dict names, and
 * Hugging Face folders ({@code config.json} with HF field names, safetensors or a torch zip).
 */
public final class JointCheckpoints {

    private JointCheckpoints() {
    }

    /** VideoMAE: 4 frames of 16², tubelet 2, patch 8: N = 2·2·2 = 8 tokens; 2 layers, 2 heads, 5 labels. */
    public static JointConfig videoMae() {
        return new JointConfig(ModelFamily.VIDEOMAE, 16, 8, 2, 3, 4, 16, 2, 2, 32, "gelu", 1e-12, true, true, 5,
                TinyConfigs.labels(5));
    }

    /** ViViT: 6 frames of 16², tubelet 2, patch 8: N = 1 + 3·2·2 = 13 tokens; 2 layers, 2 heads, gelu_fast. */
    public static JointConfig vivit() {
        return new JointConfig(ModelFamily.VIVIT, 16, 8, 2, 3, 6, 16, 2, 2, 32, "gelu_fast", 1e-6, true, false, 5,
                TinyConfigs.labels(5));
    }

    /** The same config with other pooling / bias / activation choices. */
    public static JointConfig with(JointConfig c, boolean qkvBias, boolean meanPooling, String act) {
        return new JointConfig(c.family(), c.imageSize(), c.patchSize(), c.tubeletSize(), c.numChannels(),
                c.numFrames(), c.hiddenSize(), c.numLayers(), c.numHeads(), c.intermediateSize(), act,
                c.layerNormEps(), qkvBias, meanPooling, c.numLabels(), c.labels(), c.imageWidth(), c.patchWidth());
    }

    /**
     * The same config with another geometry: {@code frames} frames (not necessarily a multiple of the tubelet),
     * {@code height × width} images and {@code patchH × patchW} patches.
     */
    public static JointConfig reshaped(JointConfig c, int frames, int height, int width, int patchH, int patchW) {
        return new JointConfig(c.family(), height, patchH, c.tubeletSize(), c.numChannels(), frames, c.hiddenSize(),
                c.numLayers(), c.numHeads(), c.intermediateSize(), c.hiddenAct(), c.layerNormEps(), c.qkvBias(),
                c.useMeanPooling(), c.numLabels(), c.labels(), width, patchW);
    }

    /**
     * Deterministic random weights: layer norms 1 ± 0.2, biases ~0.1, matrices ~1/√fan-in (query and key
     * twice that, so attention is far from uniform), embeddings ~0.5.
     */
    public static Map<String, RawTensor> weights(JointConfig c, long seed) {
        Random r = new Random(seed);
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : JointWeights.expectedShapes(c).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            int n = 1;
            for (long s : shape) {
                n *= (int) s;
            }
            boolean norm = name.contains("layernorm") || name.startsWith("fc_norm");
            double mean = 0;
            double std;
            if (norm && name.endsWith(".weight")) {
                mean = 1;
                std = 0.2;
            } else if (name.endsWith("bias")) {
                std = 0.1;
            } else if (name.endsWith(".weight")) {
                long fanIn = n / shape[0];
                boolean qk = name.contains("query") || name.contains("key");
                std = (qk ? 2.0 : 1.0) / Math.sqrt(fanIn);
            } else {
                std = 0.5;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (mean + std * r.nextGaussian());
            }
            out.put(name, RawTensor.ofFloats(name, shape, v));
        }
        return out;
    }

    /** A random normalised clip {@code (T, C, H, W)} of the config's size. */
    public static float[] clip(JointConfig c, long seed) {
        return RandomWeights.clip(seed, c.numFrames(), c.numChannels(), c.imageSize(), c.imageWidth());
    }

    /**
     * Writes a HF folder: {@code config.json} (every field spelled out, HF names), the weights, and
     * {@code preprocessor_config.json} when {@code preprocessorJson} is not null.
     */
    public static Path writeHfFolder(Path dir, JointConfig c, Map<String, RawTensor> weights, boolean safetensors,
            TensorDType dtype, String preprocessorJson) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        boolean vivit = c.family() == ModelFamily.VIVIT;
        root.putArray("architectures").add(vivit ? "VivitForVideoClassification" : "VideoMAEForVideoClassification");
        root.put("model_type", c.family().modelType());
        if (c.imageWidth() == c.imageSize()) {
            root.put("image_size", c.imageSize());
        } else {
            root.putArray("image_size").add(c.imageSize()).add(c.imageWidth());
        }
        root.put("num_channels", c.numChannels());
        root.put("num_frames", c.numFrames());
        if (vivit) {
            root.putArray("tubelet_size").add(c.tubeletSize()).add(c.patchSize()).add(c.patchWidth());
        } else if (c.patchWidth() == c.patchSize()) {
            root.put("patch_size", c.patchSize());
            root.put("tubelet_size", c.tubeletSize());
            root.put("use_mean_pooling", c.useMeanPooling());
        } else {
            root.putArray("patch_size").add(c.patchSize()).add(c.patchWidth());
            root.put("tubelet_size", c.tubeletSize());
            root.put("use_mean_pooling", c.useMeanPooling());
        }
        root.put("hidden_size", c.hiddenSize());
        root.put("num_hidden_layers", c.numLayers());
        root.put("num_attention_heads", c.numHeads());
        root.put("intermediate_size", c.intermediateSize());
        root.put("hidden_act", c.hiddenAct());
        root.put("layer_norm_eps", c.layerNormEps());
        root.put("qkv_bias", c.qkvBias());
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        List<String> labels = c.labels();
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), root);
        if (preprocessorJson != null) {
            Files.writeString(dir.resolve("preprocessor_config.json"), preprocessorJson);
        }
        if (safetensors) {
            CheckpointWriters.writeSafetensors(dir.resolve("model.safetensors"), weights, dtype);
        } else {
            CheckpointWriters.writeTorchZip(dir.resolve("pytorch_model.bin"), weights,
                    CheckpointWriters.TorchOptions.hf().withDtype(dtype));
        }
        return dir;
    }
}
