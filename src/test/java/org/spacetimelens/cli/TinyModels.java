package org.spacetimelens.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.CheckpointWriters;
import org.spacetimelens.model.testing.ReferenceTimeSformer;

/** Tiny checkpoints, clips and .npz reading for the CLI tests (built on the model package's test helpers). */
final class TinyModels {

    private TinyModels() {
    }

    static Path hfFolder(Path dir, TimeSformerConfig config, Map<String, RawTensor> weights) throws IOException {
        return CheckpointWriters.writeHfFolder(dir, config, weights, true, TensorDType.F32);
    }

    static Path clip(Path file, float[] values, int frames, int height, int width) throws IOException {
        return NpyTestFiles.float32(file, new long[] {frames, 3, height, width}, values);
    }

    /** Every array of an .npz, read by DJL's own decoder (independent of our writer), as float32 values. */
    static Map<String, float[]> readNpz(Path npz, Map<String, long[]> shapes) throws IOException {
        Engines.ensureOffline();
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                InputStream in = Files.newInputStream(npz)) {
            NDList list = NDList.decode(manager, in);
            for (var a : list) {
                out.put(a.getName(), a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
                shapes.put(a.getName(), a.getShape().getShape());
            }
        }
        return out;
    }

    /** The reference forward pass's attention as a float32 record (for the dense rollout oracle). */
    static AttentionRecord record(TimeSformerConfig c, ReferenceTimeSformer.Result ref, int frames, int gh, int gw) {
        float[][] s = new float[c.numLayers()][];
        float[][] t = ref.temporal() == null ? null : new float[c.numLayers()][];
        for (int l = 0; l < c.numLayers(); l++) {
            s[l] = toFloat(ref.spatial()[l]);
            if (t != null) {
                t[l] = toFloat(ref.temporal()[l]);
            }
        }
        return AttentionRecord.ofFloat(c.attentionType(), frames, gh, gw, c.numHeads(), s, t);
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
