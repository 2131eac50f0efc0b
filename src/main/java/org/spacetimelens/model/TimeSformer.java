package org.spacetimelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded TimeSformer ready for inference on one DJL device. Thread-safe for sequential use
 * (calls are serialised); close to release native memory.
 */
public final class TimeSformer implements VideoModel {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSformer.class);

    /** Loading options: device "auto" | "cpu" | "gpu"; heads override for .pyth (0 = hidden/64). */
    public record LoadOptions(String device, int heads) {
        public static LoadOptions defaults() {
            return new LoadOptions("auto", 0);
        }
    }

    private final TimeSformerNet net;
    private final PreprocessConfig preprocess;
    private final Path weightsFile;
    private final String deviceWarning;

    private TimeSformer(TimeSformerNet net, PreprocessConfig preprocess, Path weightsFile, String deviceWarning) {
        this.net = net;
        this.preprocess = preprocess;
        this.weightsFile = weightsFile;
        this.deviceWarning = deviceWarning;
    }

    /**
     * Loads a Hugging Face folder (config.json + model.safetensors | pytorch_model.bin
     * [+ preprocessor_config.json]), a weights file inside one, or a facebookresearch .pyth/.pth.
     *
     * @throws CheckpointException naming the file and what is wrong with it
     * @throws IllegalArgumentException for an unknown device name
     */
    public static TimeSformer load(Path path, LoadOptions options) throws CheckpointException {
        LoadOptions o = options == null ? LoadOptions.defaults() : options;
        CheckpointLoader.LoadedCheckpoint ckpt = CheckpointLoader.load(path, o.heads());
        try {
            return wrap(ckpt.config(), ckpt.preprocess(), ckpt.weightsFile(), o.device(),
                    m -> TimeSformerNet.fromTensors(ckpt.config(), m, ckpt.weights()));
        } catch (java.io.UncheckedIOException e) {
            // the weights are read only now (the header was checked at open): e.g. the file was cut short since
            throw new CheckpointException(ckpt.weightsFile(), e.getCause().getMessage()
                    + "; check the file is complete and readable, then open it again", e);
        }
    }

    /** Wraps an already built network (e.g. a freshly trained one) for inference; the net is closed with this. */
    public static TimeSformer of(TimeSformerNet net, PreprocessConfig preprocess, Path weightsFile) {
        return new TimeSformer(net, preprocess, weightsFile, null);
    }

    private interface NetFactory {
        TimeSformerNet build(NDManager manager);
    }

    private static TimeSformer wrap(TimeSformerConfig config, PreprocessConfig pre, Path file, String device,
            NetFactory factory) {
        Engines.DeviceChoice choice = Engines.selectDevice(device);
        String warning = choice.warning();
        if (warning != null) {
            LOG.warn(warning);
        }
        if (!choice.device().isGpu()) {
            return new TimeSformer(factory.build(NDManager.newBaseManager(Device.cpu())), pre, file, warning);
        }
        NDManager gpu = null;
        try {
            gpu = NDManager.newBaseManager(choice.device());
            return new TimeSformer(factory.build(gpu), pre, file, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (gpu != null) {
                gpu.close();
            }
            String msg = "could not initialise the model on " + choice.device() + " (" + e.getMessage()
                    + "); falling back to the CPU";
            LOG.warn(msg);
            return new TimeSformer(factory.build(NDManager.newBaseManager(Device.cpu())), pre, file, msg);
        }
    }

    @Override
    public TimeSformerConfig config() {
        return net.config();
    }

    @Override
    public ModelGeometry geometry() {
        TimeSformerConfig c = net.config();
        TokenLayout layout = c.attentionType() == AttentionType.JOINT_SPACE_TIME ? TokenLayout.TIMESFORMER_JOINT : null;
        return new ModelGeometry(ModelFamily.TIMESFORMER, c.attentionType(), layout, c.numFrames(), 1, c.imageSize(),
                c.patchSize(), c.numChannels(), c.numLayers(), c.numHeads(), c.hiddenSize(), true);
    }

    @Override
    public List<String> labels() {
        return net.config().labels();
    }

    public PreprocessConfig preprocess() {
        return preprocess;
    }

    /** Human-readable device, e.g. "cpu()" or "gpu(0)". */
    public String deviceName() {
        return net.manager().getDevice().toString();
    }

    /** Why the requested device was not used (GPU fallback), or null. */
    public String deviceWarning() {
        return deviceWarning;
    }

    /** The checkpoint file the weights came from (for sha256 in params.json). */
    public Path weightsFile() {
        return weightsFile;
    }

    /** The underlying network (parameters, batched forward). */
    public TimeSformerNet net() {
        return net;
    }

    /**
     * One clip, HF layout {@code (T, 3, H, W)} row-major, already preprocessed. T, H and W may differ
     * from the config (embeddings are nearest-resized as in HF).
     *
     * @param capture record every layer's attention
     * @param half    store the record as float16
     * @throws IllegalArgumentException when the array length does not match the dimensions
     */
    public synchronized ForwardResult forward(float[] clip, int frames, int height, int width, boolean capture,
            boolean half) {
        int c = net.config().numChannels();
        checkClipLength(clip, frames, c, height, width);
        try (NDManager sub = net.manager().newSubManager()) {
            return forward(sub, clip, frames, c, height, width, capture, half);
        } finally {
            Engines.releaseFreedMemory(); // the pass's intermediates, freed with sub, back to the system
        }
    }

    /**
     * {@link #forward(float[], int, int, int, boolean, boolean)} with the attention stored as {@code storage} says
     * (heap or a memory-mapped temporary file; null for no capture).
     */
    @Override
    public synchronized ForwardResult forward(float[] clip, int frames, int height, int width,
            AttentionStorage storage) {
        if (storage == null || !storage.mapped(recordBytes(frames, height, width, storage.half()))) {
            return forward(clip, frames, height, width, storage != null, storage != null && storage.half());
        }
        int c = net.config().numChannels();
        checkClipLength(clip, frames, c, height, width);
        TimeSformerConfig cfg = net.config();
        int p = cfg.patchSize();
        AttentionType type = cfg.attentionType();
        try (NDManager sub = net.manager().newSubManager();
                RecordCapture cap = new RecordCapture(type, type == AttentionType.JOINT_SPACE_TIME
                        ? TokenLayout.TIMESFORMER_JOINT : null, cfg.numLayers(), frames, height / p, width / p,
                        cfg.numHeads(), storage)) {
            NDArray x = sub.create(clip, new Shape(1, frames, c, height, width));
            TimeSformerNet.Output out = net.forward(x, (l, sp, tp) -> {
                cap.spatial(l, sp);
                if (type == AttentionType.DIVIDED_SPACE_TIME) {
                    cap.temporal(l, tp);
                }
            });
            return new ForwardResult(out.logits().toFloatArray(), cap.build());
        } finally {
            Engines.releaseFreedMemory();
        }
    }

    private long recordBytes(int frames, int height, int width, boolean half) {
        TimeSformerConfig cfg = net.config();
        int p = cfg.patchSize();
        AttentionType type = cfg.attentionType();
        return AttentionRecord.bytesOf(type, type == AttentionType.JOINT_SPACE_TIME ? TokenLayout.TIMESFORMER_JOINT
                : null, cfg.numLayers(), frames, height / p, width / p, cfg.numHeads(), half);
    }

    private ForwardResult forward(NDManager sub, float[] clip, int frames, int c, int height, int width,
            boolean capture, boolean half) {
        NDArray x = sub.create(clip, new Shape(1, frames, c, height, width));
        if (!capture) {
            return new ForwardResult(net.forward(x, false).logits().toFloatArray(), null);
        }
        // Each layer's maps are copied out as the layer finishes, so the engine never holds more
        // than one layer of them (a base clip's are 186 MB in all).
        Capture cap = new Capture(net.config(), half);
        TimeSformerNet.Output out = net.forward(x, cap);
        return new ForwardResult(out.logits().toFloatArray(), cap.record(out.frames(), out.gridH(), out.gridW()));
    }

    /**
     * One clip as {@link #forward} (attention captured when {@code capture}), plus the gradient of a class score
     * with respect to every layer's attention probabilities, in the same pass ({@link AttentionGradientPass}).
     *
     * @param targetClass   class index, or -1 for the top class
     * @param contrastClass class whose logit is subtracted, or {@link AttentionGradients#NO_CONTRAST}
     * @throws IllegalArgumentException for a bad clip length or class index
     */
    @Override
    public synchronized ForwardResult gradientPass(float[] clip, int frames, int height, int width, boolean half,
            int targetClass, int contrastClass, long graphLimit, boolean capture) {
        int c = net.config().numChannels();
        checkClipLength(clip, frames, c, height, width);
        TimeSformerConfig cfg = net.config();
        try (NDManager sub = net.manager().newSubManager()) {
            NDArray x = sub.create(clip, new Shape(1, frames, c, height, width));
            Capture cap = capture ? new Capture(cfg, half) : null;
            AttentionGradientPass.Result r = AttentionGradientPass.run(net, x, targetClass, contrastClass, cap,
                    graphLimit);
            int p = cfg.patchSize();
            AttentionRecord record = capture ? cap.record(frames, height / p, width / p) : null;
            AttentionGradients grads = new AttentionGradients(cfg.attentionType(), frames, height / p, width / p,
                    cfg.numHeads(), r.spatial(), r.temporal(), r.targetClass(), r.contrastClass());
            return new ForwardResult(r.logits(), record, grads);
        } finally {
            Engines.releaseFreedMemory();
        }
    }

    /** A capture sink that copies each layer's maps to the heap, float32 or float16. */
    private static final class Capture implements TimeSformerNet.CaptureSink {
        private final TimeSformerConfig cfg;
        private final boolean half;
        private final float[][] sp32;
        private final float[][] tp32;
        private final short[][] sp16;
        private final short[][] tp16;

        Capture(TimeSformerConfig cfg, boolean half) {
            this.cfg = cfg;
            this.half = half;
            int layers = cfg.numLayers();
            boolean divided = cfg.attentionType() == AttentionType.DIVIDED_SPACE_TIME;
            sp32 = half ? null : new float[layers][];
            tp32 = half || !divided ? null : new float[layers][];
            sp16 = half ? new short[layers][] : null;
            tp16 = half && divided ? new short[layers][] : null;
        }

        @Override
        public void layer(int l, NDArray s, NDArray t) {
            if (half) {
                sp16[l] = halfBits(s);
                if (tp16 != null) {
                    tp16[l] = halfBits(t);
                }
            } else {
                sp32[l] = floats(s);
                if (tp32 != null) {
                    tp32[l] = floats(t);
                }
            }
        }

        AttentionRecord record(int frames, int gridH, int gridW) {
            return half
                    ? AttentionRecord.ofHalf(cfg.attentionType(), frames, gridH, gridW, cfg.numHeads(), sp16, tp16)
                    : AttentionRecord.ofFloat(cfg.attentionType(), frames, gridH, gridW, cfg.numHeads(), sp32, tp32);
        }
    }

    /**
     * Logits of {@code count} preprocessed clips of one shape, in one batched pass without attention
     * capture (e.g. the perturbed clips of a faithfulness curve). {@code clips} holds them one after
     * the other, each {@code (T, 3, H, W)} row-major as in {@link #forward}.
     *
     * @return {@code count} rows of logits
     * @throws IllegalArgumentException when the array is shorter than {@code count} clips of that shape
     */
    @Override
    public synchronized float[][] logits(float[] clips, int count, int frames, int height, int width) {
        int c = net.config().numChannels();
        long per = (long) frames * c * height * width;
        if (count <= 0 || frames <= 0 || height <= 0 || width <= 0 || clips.length < count * per) {
            throw new IllegalArgumentException("batch of " + count + " clips (T=" + frames + ", " + c + ", H="
                    + height + ", W=" + width + ") needs " + count * per + " values, got " + clips.length);
        }
        try (NDManager sub = net.manager().newSubManager()) {
            float[] data = clips.length == count * per ? clips : java.util.Arrays.copyOf(clips, (int) (count * per));
            NDArray x = sub.create(data, new Shape(count, frames, c, height, width));
            float[] flat = net.forward(x, false).logits().toFloatArray();
            int labels = flat.length / count;
            float[][] out = new float[count][];
            for (int i = 0; i < count; i++) {
                out[i] = java.util.Arrays.copyOfRange(flat, i * labels, (i + 1) * labels);
            }
            return out;
        } finally {
            Engines.releaseFreedMemory();
        }
    }

    /**
     * The values, read through a view of the tensor's own memory ({@code toByteBuffer(true)}):
     * DJL's {@code toFloatArray()} first copies into a heap byte[], which for a base clip's
     * attention is 186 MB of garbage per pass on top of the float[] kept.
     */
    private static float[] floats(NDArray a) {
        FloatBuffer b = a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /** Converts on the device (round to nearest even, as Half.fromFloat) and copies half the bytes. */
    private static short[] halfBits(NDArray a) {
        NDArray h = a.toType(DataType.FLOAT16, false);
        ByteBuffer b = h.toByteBuffer(true).order(ByteOrder.nativeOrder());
        short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }

    @Override
    public synchronized void close() {
        net.close();
    }

    /**
     * @throws IllegalArgumentException unless the clip holds exactly (T, C, H, W) values, all positive
     *         (shared with {@link JointModel})
     */
    static void checkClipLength(float[] clip, int frames, int channels, int height, int width) {
        long expected = (long) frames * channels * height * width;
        if (frames <= 0 || height <= 0 || width <= 0 || clip.length != expected) {
            throw new IllegalArgumentException("clip has " + clip.length + " values; (T=" + frames + ", " + channels
                    + ", H=" + height + ", W=" + width + ") needs " + expected);
        }
    }
}
