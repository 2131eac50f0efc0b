package org.spacetimelens.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Model, clip and device flags shared by {@code export} and {@code predict} (a picocli mixin). */
public final class ModelOptions {

    /** Where the forward pass runs. */
    public enum Device {
        AUTO, CPU, GPU
    }

    @Option(names = "--model", paramLabel = "PATH",
            description = "Hugging Face folder (TimeSformer, VideoMAE or ViViT), its weights file, or a "
                    + "facebookresearch .pyth/.pth")
    Path model;

    @Option(names = "--clip", paramLabel = "PATH",
            description = "video file (mp4, webm, mov, avi, mkv, gif...), folder of numbered frame images, or a "
                    + "preprocessed .npy float32 tensor (T, 3, H, W)")
    Path clip;

    @Option(names = "--heads", paramLabel = "N", description = "attention heads of a .pyth/.pth checkpoint (default hidden/64)")
    int heads = 0;

    @Option(names = "--device", converter = DeviceConverter.class, paramLabel = "auto|cpu|gpu",
            description = "auto (default: GPU when DJL sees one), cpu or gpu")
    Device device = Device.AUTO;

    /** Checks that the paths exist before anything slow starts. */
    void checkPaths() throws CliException {
        if (model == null) {
            throw new CliException("missing required option '--model=PATH'");
        }
        if (clip == null) {
            throw new CliException("missing required option '--clip=PATH'");
        }
        checkModel();
        if (!Files.exists(clip)) {
            throw new CliException("--clip: no such file or folder: " + clip);
        }
    }

    /** Checks the model path and {@code --heads} (the clip may come from elsewhere, e.g. a batch). */
    void checkModel() throws CliException {
        if (!Files.exists(model)) {
            throw new CliException("--model: no such file or folder: " + model);
        }
        if (heads < 0) {
            throw new CliException("--heads must be >= 0, got " + heads);
        }
    }

    String deviceId() {
        return device.name().toLowerCase(Locale.ROOT);
    }

    /** Any supported family (TimeSformer, VideoMAE, ViViT), by the folder's {@code model_type}. */
    VideoModel load() throws CheckpointException {
        Engines.ensureOffline();
        return ModelLoader.load(model, new TimeSformer.LoadOptions(device.name().toLowerCase(Locale.ROOT), heads));
    }

    /**
     * Fills in the bundled demo model, and the demo video when {@code needsClip}, for whichever of --model /
     * --clip is missing, and says so on {@code err} (one line, prefixed by {@code command}).
     */
    void useDemoAssetsForMissing(boolean needsClip, String command, PrintWriter err) throws CliException {
        boolean needModel = model == null;
        boolean needClip = needsClip && clip == null;
        if (!needModel && !needClip) {
            return;
        }
        String missing = needModel && needClip ? "--model/--clip" : needModel ? "--model" : "--clip";
        DemoAssets demo;
        try {
            demo = DemoAssets.locate();
        } catch (IllegalStateException e) {
            throw new CliException("no " + missing + " given, and " + e.getMessage());
        }
        if (needModel) {
            model = demo.modelDir();
        }
        if (needClip) {
            if (!Files.exists(demo.video())) {
                throw new CliException("no --clip given and the demo video " + demo.video() + " is missing; pass --clip");
            }
            clip = demo.video();
        }
        err.println(command + ": using the demo " + (needModel ? "model " + model : "")
                + (needModel && needClip ? " and " : "") + (needClip ? "video " + clip : ""));
    }

    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            try {
                return Device.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not auto, cpu or gpu");
            }
        }
    }
}
