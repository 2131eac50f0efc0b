package org.spacetimelens.model.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.spacetimelens.model.Half;
import org.spacetimelens.model.HfConfigFiles;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * Writes tiny checkpoints the way the real tools do, for tests of every package: safetensors
 * (F32/F16/BF16/F64, 8-byte aligned header as the {@code safetensors} library writes it), PyTorch
 * zip pickles ({@code torch.save} layout: {@code archive/data.pkl} + {@code archive/data/<key>},
 * stored uncompressed), Hugging Face folders, and facebookresearch {@code .pyth} files.
 * The HF → facebookresearch name table here is written independently of the main code's mapping.
 */
public final class CheckpointWriters {
    private CheckpointWriters() {
    }

    /** How a torch zip lays out its tensors. */
    public record TorchOptions(String wrapKey, String keyPrefix, TensorDType dtype, boolean sharedStorage,
            boolean transposedMatrices, boolean asParameters, boolean withMetadata) {
        /** HF {@code pytorch_model.bin}: bare OrderedDict, one storage per tensor, float32. */
        public static TorchOptions hf() {
            return new TorchOptions(null, "", TensorDType.F32, false, false, false, true);
        }

        /**
         * facebookresearch {@code .pyth}: {@code {'model_state': ..., 'epoch': .., 'cfg': ..}}, keys
         * prefixed {@code model.}, parameters, all tensors packed in one shared storage at offsets,
         * 2-D weights stored transposed (non-contiguous strides) to exercise the stride handling.
         */
        public static TorchOptions facebook() {
            return new TorchOptions("model_state", "model.", TensorDType.F32, true, true, true, true);
        }

        public TorchOptions withDtype(TensorDType d) {
            return new TorchOptions(wrapKey, keyPrefix, d, sharedStorage, transposedMatrices, asParameters, withMetadata);
        }

        public TorchOptions withWrap(String key, String prefix) {
            return new TorchOptions(key, prefix, dtype, sharedStorage, transposedMatrices, asParameters, withMetadata);
        }
    }

    /** Little-endian bytes of values in a float dtype (F16/BF16 round to nearest even). */
    public static byte[] encode(float[] values, TensorDType dtype) {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32 -> b.putFloat(v);
                case F64 -> b.putDouble(v);
                case F16 -> b.putShort(Half.fromFloat(v));
                case BF16 -> b.putShort(toBf16(v));
                default -> throw new IllegalArgumentException("not a float dtype: " + dtype);
            }
        }
        return b.array();
    }

    /** The values as they read back after storing them in {@code dtype}. */
    public static Map<String, RawTensor> roundTo(Map<String, RawTensor> tensors, TensorDType dtype) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (RawTensor t : tensors.values()) {
            out.put(t.name(), new RawTensor(t.name(), dtype, t.shape(), ByteBuffer.wrap(encode(t.toFloatArray(), dtype))));
        }
        return out;
    }

    static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** A safetensors file with every tensor stored as {@code dtype}. */
    public static void writeSafetensors(Path file, Map<String, RawTensor> tensors, TensorDType dtype) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (RawTensor t : tensors.values()) {
            byte[] data = encode(t.toFloatArray(), dtype);
            header.append(",\"").append(t.name()).append("\":{\"dtype\":\"").append(dtype).append("\",\"shape\":[");
            long[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                header.append(i == 0 ? "" : ",").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + data.length).append("]}");
            offset += data.length;
            blobs.add(data);
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' '); // the reference writer pads the header to 8-byte alignment
        }
        writeSafetensorsRaw(file, header.toString(), concat(blobs));
    }

    /** A safetensors file from a literal header (no validation — for hostile-input tests). */
    public static void writeSafetensorsRaw(Path file, String headerJson, byte[] data) throws IOException {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(len.array());
            out.write(h);
            out.write(data);
        }
    }

    /** A torch zip checkpoint of {@code stateDict} laid out as {@code options} say. */
    public static void writeTorchZip(Path file, Map<String, RawTensor> stateDict, TorchOptions options) throws IOException {
        PickleWriter pw = new PickleWriter().proto();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        List<byte[]> shared = new ArrayList<>();
        long sharedElems = 0;
        String type = switch (options.dtype()) {
            case F32 -> "FloatStorage";
            case F16 -> "HalfStorage";
            case BF16 -> "BFloat16Storage";
            case F64 -> "DoubleStorage";
            default -> throw new IllegalArgumentException(options.dtype().toString());
        };
        // first pass: storage contents and where each tensor lives
        record Placement(String key, long offset, long[] size, long[] stride) {
        }
        Map<String, Placement> where = new LinkedHashMap<>();
        int next = 0;
        for (RawTensor t : stateDict.values()) {
            float[] v = t.toFloatArray();
            long[] size = t.shape();
            long[] stride = contiguousStrides(size);
            if (options.transposedMatrices() && size.length == 2 && size[0] > 1 && size[1] > 1) {
                // store W^T contiguously and describe W by swapped strides (what W.t().contiguous().t() saves)
                float[] tr = new float[v.length];
                int r = (int) size[0];
                int c = (int) size[1];
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < c; j++) {
                        tr[j * r + i] = v[i * c + j];
                    }
                }
                v = tr;
                stride = new long[] {1, r};
            }
            byte[] bytes = encode(v, options.dtype());
            if (options.sharedStorage()) {
                where.put(t.name(), new Placement("0", sharedElems, size, stride));
                shared.add(bytes);
                sharedElems += v.length;
            } else {
                String key = Integer.toString(next++);
                storages.put(key, bytes);
                where.put(t.name(), new Placement(key, 0, size, stride));
            }
        }
        if (options.sharedStorage()) {
            storages.put("0", concat(shared));
        }
        if (options.wrapKey() != null) {
            pw.emptyDict().mark().string(options.wrapKey());
        }
        pw.orderedDict().mark();
        for (Map.Entry<String, Placement> e : where.entrySet()) {
            Placement p = e.getValue();
            long numel = storages.get(p.key()).length / options.dtype().bytes();
            pw.string(options.keyPrefix() + e.getKey());
            if (options.asParameters()) {
                pw.global("torch._utils", "_rebuild_parameter").mark();
            }
            pw.tensor(type, p.key(), numel, p.offset(), p.size(), p.stride());
            if (options.asParameters()) {
                pw.bool(true).orderedDict().tuple().reduce();
            }
        }
        pw.setItems();
        if (options.withMetadata()) {
            // state_dict()._metadata: BUILD must not wipe the items (razorvine's default OrderedDict does)
            pw.emptyDict().mark().string("_metadata").orderedDict().mark().string("")
                    .emptyDict().mark().string("version").integer(1).setItems().setItems().setItems().build();
        }
        if (options.wrapKey() != null) {
            pw.string("epoch").integer(15).string("cfg").string("MODEL:\n  ARCH: vit\n").setItems();
        }
        writeTorchZipRaw(file, "archive", pw.stop(), storages);
    }

    /** A torch zip from a literal pickle and storages (for hostile-input tests). */
    public static void writeTorchZipRaw(Path file, String archive, byte[] pickle, Map<String, byte[]> storages)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, archive + "/data.pkl", pickle);
            stored(zip, archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                stored(zip, archive + "/data/" + e.getKey(), e.getValue());
            }
            stored(zip, archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A Hugging Face model folder: config.json, weights and preprocessor_config.json. */
    public static Path writeHfFolder(Path dir, TimeSformerConfig config, Map<String, RawTensor> weights,
            boolean safetensors, TensorDType dtype) throws IOException {
        Files.createDirectories(dir);
        HfConfigFiles.writeConfig(dir.resolve("config.json"), config);
        HfConfigFiles.writePreprocess(dir.resolve("preprocessor_config.json"), PreprocessConfig.defaults(config.imageSize()));
        if (safetensors) {
            writeSafetensors(dir.resolve("model.safetensors"), weights, dtype);
        } else {
            writeTorchZip(dir.resolve("pytorch_model.bin"), weights, TorchOptions.hf().withDtype(dtype));
        }
        return dir;
    }

    private static final Pattern LAYER = Pattern.compile("timesformer\\.encoder\\.layer\\.(\\d+)\\.(.+)");
    private static final String[][] BLOCK_NAMES = {
        {"layernorm_before.", "norm1."},
        {"attention.attention.qkv.", "attn.qkv."},
        {"attention.output.dense.", "attn.proj."},
        {"temporal_layernorm.", "temporal_norm1."},
        {"temporal_attention.attention.qkv.", "temporal_attn.qkv."},
        {"temporal_attention.output.dense.", "temporal_attn.proj."},
        {"temporal_dense.", "temporal_fc."},
        {"layernorm_after.", "norm2."},
        {"intermediate.dense.", "mlp.fc1."},
        {"output.dense.", "mlp.fc2."},
    };

    /** HF names → facebookresearch {@code vit.py} names (without the {@code model.} prefix). */
    public static Map<String, RawTensor> toFacebookNames(Map<String, RawTensor> hf) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (RawTensor t : hf.values()) {
            String fb = facebookName(t.name());
            out.put(fb, new RawTensor(fb, t.dtype(), t.shape(), t.data()));
        }
        return out;
    }

    static String facebookName(String hf) {
        switch (hf) {
            case "timesformer.embeddings.cls_token": return "cls_token";
            case "timesformer.embeddings.position_embeddings": return "pos_embed";
            case "timesformer.embeddings.time_embeddings": return "time_embed";
            case "timesformer.embeddings.patch_embeddings.projection.weight": return "patch_embed.proj.weight";
            case "timesformer.embeddings.patch_embeddings.projection.bias": return "patch_embed.proj.bias";
            case "timesformer.layernorm.weight": return "norm.weight";
            case "timesformer.layernorm.bias": return "norm.bias";
            case "classifier.weight": return "head.weight";
            case "classifier.bias": return "head.bias";
            default: break;
        }
        Matcher m = LAYER.matcher(hf);
        if (m.matches()) {
            // longest HF sub-name first: "temporal_attention.output.dense." before "output.dense."
            String rest = m.group(2);
            for (String[] pair : BLOCK_NAMES) {
                if (rest.startsWith(pair[0])) {
                    return "blocks." + m.group(1) + "." + pair[1] + rest.substring(pair[0].length());
                }
            }
        }
        throw new IllegalArgumentException("no facebookresearch name for " + hf);
    }

    private static long[] contiguousStrides(long[] size) {
        long[] s = new long[size.length];
        long acc = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= size[i];
        }
        return s;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
