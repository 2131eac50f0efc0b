package org.spacetimelens.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.TimeSformerConfig;

/** Adapters around a {@link DemoNet}. */
public final class DemoNets {
    private DemoNets() {
    }

    /** A new randomly initialised net for {@code cfg}, parameters owned by a child of {@code manager}. */
    public static DemoNet create(TimeSformerConfig cfg, NDManager manager, long seed) {
        return new ProvisionalTimeSformer(cfg, manager, seed);
    }

    /** The net as a single-clip predictor (no gradients; each call's arrays closed on return). */
    public static ClipPredictor predictor(DemoNet net, NDManager manager) {
        TimeSformerConfig c = net.config();
        int t = c.numFrames();
        int s = c.imageSize();
        int g = c.gridSize() * c.gridSize();
        return (clip, capture) -> {
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(clip, new Shape(1, t, 3, s, s));
                NDList out = net.forward(x, capture);
                float[] logits = out.get(0).toFloatArray();
                AttentionRecord rec = null;
                if (capture) {
                    float[][] spatial = new float[c.numLayers()][];
                    float[][] temporal = new float[c.numLayers()][];
                    for (int l = 0; l < c.numLayers(); l++) {
                        temporal[l] = out.get(1 + 2 * l).toFloatArray();
                        spatial[l] = out.get(2 + 2 * l).toFloatArray();
                    }
                    rec = AttentionRecord.ofFloat(c.attentionType(), t, c.gridSize(), c.gridSize(), c.numHeads(),
                            spatial, temporal);
                }
                return new ForwardResult(logits, rec);
            }
        };
    }
}
