package org.spacetimelens.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The front door for checkpoints of every family: reads {@code model_type} from the folder's
 * {@code config.json} and loads a {@link TimeSformer} (also for {@code .pyth} files without a config) or a
 * {@link JointModel} (VideoMAE, ViViT). Any other {@code model_type} is refused naming the file and the
 * supported types.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /**
     * Loads a folder, a weights file inside one, or a facebookresearch {@code .pyth}.
     *
     * @throws CheckpointException naming the file and what is wrong with it
     */
    public static VideoModel load(Path path, TimeSformer.LoadOptions options) throws CheckpointException {
        return switch (detect(path)) {
            case TIMESFORMER -> TimeSformer.load(path, options);
            case VIDEOMAE, VIVIT -> JointModel.load(path, options);
        };
    }

    /** The family of a checkpoint path: its folder's config.json, or TimeSformer when there is none. */
    public static ModelFamily detect(Path path) throws CheckpointException {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new CheckpointException(p, "no such file or folder");
        }
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        Path config = dir == null ? null : dir.resolve("config.json");
        return config != null && Files.isRegularFile(config) ? family(config) : ModelFamily.TIMESFORMER;
    }

    /** The family a config.json declares ({@code model_type}; TimeSformer when the field is absent). */
    public static ModelFamily family(Path configFile) throws CheckpointException {
        JsonNode root = HfConfigFiles.readObject(configFile);
        JsonNode type = root.get("model_type");
        if (type == null || type.isNull()) {
            return ModelFamily.TIMESFORMER;
        }
        ModelFamily f = type.isTextual() ? ModelFamily.ofModelType(type.asText()) : null;
        if (f == null) {
            throw new CheckpointException(configFile, "field 'model_type' is " + type + "; supported model types: "
                    + ModelFamily.supported());
        }
        return f;
    }
}
