package org.spacetimelens.model.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.WeightLayout;

/**
 * Random weights for every tensor of a config, by HF name. Unlike a fresh HF init, every value is
 * informative: layer-norm weights are 1 ± noise, biases and time embeddings are non-zero, and the
 * qkv weights are large enough that attention is far from uniform, so layout and indexing bugs
 * change the outputs.
 */
public final class RandomWeights {
    private RandomWeights() {
    }

    /** Deterministic random weights for {@code config}. */
    public static Map<String, RawTensor> generate(TimeSformerConfig config, long seed) {
        Random r = new Random(seed);
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : WeightLayout.expectedShapes(config).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            int n = Math.toIntExact(numel(shape));
            float[] v = new float[n];
            boolean norm = name.contains("layernorm") || name.startsWith(WeightLayout.FINAL_NORM);
            double std;
            double mean = 0;
            if (norm && name.endsWith(".weight")) {
                mean = 1;
                std = 0.2;
            } else if (name.endsWith(".bias")) {
                std = 0.1;
            } else if (shape.length == 2 || shape.length == 4) {
                long fanIn = shape.length == 2 ? shape[1] : shape[1] * shape[2] * shape[3];
                std = (name.contains("qkv") ? 2.0 : 1.0) / Math.sqrt(fanIn);
            } else {
                std = 0.5; // embeddings
            }
            for (int i = 0; i < n; i++) {
                v[i] = (float) (mean + std * r.nextGaussian());
            }
            out.put(name, RawTensor.ofFloats(name, shape, v));
        }
        return out;
    }

    /** A random clip (T, C, H, W) with values in roughly [-2, 2], like normalised pixels. */
    public static float[] clip(long seed, int frames, int channels, int height, int width) {
        Random r = new Random(seed);
        float[] v = new float[frames * channels * height * width];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Element count of a shape. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
