package org.spacetimelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.TimeSformer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Model, clip and device flags shared by {@code export} and {@code predict} (a picocli mixin). */
public final class ModelOptions {

    /** Where the forward pass runs. */
    public enum Device {
        AUTO, CPU, GPU
    }

    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "Hugging Face folder, its weights file, or a facebookresearch .pyth/.pth")
    Path model;

    @Option(names = "--clip", required = true, paramLabel = "PATH",
            description = "preprocessed clip: .npy float32 of shape (T, 3, H, W)")
    Path clip;

    @Option(names = "--heads", paramLabel = "N", description = "attention heads of a .pyth/.pth checkpoint (default hidden/64)")
    int heads = 0;

    @Option(names = "--device", converter = DeviceConverter.class, paramLabel = "auto|cpu|gpu",
            description = "auto (default: GPU when DJL sees one), cpu or gpu")
    Device device = Device.AUTO;

    /** Checks that the paths exist before anything slow starts. */
    void checkPaths() throws CliException {
        if (!Files.exists(model)) {
            throw new CliException("--model: no such file or folder: " + model);
        }
        if (!Files.isRegularFile(clip)) {
            throw new CliException("--clip: no such file: " + clip);
        }
        if (heads < 0) {
            throw new CliException("--heads must be >= 0, got " + heads);
        }
    }

    /** Reads and checks the clip: float32, 4-D, 3 channels. */
    ClipTensor readClip() throws java.io.IOException, CliException {
        NpyFile.Array array = NpyFile.readFloat32(clip);
        int[] s = array.shape();
        if (s.length != 4 || s[1] != 3 || s[0] < 1 || s[2] < 1 || s[3] < 1) {
            throw new CliException("--clip " + clip + ": shape " + java.util.Arrays.toString(s)
                    + " is not (T, 3, H, W) with T, H, W >= 1");
        }
        return new ClipTensor(array.data(), s[0], s[2], s[3]);
    }

    TimeSformer load() throws CheckpointException {
        System.setProperty("ai.djl.offline", "true");
        return TimeSformer.load(model, new TimeSformer.LoadOptions(device.name().toLowerCase(Locale.ROOT), heads));
    }

    /** A preprocessed clip, {@code (T, 3, H, W)} row-major. */
    record ClipTensor(float[] data, int frames, int height, int width) {
        int[] shape() {
            return new int[] {frames, 3, height, width};
        }
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
