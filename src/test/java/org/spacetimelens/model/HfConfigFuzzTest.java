package org.spacetimelens.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.spacetimelens.model.testing.FuzzFiles;

/** Fuzzes {@code config.json} and {@code preprocessor_config.json} parsing: only {@link CheckpointException} escapes. */
@org.junit.jupiter.api.Tag("fuzz")
class HfConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void readConfig(byte[] data) throws Exception {
        FuzzFiles.run(() -> HfConfigFiles.readConfig(FuzzFiles.write("config.json", data)), CheckpointException.class);
    }

    @FuzzTest(maxDuration = "5m")
    void readPreprocess(byte[] data) throws Exception {
        FuzzFiles.run(() -> HfConfigFiles.readPreprocess(FuzzFiles.write("preprocessor_config.json", data)),
                CheckpointException.class);
    }
}
