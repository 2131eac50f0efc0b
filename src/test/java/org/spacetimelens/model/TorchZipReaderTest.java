package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.testing.CheckpointWriters;
import org.spacetimelens.model.testing.CheckpointWriters.TorchOptions;
import org.spacetimelens.model.testing.PickleWriter;

class TorchZipReaderTest {
    @TempDir
    Path dir;

    private static Map<String, RawTensor> sample() {
        Map<String, RawTensor> m = new LinkedHashMap<>();
        float[] w = new float[12];
        for (int i = 0; i < w.length; i++) {
            w[i] = i * 0.5f - 2;
        }
        m.put("layer.weight", RawTensor.ofFloats("layer.weight", new long[] {3, 4}, w));
        m.put("layer.bias", RawTensor.ofFloats("layer.bias", new long[] {3}, new float[] {0.1f, -0.2f, 0.3f}));
        m.put("embed", RawTensor.ofFloats("embed", new long[] {1, 2, 2}, new float[] {9, 8, 7, 6}));
        return m;
    }

    private static void assertSameValues(Map<String, RawTensor> read, Map<String, RawTensor> expected, String prefix) {
        assertThat(read).hasSize(expected.size());
        for (RawTensor e : expected.values()) {
            RawTensor r = read.get(prefix + e.name());
            assertThat(r).as(e.name()).isNotNull();
            assertThat(r.shape()).isEqualTo(e.shape());
            assertThat(r.toFloatArray()).containsExactly(e.toFloatArray());
        }
    }

    @Test
    void readsHfStyleStateDictKeepingItemsDespiteMetadata() throws Exception {
        for (TensorDType dt : new TensorDType[] {TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.F64}) {
            Path f = dir.resolve("hf-" + dt + ".bin");
            CheckpointWriters.writeTorchZip(f, sample(), TorchOptions.hf().withDtype(dt));
            Map<String, RawTensor> read = TorchZipReader.readStateDict(f);
            assertSameValues(read, CheckpointWriters.roundTo(sample(), dt), "");
            assertThat(read.get("embed").dtype()).isEqualTo(dt);
        }
    }

    @Test
    void readsFacebookLayoutWithSharedStorageOffsetsAndStrides() throws Exception {
        Path f = dir.resolve("fb.pyth");
        CheckpointWriters.writeTorchZip(f, sample(), TorchOptions.facebook());
        assertSameValues(TorchZipReader.readStateDict(f), sample(), "model.");
    }

    private void assertRefused(byte[] pickle, Map<String, byte[]> storages, String... fragments) throws Exception {
        Path f = dir.resolve("bad.pth");
        CheckpointWriters.writeTorchZipRaw(f, "archive", pickle, storages);
        var t = assertThatThrownBy(() -> TorchZipReader.readStateDict(f)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(f.toString());
        for (String s : fragments) {
            t.hasMessageContaining(s);
        }
    }

    @Test
    void picklesNamingOtherGlobalsAreRefusedBeforeAnythingRuns() throws Exception {
        // the classic payload: os.system("touch pwned")
        Path marker = dir.resolve("pwned");
        byte[] osSystem = new PickleWriter().proto().global("os", "system").mark()
                .string("touch " + marker).tuple().reduce().stop();
        assertRefused(osSystem, Map.of(), "'os.system'", "nothing was executed");
        assertThat(marker).doesNotExist();
        // protocol-4 style STACK_GLOBAL builtins.eval
        byte[] eval = new PickleWriter().proto().string("builtins").string("eval").raw(0x93).mark()
                .string("1+1").tuple().reduce().stop();
        assertRefused(eval, Map.of(), "'builtins.eval'");
        // hidden inside an otherwise valid state dict
        byte[] nested = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
                .string("x").global("numpy.core.multiarray", "scalar").mark().tuple().reduce().setItems().stop();
        assertRefused(nested, Map.of("0", new byte[4]), "'numpy.core.multiarray.scalar'");
        // INST (protocol 0 object creation) is refused as an opcode
        byte[] inst = new PickleWriter().mark().raw('i').bytes("os\nsystem\n".getBytes()).stop();
        assertRefused(inst, Map.of(), "opcode 0x69");
    }

    @Test
    void storageShorterThanItsDeclaredElementsIsRefused() throws Exception {
        byte[] p = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "0", 100, 0, new long[] {10, 10}, new long[] {10, 1}).setItems().stop();
        assertRefused(p, Map.of("0", new byte[40]), "storage '0'", "100 elements", "only 40 bytes");
        byte[] absurd = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "0", 1L << 62, 0, new long[] {1}, new long[] {1}).setItems().stop();
        assertRefused(absurd, Map.of("0", new byte[40]), "4611686018427387904 elements");
    }

    @Test
    void tensorViewsBeyondTheirStorageAreRefused() throws Exception {
        byte[] p = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "0", 50, 0, new long[] {10, 10}, new long[] {10, 1}).setItems().stop();
        assertRefused(p, Map.of("0", new byte[200]), "tensor 'w'", "reaches element 99", "50 elements");
        byte[] offset = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "0", 50, 45, new long[] {10}, new long[] {1}).setItems().stop();
        assertRefused(offset, Map.of("0", new byte[200]), "reaches element 54");
        // absurd element count through a zero stride (nothing out of bounds, but 2^40 elements)
        byte[] huge = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1 << 20, 1 << 20}, new long[] {0, 0}).setItems().stop();
        assertRefused(huge, Map.of("0", new byte[4]), "1099511627776 elements");
    }

    @Test
    void oneStorageDeclaredTwiceDifferentlyIsRefused() throws Exception {
        byte[] p = new PickleWriter().proto().orderedDict().mark()
                .string("a").tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1})
                .string("b").tensor("HalfStorage", "0", 8, 0, new long[] {8}, new long[] {1}).setItems().stop();
        assertRefused(p, Map.of("0", new byte[16]), "storage '0' is declared twice");
    }

    @Test
    void missingStorageEntryIsRefused() throws Exception {
        byte[] p = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("FloatStorage", "7", 1, 0, new long[] {1}, new long[] {1}).setItems().stop();
        assertRefused(p, Map.of(), "archive/data/7", "missing");
    }

    @Test
    void forgedLengthsAndTruncationAreRefused() throws Exception {
        PickleWriter w = new PickleWriter().proto().raw(0x8e); // BINBYTES8 claiming 1 TB
        w.raw(0, 0, 0, 0, 0, 1, 0, 0);
        assertRefused(w.stop(), Map.of(), "1099511627776-byte item");
        byte[] truncated = new PickleWriter().proto().orderedDict().mark().string("w").bytesSoFar();
        assertRefused(truncated, Map.of(), "malformed pickle");
        byte[] notDict = new PickleWriter().proto().string("hello").stop();
        assertRefused(notDict, Map.of(), "not a dict of tensors");
        byte[] badType = new PickleWriter().proto().orderedDict().mark().string("w")
                .tensor("QInt8Storage", "0", 1, 0, new long[] {1}, new long[] {1}).setItems().stop();
        assertRefused(badType, Map.of("0", new byte[1]), "'torch.QInt8Storage'");
    }

    @Test
    void legacyAndForeignFilesAreRefusedClearly() throws Exception {
        Path legacy = dir.resolve("old.pth");
        Files.write(legacy, new byte[] {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46});
        assertThatThrownBy(() -> TorchZipReader.readStateDict(legacy))
                .hasMessageContaining("legacy (pre-1.6)").hasMessageContaining("re-save");
        Path text = dir.resolve("notes.pth");
        Files.writeString(text, "hello world");
        assertThatThrownBy(() -> TorchZipReader.readStateDict(text)).hasMessageContaining("not a PyTorch checkpoint");
        Path brokenZip = dir.resolve("broken.pth");
        Files.write(brokenZip, new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        assertThatThrownBy(() -> TorchZipReader.readStateDict(brokenZip)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("broken.pth");
    }
}
