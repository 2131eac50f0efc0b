package org.spacetimelens.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.spacetimelens.model.testing.FuzzFiles;

/**
 * Fuzzes {@link TorchZipReader}: the whole file (zip structure and all), and the pickle alone inside a
 * well-formed archive (so mutations reach {@link RestrictedUnpickler} instead of the zip parser). Only
 * {@link CheckpointException} may escape; no allocation sized by an unchecked field.
 */
@org.junit.jupiter.api.Tag("fuzz")
class TorchZipFuzzTest {

    /** Storages the pickle target's archive offers: keys 0..3, 256 zero bytes each. */
    static final int STORAGES = 4;
    static final int STORAGE_BYTES = 256;

    @FuzzTest(maxDuration = "5m")
    void readTorchZip(byte[] data) throws Exception {
        FuzzFiles.run(() -> ModelFuzzing.touch(TorchZipReader.readStateDict(FuzzFiles.write("model.pth", data))),
                CheckpointException.class);
    }

    @FuzzTest(maxDuration = "5m")
    void unpickle(byte[] pickle) throws Exception {
        byte[] zip = archive(pickle);
        FuzzFiles.run(() -> ModelFuzzing.touch(TorchZipReader.readStateDict(FuzzFiles.write("pickle.pth", zip))),
                CheckpointException.class);
    }

    /** A torch.save-style archive around {@code pickle}, with {@link #STORAGES} storages. */
    static byte[] archive(byte[] pickle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "archive/data.pkl", pickle);
            stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < STORAGES; i++) {
                stored(zip, "archive/data/" + i, new byte[STORAGE_BYTES]);
            }
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
