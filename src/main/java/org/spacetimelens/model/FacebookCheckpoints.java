package org.spacetimelens.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * facebookresearch TimeSformer ({@code timesformer/models/vit.py}) state dicts: key names mapped to
 * the HF names of {@link WeightLayout}, and the architecture inferred from tensor shapes, since
 * {@code .pyth} files carry no usable config.
 */
public final class FacebookCheckpoints {
    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");
    private static final Map<String, String> TOP = Map.of(
            "cls_token", WeightLayout.CLS_TOKEN,
            "pos_embed", WeightLayout.POSITION,
            "time_embed", WeightLayout.TIME,
            "patch_embed.proj.weight", WeightLayout.PATCH_WEIGHT,
            "patch_embed.proj.bias", WeightLayout.PATCH_BIAS,
            "norm.weight", WeightLayout.FINAL_NORM + "weight",
            "norm.bias", WeightLayout.FINAL_NORM + "bias",
            "head.weight", WeightLayout.CLASSIFIER + "weight",
            "head.bias", WeightLayout.CLASSIFIER + "bias");
    private static final Map<String, String> IN_BLOCK = Map.ofEntries(
            Map.entry("norm1.", "layernorm_before."),
            Map.entry("attn.qkv.", "attention.attention.qkv."),
            Map.entry("attn.proj.", "attention.output.dense."),
            Map.entry("temporal_norm1.", "temporal_layernorm."),
            Map.entry("temporal_attn.qkv.", "temporal_attention.attention.qkv."),
            Map.entry("temporal_attn.proj.", "temporal_attention.output.dense."),
            Map.entry("temporal_fc.", "temporal_dense."),
            Map.entry("norm2.", "layernorm_after."),
            Map.entry("mlp.fc1.", "intermediate.dense."),
            Map.entry("mlp.fc2.", "output.dense."));

    private FacebookCheckpoints() {
    }

    /** Removes the {@code module.} (DataParallel) and {@code model.} (.pyth) prefixes of a key. */
    public static String stripPrefixes(String key) {
        String k = key;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String p : new String[] {"module.", "model."}) {
                if (k.startsWith(p)) {
                    k = k.substring(p.length());
                    changed = true;
                }
            }
        }
        return k;
    }

    /** Whether the (prefix-stripped) keys use the facebookresearch names. */
    public static boolean isFacebookNaming(Iterable<String> keys) {
        for (String k : keys) {
            if (k.equals("pos_embed") || k.startsWith("patch_embed.") || BLOCK.matcher(k).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The HF name of a facebookresearch key, or null when the key is not a TimeSformer weight. */
    public static String toHfName(String key) {
        String top = TOP.get(key);
        if (top != null) {
            return top;
        }
        Matcher m = BLOCK.matcher(key);
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(2);
        for (Map.Entry<String, String> e : IN_BLOCK.entrySet()) {
            if (rest.startsWith(e.getKey())) {
                String suffix = rest.substring(e.getKey().length());
                if (suffix.equals("weight") || suffix.equals("bias")) {
                    return WeightLayout.layer(Integer.parseInt(m.group(1))) + e.getValue() + suffix;
                }
            }
        }
        return null;
    }

    /**
     * The architecture implied by the shapes of a facebookresearch state dict (keys already
     * prefix-stripped): hidden size, channels and patch from {@code patch_embed.proj.weight}, grid
     * from {@code pos_embed}, frames from {@code time_embed}, depth from the {@code blocks.i}
     * indices, MLP width from {@code mlp.fc1}, classes from {@code head}, qkv bias from its
     * presence, attention type from the presence of {@code temporal_attn} / {@code time_embed}.
     *
     * @param heads attention heads, or 0 for hidden/64 (the ViT-B convention)
     */
    public static TimeSformerConfig inferConfig(Path file, Map<String, RawTensor> fb, int heads) throws CheckpointException {
        List<String> problems = new ArrayList<>();
        long[] patch = shape(fb, "patch_embed.proj.weight", 4, problems);
        long[] pos = shape(fb, "pos_embed", 3, problems);
        long[] fc1 = shape(fb, "blocks.0.mlp.fc1.weight", 2, problems);
        long[] head = shape(fb, "head.weight", 2, problems);
        if (!problems.isEmpty()) {
            throw new CheckpointException(file, "cannot infer the architecture of this facebookresearch checkpoint:\n  "
                    + String.join("\n  ", problems));
        }
        int hidden = (int) patch[0];
        if (patch[2] != patch[3]) {
            throw new CheckpointException(file, "patch_embed.proj.weight " + RawTensor.shapeString(patch)
                    + " has a non-square kernel");
        }
        long g = pos[1] - 1;
        int grid = (int) Math.round(Math.sqrt(g));
        if (g < 1 || (long) grid * grid != g) {
            throw new CheckpointException(file, "pos_embed " + RawTensor.shapeString(pos)
                    + " does not hold 1 + a square number of positions");
        }
        int layers = 0;
        boolean temporal = false;
        for (String k : fb.keySet()) {
            Matcher m = BLOCK.matcher(k);
            if (m.matches()) {
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
                temporal |= m.group(2).startsWith("temporal_attn.");
            }
        }
        RawTensor time = fb.get("time_embed");
        AttentionType type = temporal ? AttentionType.DIVIDED_SPACE_TIME
                : time != null ? AttentionType.JOINT_SPACE_TIME : AttentionType.SPACE_ONLY;
        int frames = time != null && time.shape().length == 3 ? (int) time.shape()[1] : 8;
        int h = heads > 0 ? heads : hidden / 64;
        if (h == 0 || hidden % h != 0) {
            throw new CheckpointException(file, "cannot infer the number of attention heads: hidden size " + hidden
                    + (heads > 0 ? " is not divisible by " + heads : " is not a multiple of 64")
                    + "; pass the head count explicitly (--heads N)");
        }
        int numLabels = (int) head[0];
        List<String> labels = new ArrayList<>(numLabels);
        for (int i = 0; i < numLabels; i++) {
            labels.add("LABEL_" + i);
        }
        boolean qkvBias = fb.containsKey("blocks.0.attn.qkv.bias");
        return new TimeSformerConfig(grid * (int) patch[2], (int) patch[2], (int) patch[1], frames, hidden, layers,
                h, (int) fc1[0], "gelu", 1e-6, qkvBias, type, numLabels, List.copyOf(labels));
    }

    /** Renames a facebookresearch state dict to HF names; keys that are not weights keep their name. */
    static Map<String, RawTensor> toHfNames(Map<String, RawTensor> fb, Map<String, String> originalNames) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : fb.entrySet()) {
            String hf = toHfName(e.getKey());
            String name = hf == null ? e.getKey() : hf;
            out.put(name, e.getValue());
            originalNames.put(name, e.getKey());
        }
        return out;
    }

    private static long[] shape(Map<String, RawTensor> fb, String key, int rank, List<String> problems) {
        RawTensor t = fb.get(key);
        if (t == null) {
            problems.add("missing " + key);
            return null;
        }
        if (t.shape().length != rank) {
            problems.add(key + " has shape " + t.shapeString() + ", expected rank " + rank);
            return null;
        }
        return t.shape();
    }
}
