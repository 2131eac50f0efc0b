package org.spacetimelens.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded video transformer, whatever its family: what the rollout, the pipeline, the CLI and the viewer
 * need from it. {@link TimeSformer} and {@link JointModel} (VideoMAE, ViViT) implement it; load any of
 * them with {@link ModelLoader#load}.
 *
 * <p>Gradient-weighted (class-specific) maps: {@link #forwardWithGradients} returns, next to the attention, its
 * gradient with respect to a target logit, in the same {@link AttentionRecord} layouts (both families implement it).
 */
public interface VideoModel extends AutoCloseable {

    /** Input geometry and token layout. */
    ModelGeometry geometry();

    /** Class names, index = class id ({@code id2label}; generic "LABEL_i" when the config has none). */
    List<String> labels();

    /** How frames become the model's input ({@code preprocessor_config.json} with the processor's defaults). */
    PreprocessConfig preprocess();

    /** The architecture as read from {@code config.json}, a record that serialises to JSON (for sidecars). */
    Object config();

    /** Human-readable device, e.g. "cpu()" or "gpu(0)". */
    String deviceName();

    /** Why the requested device was not used (GPU fallback), or null. */
    String deviceWarning();

    /** The checkpoint file the weights came from. */
    Path weightsFile();

    /**
     * One clip, HF layout {@code (T, C, H, W)} row-major, already preprocessed.
     *
     * @param capture record every layer's attention (layouts: {@link AttentionRecord})
     * @param half    store the record as float16
     * @throws IllegalArgumentException when the clip does not fit ({@link ModelGeometry#checkClip})
     */
    ForwardResult forward(float[] clip, int frames, int height, int width, boolean capture, boolean half);

    /**
     * {@link #forward(float[], int, int, int, boolean, boolean)} with the attention stored as {@code storage} says:
     * float16 or float32, on the heap or in a memory-mapped temporary file (close the record to delete it early).
     *
     * @param storage where the captured attention goes; null for no capture
     * @throws AttentionStoreException when the record's file cannot be created or written
     */
    default ForwardResult forward(float[] clip, int frames, int height, int width, AttentionStorage storage) {
        return forward(clip, frames, height, width, storage != null, storage != null && storage.half());
    }

    /**
     * Logits of {@code count} preprocessed clips of one shape in one batched pass without attention capture (e.g.
     * the perturbed clips of a faithfulness curve). {@code clips} holds them one after the other, each
     * {@code (T, C, H, W)} row-major as in {@link #forward}; values past {@code count} clips are ignored.
     *
     * @return {@code count} rows of logits
     * @throws IllegalArgumentException when the array is shorter than {@code count} clips of that shape, or the
     *                                  shape does not fit ({@link ModelGeometry#checkClip})
     */
    float[][] logits(float[] clips, int count, int frames, int height, int width);

    /**
     * One clip as {@link #forward}, attention captured, plus the gradient of a class score with respect to every
     * layer's attention probabilities in the same pass (src/docs/ROLLOUT.md, gradient-weighted rollout).
     *
     * @param targetClass   class index, or -1 for the top class
     * @param contrastClass class whose logit is subtracted, or {@link AttentionGradients#NO_CONTRAST}
     * @throws IllegalArgumentException for a bad clip or class index, or a family without gradients yet
     */
    default ForwardResult forwardWithGradients(float[] clip, int frames, int height, int width, boolean half,
            int targetClass, int contrastClass) {
        return forwardWithGradients(clip, frames, height, width, half, targetClass, contrastClass,
                AttentionGradientPass.defaultGraphLimit());
    }

    /**
     * {@link #forwardWithGradients(float[], int, int, int, boolean, int, int)}, recomputing one layer at a time
     * when the whole autograd graph would exceed {@code graphLimit} bytes ({@link AttentionGradientPass}: same
     * gradients, one more forward pass of compute, one layer's graph in memory).
     */
    default ForwardResult forwardWithGradients(float[] clip, int frames, int height, int width, boolean half,
            int targetClass, int contrastClass, long graphLimit) {
        return gradientPass(clip, frames, height, width, half, targetClass, contrastClass, graphLimit, true);
    }

    /**
     * The gradients of {@link #forwardWithGradients(float[], int, int, int, boolean, int, int, long)} without
     * capturing the attention again (the caller holds it from the pass that analysed the clip): the result's
     * attention is null. Saves a copy of every layer's attention (89 MB float16 for a base TimeSformer clip).
     */
    default ForwardResult gradientsOnly(float[] clip, int frames, int height, int width, int targetClass,
            int contrastClass, long graphLimit) {
        return gradientPass(clip, frames, height, width, false, targetClass, contrastClass, graphLimit, false);
    }

    /**
     * What the two above run: one clip's pass with gradients of the target score ({@link AttentionGradientPass});
     * the attention is captured (float16 when {@code half}) only when {@code captureAttention}, else the result's
     * attention is null.
     *
     * @throws IllegalArgumentException for a bad clip or class index, or a family without gradients yet
     */
    default ForwardResult gradientPass(float[] clip, int frames, int height, int width, boolean half,
            int targetClass, int contrastClass, long graphLimit, boolean captureAttention) {
        throw new IllegalArgumentException("gradient-weighted rollout (grad-rollout) is not available for "
                + geometry().family() + " models yet; use --method rollout");
    }

    @Override
    void close();
}
