package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;

/**
 * Soak tests for the garbage-gradient defect: 300 backward passes on one input must give bit-identical
 * gradients. Between forward and backward each pass runs the garbage collector and then fills fresh
 * direct buffers with 1e33, so any tensor the autograd graph still reads from a Java direct buffer that
 * DJL already let go (the cause: {@code NDArray.mul(Number)}/{@code div(Number)} on the PyTorch engine wrap
 * the scalar around a direct buffer, {@code from_blob}, and close it right after the op, while the graph
 * saved it for backward) reads 1e33 or other garbage instead of its value.
 */
class GradientSoakTest {
    static final int PASSES = 300;

    /**
     * Every tenth pass frees whatever direct buffers are unreachable (a GC); every pass then lets new ones,
     * full of 1e33, take freed memory. Before the fix the first pass already failed (1.9e29 and NaN).
     */
    static void poisonFreedDirectMemory(List<ByteBuffer> keep, int pass) {
        if (pass % 10 == 0) {
            System.gc();
        }
        keep.clear();
        for (int i = 0; i < 64; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(1e33f);
            }
            keep.add(b);
        }
    }

    /** @param graphLimit Long.MAX_VALUE: the single pass; 0: layer by layer (every pass recomputes each layer) */
    @org.junit.jupiter.params.ParameterizedTest(name = "graph limit {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {Long.MAX_VALUE, 0})
    void attentionGradientsAreBitIdenticalOver300Passes(long graphLimit) {
        Engines.ensureOffline();
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 77);
        float[] clip = RandomWeights.clip(78, 4, 3, 16, 16);
        List<ByteBuffer> keep = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu());
                TimeSformerNet net = TimeSformerNet.fromTensors(c, root.newSubManager(), w)) {
            float[] first = null;
            for (int pass = 0; pass < PASSES; pass++) {
                int p = pass;
                try (NDManager sub = net.manager().newSubManager()) {
                    NDArray x = sub.create(clip, new Shape(1, 4, 3, 16, 16));
                    // the sink runs after each layer: the last call is after every layer's temporaries were closed
                    AttentionGradientPass.Result r = AttentionGradientPass.run(net, x, 2, 0,
                            (l, s, t) -> {
                                if (l == c.numLayers() - 1) {
                                    poisonFreedDirectMemory(keep, p);
                                }
                            }, graphLimit);
                    float[] all = concat(r.spatial(), r.temporal());
                    if (first == null) {
                        first = all;
                        assertThat(maxAbs(first)).isGreaterThan(1e-3f).isLessThan(1e3f);
                    } else {
                        assertThat(all).as("pass %d", pass).containsExactly(first);
                    }
                }
            }
        }
    }

    @Test
    void parameterGradientsAreBitIdenticalOver300Passes() {
        Engines.ensureOffline();
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        float[] clip = RandomWeights.clip(79, 8, 3, 16, 16);
        List<ByteBuffer> keep = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu());
                TimeSformerNet net = TimeSformerNet.random(c, root.newSubManager(), 80)) {
            net.setRequiresGradient(true);
            float[] first = null;
            for (int pass = 0; pass < PASSES; pass++) {
                try (NDManager sub = net.manager().newSubManager()) {
                    NDArray x = sub.create(clip, new Shape(2, 4, 3, 16, 16));
                    NDArray labels = sub.create(new float[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 1}, new Shape(2, 5));
                    try (GradientCollector gc = sub.getEngine().newGradientCollector()) {
                        NDArray logits = net.forward(x, false).logits();
                        NDArray loss = logits.logSoftmax(1).mul(labels).sum().neg()
                                .div(TimeSformerNet.scalar(sub, 2f));
                        poisonFreedDirectMemory(keep, pass);
                        gc.backward(loss);
                    }
                    List<float[]> grads = new ArrayList<>();
                    for (String name : net.parameters().keySet()) {
                        grads.add(net.gradient(name, sub).toFloatArray());
                    }
                    net.zeroGradients();
                    float[] all = concat(grads.toArray(float[][]::new), null);
                    if (first == null) {
                        first = all;
                        assertThat(maxAbs(first)).isGreaterThan(1e-4f).isLessThan(1e3f);
                    } else {
                        assertThat(all).as("pass %d", pass).containsExactly(first);
                    }
                }
            }
        }
    }

    static float[] concat(float[][] a, float[][] b) {
        int n = 0;
        for (float[] x : a) {
            n += x.length;
        }
        if (b != null) {
            for (float[] x : b) {
                n += x.length;
            }
        }
        float[] out = new float[n];
        int at = 0;
        for (float[][] part : b == null ? new float[][][] {a} : new float[][][] {a, b}) {
            for (float[] x : part) {
                System.arraycopy(x, 0, out, at, x.length);
                at += x.length;
            }
        }
        return out;
    }

    static float maxAbs(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
