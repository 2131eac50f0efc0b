package org.spacetimelens.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * What demo training needs of a trainable TimeSformer: its parameters (Hugging Face names, in a
 * stable order) and a differentiable forward pass over a batch {@code (B, T, C, H, W)}.
 */
public interface DemoNet extends AutoCloseable {

    TimeSformerConfig config();

    /** Parameters by HF key; the arrays the optimizer updates in place. */
    Map<String, NDArray> parameters();

    /**
     * Logits {@code (B, numLabels)}; with {@code capture}, followed by each layer's attention
     * probabilities: temporal {@code (B·G, heads, T, T)} then spatial {@code (B·T, heads, 1+G, 1+G)}.
     * Every array created here is attached to the input's manager.
     */
    NDList forward(NDArray input, boolean capture);

    @Override
    void close();
}
