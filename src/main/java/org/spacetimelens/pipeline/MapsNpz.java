package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Half;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * {@code maps.npz} as {@code export} writes it: {@code logits} (num_labels), {@code rollout} and
 * {@code rollout_raw} (T, gh, gw), optionally {@code spatial_attention} (L, T, heads, 1+G, 1+G) and
 * {@code temporal_attention} (L, G, heads, T, T) in the HF layouts (float32), {@code frame_indices} (T,
 * int64: the source frame of each clip position) and {@code timestamps} (T, float64 seconds; NaN when the
 * input has no timing, i.e. a preprocessed tensor).
 *
 * <p>Joint attention of VideoMAE and ViViT ({@link AttentionRecord#layout()} other than TimeSformer's):
 * {@code rollout} and {@code rollout_raw} are {@code (t', gh, gw)}, one map per tubelet, and the attention is
 * {@code attention} {@code (L, heads, N, N)} in the model's own token order (HF {@code output_attentions}
 * without the batch axis); {@code frame_indices} and {@code timestamps} list every sampled frame (T, with
 * {@code t' = T // tubelet}: frames after the last full tubelet are listed though no map covers them).
 *
 * <p>With attention gradients (grad-rollout) and attentions, also {@code spatial_attention_grad} and {@code temporal_attention_grad}: the gradient of the target
 * score with respect to each probability, float32, in the same layouts; for VideoMAE and ViViT
 * {@code attention_grad} {@code (L, heads, N, N)} beside {@code attention}.
 */
public final class MapsNpz {

    private MapsNpz() {
    }

    /**
     * Writes the file.
     *
     * @return the shape of every array written, by name, in file order
     */
    public static Map<String, long[]> write(Path npz, float[] logits, AttentionMaps maps, AttentionRecord record,
            boolean attentions, int[] frameIndices, double[] timestamps) throws IOException {
        return write(npz, logits, maps, record, null, attentions, frameIndices, timestamps);
    }

    /**
     * Writes the file, with the attention gradients when {@code gradients} is not null and {@code attentions}.
     *
     * @return the shape of every array written, by name, in file order
     */
    public static Map<String, long[]> write(Path npz, float[] logits, AttentionMaps maps, AttentionRecord record,
            AttentionGradients gradients, boolean attentions, int[] frameIndices, double[] timestamps)
            throws IOException {
        int tubelet = record == null ? 1 : record.tubelet();
        if (frameIndices.length / tubelet != maps.frames() || timestamps.length != frameIndices.length) {
            throw new IllegalArgumentException(frameIndices.length + " frame indices and " + timestamps.length
                    + " timestamps for " + maps.frames() + " maps of " + tubelet + " frames each");
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long[] mapShape = {maps.frames(), maps.gridH(), maps.gridW()};
        try (NpzWriter writer = new NpzWriter(npz)) {
            shapes.put("logits", new long[] {logits.length});
            writer.write("logits", shapes.get("logits"), logits);
            shapes.put("rollout", mapShape);
            writer.write("rollout", mapShape, maps.values());
            shapes.put("rollout_raw", mapShape);
            writer.write("rollout_raw", mapShape, maps.raw());
            boolean ownOrder = record != null && record.layout() != null
                    && !record.layout().equals(org.spacetimelens.model.TokenLayout.TIMESFORMER_JOINT);
            if (attentions && ownOrder) {
                long n = record.jointTokens();
                long[] shape = {record.layers(), record.heads(), n, n};
                shapes.put("attention", shape);
                writer.write("attention", shape, layerChunks(record, false));
                if (gradients != null) {
                    shapes.put("attention_grad", shape);
                    writer.write("attention_grad", shape, gradientChunks(gradients, false));
                }
            } else if (attentions) {
                long layers = record.layers();
                long heads = record.heads();
                long[] spatial = record.type() == AttentionType.JOINT_SPACE_TIME
                        ? new long[] {layers, 1, heads, 1L + (long) record.patches() * record.frames(),
                            1L + (long) record.patches() * record.frames()}
                        : new long[] {layers, record.frames(), heads, record.tokensPerFrame(), record.tokensPerFrame()};
                shapes.put("spatial_attention", spatial);
                writer.write("spatial_attention", spatial, layerChunks(record, false));
                if (record.type() == AttentionType.DIVIDED_SPACE_TIME) {
                    long[] temporal = {layers, record.patches(), heads, record.frames(), record.frames()};
                    shapes.put("temporal_attention", temporal);
                    writer.write("temporal_attention", temporal, layerChunks(record, true));
                }
                if (gradients != null) {
                    shapes.put("spatial_attention_grad", spatial);
                    writer.write("spatial_attention_grad", spatial, gradientChunks(gradients, false));
                    if (record.type() == AttentionType.DIVIDED_SPACE_TIME) {
                        long[] temporal = shapes.get("temporal_attention");
                        shapes.put("temporal_attention_grad", temporal);
                        writer.write("temporal_attention_grad", temporal, gradientChunks(gradients, true));
                    }
                }
            }
            long[] indices = new long[frameIndices.length];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = frameIndices[i];
            }
            shapes.put("frame_indices", new long[] {indices.length});
            writer.writeInt64("frame_indices", indices);
            shapes.put("timestamps", new long[] {timestamps.length});
            writer.writeFloat64("timestamps", timestamps);
        }
        return shapes;
    }

    /** One chunk per layer of the gradients (float32, not copied). */
    static NpzWriter.Chunks gradientChunks(AttentionGradients g, boolean temporal) {
        return new NpzWriter.Chunks() {
            @Override
            public int count() {
                return g.layers();
            }

            @Override
            public float[] chunk(int layer) {
                return temporal ? g.temporal(layer) : g.spatial(layer);
            }
        };
    }

    /** Values per chunk of a mapped record (16 MB as float32): a layer of ViViT-B is never on the heap whole. */
    static final int MAPPED_CHUNK = 1 << 22;

    /** One chunk per layer, float16 records widened on the fly; mapped records in pieces of a layer. */
    static NpzWriter.Chunks layerChunks(AttentionRecord record, boolean temporal) {
        if (record.isMapped()) {
            return mappedChunks(record, temporal);
        }
        return new NpzWriter.Chunks() {
            @Override
            public int count() {
                return record.layers();
            }

            @Override
            public float[] chunk(int layer) {
                if (!record.isHalf()) {
                    return temporal ? record.temporalFloat(layer) : record.spatialFloat(layer);
                }
                short[] half = temporal ? record.temporalHalf(layer) : record.spatialHalf(layer);
                float[] values = new float[half.length];
                for (int i = 0; i < half.length; i++) {
                    values[i] = Half.toFloat(half[i]);
                }
                return values;
            }
        };
    }

    private static NpzWriter.Chunks mappedChunks(AttentionRecord record, boolean temporal) {
        int layerValues = temporal ? record.temporalSize() : record.spatialSize();
        int perLayer = Math.max(1, (layerValues + MAPPED_CHUNK - 1) / MAPPED_CHUNK);
        return new NpzWriter.Chunks() {
            @Override
            public int count() {
                return record.layers() * perLayer;
            }

            @Override
            public float[] chunk(int i) {
                int layer = i / perLayer;
                int from = (i % perLayer) * MAPPED_CHUNK;
                int n = Math.min(MAPPED_CHUNK, layerValues - from);
                float[] values = new float[n];
                if (!record.isHalf()) {
                    record.readFloat(temporal, layer, from, values, 0, n);
                    return values;
                }
                short[] half = new short[n];
                record.readHalf(temporal, layer, from, half, 0, n);
                for (int j = 0; j < n; j++) {
                    values[j] = Half.toFloat(half[j]);
                }
                return values;
            }
        };
    }
}
