package org.spacetimelens.app;

import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;

/** A {@link ModelHandle} over a checkpoint loaded by the core, with the card the viewer shows. */
final class CoreModel implements ModelHandle {
    private final TimeSformer model;
    private final ModelSummary card;

    private CoreModel(TimeSformer model, ModelSummary card) {
        this.model = model;
        this.card = card;
    }

    /** Loads a checkpoint (HF folder, weights file, .pyth) on the default device. */
    static CoreModel load(Path path) throws BackendException {
        Engines.ensureOffline();
        long t0 = System.nanoTime();
        TimeSformer model;
        try {
            model = TimeSformer.load(path, TimeSformer.LoadOptions.defaults());
        } catch (CheckpointException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BackendException("Could not load " + path + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        TimeSformerConfig c = model.config();
        long params = 0;
        for (NDArray p : model.net().parameters().values()) {
            params += p.size();
        }
        String device = model.deviceName() + (model.deviceWarning() != null ? " (" + model.deviceWarning() + ")" : "");
        return new CoreModel(model, new ModelSummary(nameOf(path), path, c.attentionType().configName(), c.numFrames(),
                c.imageSize(), c.patchSize(), c.numLayers(), c.numHeads(), c.hiddenSize(), params, c.labels(), device,
                seconds));
    }

    /** The handle's model, for the backend's own work. */
    static TimeSformer modelOf(ModelHandle handle) throws BackendException {
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
