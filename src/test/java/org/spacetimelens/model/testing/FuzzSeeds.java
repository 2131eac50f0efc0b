package org.spacetimelens.model.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.HfConfigFiles;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.pipeline.NpyFile;

/**
 * Writes the seed inputs of the fuzz tests (small valid files from the project's own test writers)
 * into {@code src/test/resources}. Run once; the seeds are committed:
 * {@code java -cp target/test-classes:target/classes:<test class path> org.spacetimelens.model.testing.FuzzSeeds src/test/resources}.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path tmp = Files.createTempDirectory("fuzz-seeds");
        Map<String, RawTensor> small = new LinkedHashMap<>();
        small.put("a.weight", RawTensor.ofFloats("a.weight", new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        small.put("b.bias", RawTensor.ofFloats("b.bias", new long[] {6}, new float[] {1, 2, 3, 4, 5, 6}));

        Path st = dir(root, "model", "SafetensorsFuzzTest", "readSafetensors");
        CheckpointWriters.writeSafetensors(st.resolve("seed-f32"), small, TensorDType.F32);
        CheckpointWriters.writeSafetensors(st.resolve("seed-bf16"), small, TensorDType.BF16);

        Path tz = dir(root, "model", "TorchZipFuzzTest", "readTorchZip");
        CheckpointWriters.writeTorchZip(tz.resolve("seed-hf"), small, CheckpointWriters.TorchOptions.hf());
        CheckpointWriters.writeTorchZip(tz.resolve("seed-facebook"), small, CheckpointWriters.TorchOptions.facebook());
        Path pk = dir(root, "model", "TorchZipFuzzTest", "unpickle");
        for (String name : new String[] {"seed-hf", "seed-facebook"}) {
            try (ZipFile zip = new ZipFile(tz.resolve(name).toFile())) {
                Files.write(pk.resolve(name), zip.getInputStream(zip.getEntry("archive/data.pkl")).readAllBytes());
            }
        }

        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Path cf = dir(root, "model", "HfConfigFuzzTest", "readConfig");
        HfConfigFiles.writeConfig(cf.resolve("seed-divided"), c);
        HfConfigFiles.writeConfig(cf.resolve("seed-joint"), TinyConfigs.tiny(AttentionType.JOINT_SPACE_TIME));
        Path pf = dir(root, "model", "HfConfigFuzzTest", "readPreprocess");
        HfConfigFiles.writePreprocess(pf.resolve("seed-defaults"), PreprocessConfig.defaults(16));
        Files.writeString(pf.resolve("seed-height-width"), "{\"size\": {\"height\": 16, \"width\": 24}, "
                + "\"crop_size\": {\"height\": 16, \"width\": 16}, \"image_mean\": [0.45, 0.45, 0.45], "
                + "\"image_std\": [0.225, 0.225, 0.225], \"do_center_crop\": true}");

        Path np = dir(root, "pipeline", "NpyFuzzTest", "readTensor");
        Files.write(np.resolve("seed-clip"), npy(new long[] {2, 3, 2, 2}));

        Path img = dir(root, "video", "ImageFolderFuzzTest", "openFolder");
        Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("img_00001.png", png(4, 3));
        frames.put("img_00002.png", png(4, 3));
        frames.put("notes.txt", "x".getBytes(StandardCharsets.US_ASCII));
        Files.write(img.resolve("seed-png"), folder(frames));
        Map<String, byte[]> bmp = new LinkedHashMap<>();
        bmp.put("000010.bmp", image(2, 2, "bmp"));
        bmp.put("000002.bmp", image(2, 2, "bmp"));
        Files.write(img.resolve("seed-bmp"), folder(bmp));

        // A real sidecar from a tiny export (its paths point into a deleted temp folder: replays fail cleanly).
        Path model = CheckpointWriters.writeHfFolder(tmp.resolve("model"), c, RandomWeights.generate(c, 1), true,
                TensorDType.F32);
        Path clip = Files.write(tmp.resolve("clip.npy"), npy(new long[] {4, 3, 16, 16}));
        StringWriter err = new StringWriter();
        picocli.CommandLine cmd = org.spacetimelens.cli.Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("export", "--model", model.toString(), "--clip", clip.toString(), "--out",
                tmp.resolve("out").toString(), "--format", "npz");
        if (code != 0) {
            throw new IllegalStateException("seed export failed: " + err);
        }
        Path rp = dir(root, "cli", "ReplayFuzzTest", "replay");
        Files.copy(tmp.resolve("out/params.json"), rp.resolve("seed-params"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var walk = Files.walk(tmp)) { // the sidecar's paths must not exist: a replay would run a whole export
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        System.out.println("seeds written under " + root);
    }

    private static Path dir(Path root, String pkg, String test, String method) throws IOException {
        return Files.createDirectories(root.resolve("org/spacetimelens").resolve(pkg).resolve(test + "Inputs").resolve(method));
    }

    private static byte[] npy(long[] shape) {
        byte[] header = NpyFile.header(shape);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        ByteBuffer b = ByteBuffer.allocate(header.length + (int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (int i = 0; i < n; i++) {
            b.putFloat(i / (float) n);
        }
        return b.array();
    }

    private static byte[] png(int w, int h) throws IOException {
        return image(w, h, "png");
    }

    private static byte[] image(int w, int h, String format) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        im.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(im, format, out);
        return out.toByteArray();
    }

    /** {@code ImageFolderFuzzTest}'s input layout. */
    private static byte[] folder(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((name, content) -> {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            out.write(n.length);
            out.writeBytes(n);
            out.write(content.length >> 8);
            out.write(content.length & 0xFF);
            out.writeBytes(content);
        });
        return out.toByteArray();
    }
}
