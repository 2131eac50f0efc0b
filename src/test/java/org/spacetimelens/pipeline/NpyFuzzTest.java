package org.spacetimelens.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.spacetimelens.model.testing.FuzzFiles;

/**
 * Fuzzes the {@code .npy} clip reader as the CLI uses it ({@link LoadedClip#readTensor}, which calls
 * {@link NpyFile#readFloat32} and checks the shape): only {@link IOException} (with the file and the
 * defect) may escape; the data array is never sized beyond what the file holds.
 */
@org.junit.jupiter.api.Tag("fuzz")
class NpyFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void readTensor(byte[] data) throws Exception {
        FuzzFiles.run(() -> LoadedClip.readTensor(FuzzFiles.write("clip.npy", data)), IOException.class);
    }
}
