package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.testing.CheckpointWriters;

class SafetensorsReaderTest {
    @TempDir
    Path dir;

    private static Map<String, RawTensor> sample() {
        Map<String, RawTensor> m = new LinkedHashMap<>();
        m.put("a", RawTensor.ofFloats("a", new long[] {2, 3}, new float[] {1, -2, 3.5f, 1e-3f, 65504f, -0.1f}));
        m.put("b", RawTensor.ofFloats("b", new long[] {4}, new float[] {0.25f, 7, -8, 1f / 3}));
        m.put("scalar", RawTensor.ofFloats("scalar", new long[] {}, new float[] {42}));
        return m;
    }

    @Test
    void readsEveryFloatDtypeAsStored() throws Exception {
        for (TensorDType dt : new TensorDType[] {TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.F64}) {
            Path f = dir.resolve(dt + ".safetensors");
            CheckpointWriters.writeSafetensors(f, sample(), dt);
            Map<String, RawTensor> read = SafetensorsReader.read(f);
            Map<String, RawTensor> expected = CheckpointWriters.roundTo(sample(), dt);
            assertThat(read.keySet()).containsExactly("a", "b", "scalar");
            for (String k : read.keySet()) {
                assertThat(read.get(k).dtype()).isEqualTo(dt);
                assertThat(read.get(k).shape()).isEqualTo(sample().get(k).shape());
                assertThat(read.get(k).toFloatArray()).containsExactly(expected.get(k).toFloatArray());
            }
            assertThat(read.get("a").data().isDirect()).as("memory-mapped, not copied").isTrue();
        }
        // F16/BF16 really round: 1/3 is not representable
        Map<String, RawTensor> bf = CheckpointWriters.roundTo(sample(), TensorDType.BF16);
        assertThat(bf.get("b").toFloatArray()[3]).isNotEqualTo(1f / 3).isCloseTo(1f / 3, org.assertj.core.data.Offset.offset(2e-3f));
    }

    @Test
    void weightsGoStraightIntoANativeBufferInEveryDtype() throws Exception {
        for (TensorDType dt : new TensorDType[] {TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.F64}) {
            Path f = dir.resolve("direct-" + dt + ".safetensors");
            CheckpointWriters.writeSafetensors(f, sample(), dt);
            Map<String, RawTensor> read = SafetensorsReader.read(f);
            Map<String, RawTensor> expected = CheckpointWriters.roundTo(sample(), dt);
            for (String k : read.keySet()) {
                RawTensor t = read.get(k);
                ByteBuffer dst = ByteBuffer.allocateDirect((int) t.numel() * 4 + 8).order(ByteOrder.nativeOrder());
                dst.putInt(0x7F7F7F7F); // the write starts at the buffer's position
                t.writeFloat32(dst);
                assertThat(dst.position()).isEqualTo(4 + (int) t.numel() * 4);
                float[] got = new float[(int) t.numel()];
                dst.position(4);
                dst.asFloatBuffer().get(got);
                assertThat(got).as(dt + " " + k).containsExactly(expected.get(k).toFloatArray());
            }
        }
    }

    @Test
    void aFileCutShortAfterOpeningIsReportedWhenTheWeightsAreRead() throws Exception {
        Path f = dir.resolve("later.safetensors");
        CheckpointWriters.writeSafetensors(f, sample(), TensorDType.F32);
        Map<String, RawTensor> read = SafetensorsReader.read(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 10);
        }
        RawTensor last = read.get("scalar");
        assertThatThrownBy(() -> last.writeFloat32(ByteBuffer.allocate(4)))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("scalar").hasMessageContaining("truncated");
    }

    @Test
    void truncatedFileIsRefused() throws Exception {
        Path f = dir.resolve("t.safetensors");
        CheckpointWriters.writeSafetensors(f, sample(), TensorDType.F32);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 10);
        }
        assertThatThrownBy(() -> SafetensorsReader.read(f)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("past the end of the data section");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(40);
        }
        assertThatThrownBy(() -> SafetensorsReader.read(f)).hasMessageContaining("truncated");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(5);
        }
        assertThatThrownBy(() -> SafetensorsReader.read(f)).hasMessageContaining("only 5 bytes");
    }

    @Test
    void absurdHeaderLengthIsRefusedWithoutAllocating() throws Exception {
        Path f = dir.resolve("huge.safetensors");
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 60);
        Files.write(f, b.array());
        assertThatThrownBy(() -> SafetensorsReader.read(f)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("header length is 1152921504606846976 bytes");
        ByteBuffer neg = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        Files.write(f, neg.array());
        assertThatThrownBy(() -> SafetensorsReader.read(f)).hasMessageContaining("18446744073709551615");
        ByteBuffer big = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        Files.write(f, big.array());
        assertThatThrownBy(() -> SafetensorsReader.read(f)).hasMessageContaining("header claims 1000 bytes");
    }

    private void assertRefused(String header, byte[] data, String... fragments) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        CheckpointWriters.writeSafetensorsRaw(f, header, data);
        var t = assertThatThrownBy(() -> SafetensorsReader.read(f)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(f.toString());
        for (String s : fragments) {
            t.hasMessageContaining(s);
        }
    }

    @Test
    void malformedHeadersAreRefusedWithSpecificMessages() throws Exception {
        byte[] d16 = new byte[16];
        assertRefused("{not json", d16, "not valid JSON");
        assertRefused("[1,2]", d16, "must be a JSON object");
        assertRefused("{\"w\":{\"dtype\":\"X99\",\"shape\":[4],\"data_offsets\":[0,16]}}", d16, "tensor 'w'", "unsupported dtype 'X99'");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,32]}}", d16, "'w'", "past the end");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}}", d16, "begin after end");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,16]}}", d16, "needs 20 bytes", "span 16");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", d16, "'shape'", "non-negative");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[-16,0]}}", d16, "'data_offsets'");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4]}}", d16, "data_offsets");
        assertRefused("{\"w\":{\"shape\":[4],\"data_offsets\":[0,16]}}", d16, "'dtype'");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,16]}}",
                d16, "absurdly large");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", d16, "overlap");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", d16, "Duplicate field 'w'");
        assertRefused("{\"w\":[1]}", d16, "header entry must be an object");
    }

    @Test
    void integerTensorsAreReadButNotUsableAsWeights() throws Exception {
        Path f = dir.resolve("int.safetensors");
        CheckpointWriters.writeSafetensorsRaw(f, "{\"steps\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}",
                new byte[16]);
        RawTensor t = SafetensorsReader.read(f).get("steps");
        assertThat(t.dtype()).isEqualTo(TensorDType.I64);
        assertThatThrownBy(t::toFloatArray).hasMessageContaining("I64");
    }

    @Test
    void missingFileNamesThePath() {
        Path f = dir.resolve("nope.safetensors");
        assertThatThrownBy(() -> SafetensorsReader.read(f)).hasMessageContaining("nope.safetensors").hasMessageContaining("not found");
    }
}
