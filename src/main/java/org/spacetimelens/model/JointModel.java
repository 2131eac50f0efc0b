package org.spacetimelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded VideoMAE or ViViT classifier ready for inference on one DJL device ({@link VideoModel}).
 * Calls are serialised; close to release native memory.
 */
public final class JointModel implements VideoModel {
    private static final Logger LOG = LoggerFactory.getLogger(JointModel.class);

    private final JointNet net;
    private final PreprocessConfig preprocess;
    private final Path weightsFile;
    private final String deviceWarning;

    private JointModel(JointNet net, PreprocessConfig preprocess, Path weightsFile, String deviceWarning) {
        this.net = net;
        this.preprocess = preprocess;
        this.weightsFile = weightsFile;
        this.deviceWarning = deviceWarning;
    }

    /**
     * Loads a Hugging Face VideoMAE or ViViT folder (or a weights file inside one).
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static JointModel load(Path path, TimeSformer.LoadOptions options) throws CheckpointException {
        TimeSformer.LoadOptions o = options == null ? TimeSformer.LoadOptions.defaults() : options;
        JointCheckpoint.Loaded ckpt = JointCheckpoint.load(path);
        try {
            return onDevice(ckpt, o.device());
        } catch (java.io.UncheckedIOException e) {
            throw new CheckpointException(ckpt.weightsFile(), e.getCause().getMessage()
                    + "; check the file is complete and readable, then open it again", e);
        }
    }

    /** Wraps already loaded tensors (tests, benchmarks) on the CPU. */
    public static JointModel of(JointConfig config, java.util.Map<String, RawTensor> weights, PreprocessConfig pre,
            Path weightsFile) {
        return new JointModel(JointNet.fromTensors(config, NDManager.newBaseManager(Device.cpu()), weights), pre,
                weightsFile, null);
    }

    /** Wraps an already built network (benchmarks); the net is closed with this. */
    public static JointModel of(JointNet net, PreprocessConfig pre, Path weightsFile) {
        return new JointModel(net, pre, weightsFile, null);
    }

    private static JointModel onDevice(JointCheckpoint.Loaded ckpt, String device) {
        Function<NDManager, JointNet> build = m -> JointNet.fromTensors(ckpt.config(), m, ckpt.weights());
        Engines.DeviceChoice choice = Engines.selectDevice(device);
        if (choice.warning() != null) {
            LOG.warn(choice.warning());
        }
        if (!choice.device().isGpu()) {
            return new JointModel(build.apply(NDManager.newBaseManager(Device.cpu())), ckpt.preprocess(),
                    ckpt.weightsFile(), choice.warning());
        }
        NDManager gpu = null;
        try {
            gpu = NDManager.newBaseManager(choice.device());
            return new JointModel(build.apply(gpu), ckpt.preprocess(), ckpt.weightsFile(), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (gpu != null) {
                gpu.close();
            }
            String msg = "could not initialise the model on " + choice.device() + " (" + e.getMessage()
                    + "); falling back to the CPU";
            LOG.warn(msg);
            return new JointModel(build.apply(NDManager.newBaseManager(Device.cpu())), ckpt.preprocess(),
                    ckpt.weightsFile(), msg);
        }
    }

    @Override
    public JointConfig config() {
        return net.config();
    }

    @Override
    public ModelGeometry geometry() {
        return net.config().geometry();
    }

    @Override
    public List<String> labels() {
        return net.config().labels();
    }

    @Override
    public PreprocessConfig preprocess() {
        return preprocess;
    }

    @Override
    public String deviceName() {
        return net.manager().getDevice().toString();
    }

    @Override
    public String deviceWarning() {
        return deviceWarning;
    }

    @Override
    public Path weightsFile() {
        return weightsFile;
    }

    /** The underlying network. */
    public JointNet net() {
        return net;
    }

    @Override
    public ForwardResult forward(float[] clip, int frames, int height, int width, boolean capture,
            boolean half) {
        return forward(clip, frames, height, width, capture ? AttentionStorage.heap(half) : null);
    }

    @Override
    public synchronized ForwardResult forward(float[] clip, int frames, int height, int width,
            AttentionStorage storage) {
        JointConfig c = net.config();
        TimeSformer.checkClipLength(clip, frames, c.numChannels(), height, width);
        c.geometry().checkClip(frames, height, width);
        try (NDManager sub = net.manager().newSubManager()) {
            NDArray x = sub.create(clip, new Shape(1, frames, c.numChannels(), height, width));
            if (storage == null) {
                return new ForwardResult(net.forward(x, null).logits().toFloatArray(), null);
            }
            // each layer's maps leave the engine as soon as the layer is done (one layer's in native memory)
            try (RecordCapture cap = new RecordCapture(AttentionType.JOINT_SPACE_TIME, c.layout(), c.numLayers(),
                    c.slots(), c.gridH(), c.gridW(), c.numHeads(), storage)) {
                JointNet.Output out = net.forward(x, cap::spatial);
                float[] logits = out.logits().toFloatArray();
                return new ForwardResult(logits, cap.build());
            }
        } finally {
            Engines.releaseFreedMemory();
        }
    }

    @Override
    public synchronized float[][] logits(float[] clips, int count, int frames, int height, int width) {
        JointConfig c = net.config();
        long per = (long) frames * c.numChannels() * height * width;
        if (count <= 0 || frames <= 0 || height <= 0 || width <= 0 || clips.length < count * per) {
            throw new IllegalArgumentException("batch of " + count + " clips (T=" + frames + ", " + c.numChannels()
                    + ", H=" + height + ", W=" + width + ") needs " + count * per + " values, got " + clips.length);
        }
        c.geometry().checkClip(frames, height, width);
        try (NDManager sub = net.manager().newSubManager()) {
            float[] data = clips.length == count * per ? clips : java.util.Arrays.copyOf(clips, (int) (count * per));
            NDArray x = sub.create(data, new Shape(count, frames, c.numChannels(), height, width));
            float[] flat = net.forward(x, null).logits().toFloatArray();
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
     * {@link #forward} (with capture when {@code capture}), plus the gradient of the target score with respect to
     * every layer's attention probabilities in the same pass ({@link AttentionGradientPass}): {@link AttentionGradients#ofJoint}, the
     * record's token order.
     *
     * @throws IllegalArgumentException for a bad clip or class index
     */
    @Override
    public synchronized ForwardResult gradientPass(float[] clip, int frames, int height, int width, boolean half,
            int targetClass, int contrastClass, long graphLimit, boolean capture) {
        JointConfig c = net.config();
        TimeSformer.checkClipLength(clip, frames, c.numChannels(), height, width);
        c.geometry().checkClip(frames, height, width);
        try (NDManager sub = net.manager().newSubManager()) {
            NDArray x = sub.create(clip, new Shape(1, frames, c.numChannels(), height, width));
            float[][] f32 = half ? null : new float[c.numLayers()][];
            short[][] f16 = half ? new short[c.numLayers()][] : null;
            AttentionGradientPass.Result r = AttentionGradientPass.run(net, x, targetClass, contrastClass,
                    !capture ? null : (l, probs) -> {
                        if (half) {
                            f16[l] = AttentionCopies.halfBits(probs);
                        } else {
                            f32[l] = AttentionCopies.floats(probs);
                        }
                    }, graphLimit);
            int slots = c.slots();
            AttentionRecord record = !capture ? null : half
                    ? AttentionRecord.ofJointHalf(c.layout(), slots, c.gridH(), c.gridW(), c.numHeads(), f16)
                    : AttentionRecord.ofJoint(c.layout(), slots, c.gridH(), c.gridW(), c.numHeads(), f32);
            AttentionGradients grads = AttentionGradients.ofJoint(c.layout(), slots, c.gridH(), c.gridW(),
                    c.numHeads(), r.spatial(), r.targetClass(), r.contrastClass());
            return new ForwardResult(r.logits(), record, grads);
        } finally {
            Engines.releaseFreedMemory();
        }
    }

    @Override
    public synchronized void close() {
        net.close();
    }
}
