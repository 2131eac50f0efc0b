package org.spacetimelens.app;

import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.JointModel;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;

/**
 * A {@link ModelHandle} over a checkpoint of any family the core loads ({@link ModelLoader}: TimeSformer,
 * VideoMAE, ViViT), with the card the viewer shows.
 */
final class CoreModel implements ModelHandle {
    private final VideoModel model;
    private final ModelSummary card;

    private CoreModel(VideoModel model, ModelSummary card) {
        this.model = model;
        this.card = card;
    }

    /** Loads a checkpoint (HF folder, weights file, .pyth) of any supported family on the default device. */
    static CoreModel load(Path path) throws BackendException {
        Engines.ensureOffline();
        long t0 = System.nanoTime();
        VideoModel model;
        try {
            model = ModelLoader.load(path, TimeSformer.LoadOptions.defaults());
        } catch (CheckpointException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BackendException("Could not load " + path + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ModelGeometry g = model.geometry();
        long params = 0;
        for (NDArray p : parameters(model)) {
            params += p.size();
        }
        String device = model.deviceName() + (model.deviceWarning() != null ? " (" + model.deviceWarning() + ")" : "");
        String layout = g.layout() == null ? ModelSummary.TIMESFORMER_LAYOUT : g.layout().describe();
        return new CoreModel(model, new ModelSummary(nameOf(path), path, g.family().displayName(),
                g.attention().configName(), g.numFrames(), g.tubelet(), layout, g.imageSize(), g.patchSize(),
                g.numLayers(), g.numHeads(), g.hiddenSize(), params, model.labels(), device, seconds,
                org.spacetimelens.model.AttentionRecord.bytesOf(g.attention(), g.layout(), g.numLayers(),
                        g.slots(g.numFrames()), g.gridH(g.imageSize()), g.gridW(g.imageWidth()), g.numHeads(), false)));
    }

    /** The model's weights, for the parameter count (VideoModel does not expose its net). */
    private static Iterable<NDArray> parameters(VideoModel model) {
        if (model instanceof TimeSformer t) {
            return t.net().parameters().values();
        }
        if (model instanceof JointModel j) {
            return j.net().parameters().values();
        }
        return java.util.List.of();
    }

    /** The handle's model, for the backend's own work. */
    static VideoModel modelOf(ModelHandle handle) throws BackendException {
        if (handle instanceof CoreModel m) {
            return m.model;
        }
        throw new BackendException("This model was not loaded by the core backend.");
    }

    /** A checkpoint's display name: its folder, or its file name without extension. */
    static String nameOf(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(p) && p.getParent() != null && Files.exists(p.getParent().resolve("config.json"))) {
            p = p.getParent();
        }
        String n = p.getFileName() == null ? p.toString() : p.getFileName().toString();
        if (n.equals("model") && p.getParent() != null && p.getParent().getFileName() != null) {
            n = p.getParent().getFileName() + "/" + n; // e.g. "demo/model"
        }
        int dot = n.lastIndexOf('.');
        return Files.isDirectory(p) || dot <= 0 ? n : n.substring(0, dot);
    }

    @Override
    public ModelSummary card() {
        return card;
    }

    @Override
    public void close() {
        model.close();
    }
}
