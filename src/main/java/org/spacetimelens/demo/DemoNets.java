package org.spacetimelens.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;

/** Single-clip predictors over the model package's network and loaded checkpoints. */
public final class DemoNets {
    private DemoNets() {
    }

    /** The net as a single-clip predictor (no gradients; each call's arrays closed on return). */
    public static ClipPredictor predictor(TimeSformerNet net) {
        TimeSformerConfig c = net.config();
        int t = c.numFrames();
        int s = c.imageSize();
        return (clip, capture) -> {
            try (NDManager sub = net.manager().newSubManager()) {
                NDArray x = sub.create(clip, new Shape(1, t, 3, s, s));
                TimeSformerNet.Output out = net.forward(x, capture);
                float[] logits = out.logits().toFloatArray();
                AttentionRecord rec = null;
                if (capture) {
                    float[][] spatial = new float[c.numLayers()][];
                    float[][] temporal = new float[c.numLayers()][];
                    for (int l = 0; l < c.numLayers(); l++) {
                        spatial[l] = out.spatial().get(l).toFloatArray();
                        temporal[l] = out.temporal().get(l).toFloatArray();
                    }
                    rec = AttentionRecord.ofFloat(c.attentionType(), out.frames(), out.gridH(), out.gridW(),
                            c.numHeads(), spatial, temporal);
                }
                return new ForwardResult(logits, rec);
            }
        };
    }

    /** A loaded checkpoint as a single-clip predictor at its configured frames and size. */
    public static ClipPredictor predictor(TimeSformer model) {
        TimeSformerConfig c = model.config();
        int s = model.preprocess().cropSize();
        return (clip, capture) -> model.forward(clip, c.numFrames(), s, s, capture, false);
    }
}
