package org.spacetimelens.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * Writes a trained net as an ordinary Hugging Face folder: {@code config.json} (with readable
 * {@code id2label}), {@code model.safetensors} (F32, HF key names, via DJL's own safetensors
 * encoder) and {@code preprocessor_config.json} (VideoMAEImageProcessor fields, as the hub's
 * TimeSformer repos ship).
 */
public final class HfFolderWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HfFolderWriter() {
    }

    public static void write(DemoNet net, PreprocessConfig pp, Path dir) throws IOException {
        Files.createDirectories(dir);
        TimeSformerConfig c = net.config();
        JSON.writeValue(dir.resolve("config.json").toFile(), config(c));
        JSON.writeValue(dir.resolve("preprocessor_config.json").toFile(), preprocessor(pp));
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
            NDArray copy = e.getValue().duplicate();
            copy.setName(e.getKey());
            list.add(copy);
        }
        try (OutputStream os = Files.newOutputStream(dir.resolve("model.safetensors"))) {
            list.encode(os, NDList.Encoding.SAFETENSORS);
        } finally {
            list.close();
        }
    }

    static ObjectNode config(TimeSformerConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("TimesformerForVideoClassification");
        n.put("model_type", "timesformer");
        n.put("image_size", c.imageSize());
        n.put("patch_size", c.patchSize());
        n.put("num_channels", c.numChannels());
        n.put("num_frames", c.numFrames());
        n.put("hidden_size", c.hiddenSize());
        n.put("num_hidden_layers", c.numLayers());
        n.put("num_attention_heads", c.numHeads());
        n.put("intermediate_size", c.intermediateSize());
        n.put("hidden_act", c.hiddenAct());
        n.put("hidden_dropout_prob", 0.0);
        n.put("attention_probs_dropout_prob", 0.0);
        n.put("drop_path_rate", 0.0);
        n.put("initializer_range", 0.02);
        n.put("layer_norm_eps", c.layerNormEps());
        n.put("qkv_bias", c.qkvBias());
        n.put("attention_type", c.attentionType().configName());
        ObjectNode id2label = n.putObject("id2label");
        ObjectNode label2id = n.putObject("label2id");
        List<String> labels = c.labels();
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        n.put("torch_dtype", "float32");
        return n;
    }

    static ObjectNode preprocessor(PreprocessConfig pp) {
        ObjectNode n = JSON.createObjectNode();
        n.put("image_processor_type", "VideoMAEImageProcessor");
        n.put("do_resize", true);
        n.putObject("size").put("shortest_edge", pp.shortestEdge());
        n.put("resample", 2); // PIL bilinear
        n.put("do_center_crop", true);
        n.putObject("crop_size").put("height", pp.cropSize()).put("width", pp.cropSize());
        n.put("do_rescale", true);
        n.put("rescale_factor", pp.rescaleFactor());
        n.put("do_normalize", true);
        ArrayNode mean = n.putArray("image_mean");
        ArrayNode std = n.putArray("image_std");
        for (int i = 0; i < 3; i++) {
            mean.add(pp.mean()[i]);
            std.add(pp.std()[i]);
        }
        return n;
    }
}
