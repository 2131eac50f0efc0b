package org.spacetimelens.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.spacetimelens.model.testing.FuzzFiles;

/** Fuzzes {@link SafetensorsReader}: only {@link CheckpointException} may escape; no huge allocation. */
@org.junit.jupiter.api.Tag("fuzz")
class SafetensorsFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void readSafetensors(byte[] data) throws Exception {
        FuzzFiles.run(() -> ModelFuzzing.touch(SafetensorsReader.read(FuzzFiles.write("model.safetensors", data))),
                CheckpointException.class);
    }
}
