package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;

/**
 * A summary of the checkpoint loaded in the viewer: what the side panel shows about it, and the
 * shape facts the controls need (layers, heads, frames, patch grid, tubelet). Not to be confused with
 * {@code demo.ModelSummary}, the demo model's written model card.
 *
 * @param architecture the model family's display name ("TimeSformer", "VideoMAE", "ViViT")
 * @param tubelet      sampled frames per temporal token slot t' (1 for TimeSformer)
 * @param tokenLayout  how tokens are ordered and read out ({@code TokenLayout.describe()}), e.g.
 *                     "mean of (t', y, x), tubelet 2"
 * @param recordBytes  bytes of one clip's attention record in float32 (half that in float16), from the model's
 *                     geometry: what the clip cache and the storage policy size themselves by
 */
public record ModelSummary(String name, Path path, String architecture, String attentionType, int frames,
        int tubelet, String tokenLayout, int imageSize, int patchSize, int layers, int heads, int hiddenSize,
        long parameters, List<String> labels, String device, double loadSeconds, long recordBytes) {

    /** The layout TimeSformer's divided and space-only attention have: a CLS per frame, one frame per slot. */
    public static final String TIMESFORMER_LAYOUT = "cls + (t) × (y, x), per frame";

    public ModelSummary {
        labels = List.copyOf(labels);
        if (tubelet < 1) {
            throw new IllegalArgumentException("tubelet must be >= 1, got " + tubelet);
        }
    }

    /** A TimeSformer summary (one frame per token slot). */
    public ModelSummary(String name, Path path, String attentionType, int frames, int imageSize, int patchSize,
            int layers, int heads, int hiddenSize, long parameters, List<String> labels, String device,
            double loadSeconds) {
        this(name, path, "TimeSformer", attentionType, frames, 1, TIMESFORMER_LAYOUT, imageSize, patchSize, layers,
                heads, hiddenSize, parameters, labels, device, loadSeconds,
                org.spacetimelens.model.AttentionRecord.bytesOf(
                        org.spacetimelens.model.AttentionType.fromConfig(attentionType), null, layers, frames,
                        imageSize / patchSize, imageSize / patchSize, heads, false));
    }

    /** Bytes of one clip's attention record, float16 or float32. */
    public long recordBytes(boolean half) {
        return half ? recordBytes / 2 : recordBytes;
    }

    /** Temporal token slots t' of a clip: frames / tubelet. */
    public int slots() {
        return frames / tubelet;
    }

    /** Whether the single-layer temporal view applies (divided space-time attention only). */
    public boolean hasTemporalView() {
        return "divided_space_time".equals(attentionType);
    }

    public int gridSize() {
        return imageSize / patchSize;
    }
}
