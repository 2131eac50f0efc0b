package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.util.List;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.video.CropGeometry;

/**
 * The result of one forward pass over a clip: the attention record the maps are rolled out from,
 * the model's top predictions, and where the model's crop sits in the source frame.
 *
 * @param frameIndices source frame of each clip frame t
 * @param frames       the decoded clip frames at source resolution (for the grid and the figure)
 * @param logits       the model's raw output, one per class
 * @param seconds      wall time of decode + preprocess + forward
 */
public record ClipAnalysis(ClipKey key, int[] frameIndices, double[] timestamps, List<BufferedImage> frames,
        CropGeometry crop, AttentionRecord record, float[] logits, List<Prediction> predictions, double seconds) {

    public ClipAnalysis {
        frames = List.copyOf(frames);
        predictions = List.copyOf(predictions);
    }

    public int frameCount() {
        return frameIndices.length;
    }

    /** Bytes this analysis holds (for the byte-bounded cache). */
    public long byteSize() {
        long pixels = 0;
        for (BufferedImage f : frames) {
            pixels += (long) f.getWidth() * f.getHeight();
        }
        return record.byteSize() + pixels * 4;
    }

    /** Sampled frames per map: a joint model's tubelet covers this many clip frames (1 for TimeSformer). */
    public int tubelet() {
        return record.tubelet();
    }

    /** The temporal token slot t' (map index of the record, query token t) that clip frame t belongs to. */
    public int slotOf(int t) {
        return t / record.tubelet();
    }

    /** First and last source frame of the clip. */
    public int firstFrame() {
        return frameIndices[0];
    }

    public int lastFrame() {
        return frameIndices[frameIndices.length - 1];
    }

    /** The clip frame whose source index is nearest to {@code videoFrame} (the map held there). */
    public int nearestClipFrame(int videoFrame) {
        int best = 0;
        for (int t = 1; t < frameIndices.length; t++) {
            if (Math.abs(frameIndices[t] - videoFrame) < Math.abs(frameIndices[best] - videoFrame)) {
                best = t;
            }
        }
        return best;
    }

    /** The clip frame sampled exactly at {@code videoFrame}, or -1. */
    public int clipFrameAt(int videoFrame) {
        for (int t = 0; t < frameIndices.length; t++) {
            if (frameIndices[t] == videoFrame) {
                return t;
            }
        }
        return -1;
    }
}
