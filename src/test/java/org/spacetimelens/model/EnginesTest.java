package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EnginesTest {

    @Test
    void freedTensorMemoryGoesBackToTheSystemOnGlibc() {
        boolean glibc = System.getProperty("os.name", "").startsWith("Linux")
                && (Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6")) || Files.exists(Path.of("/lib64/libc.so.6"))
                        || Files.exists(Path.of("/lib/aarch64-linux-gnu/libc.so.6")));
        assumeTrue(glibc, "malloc_trim is glibc's");
        assertThat(Engines.releaseFreedMemory()).isTrue();
        assertThat(Engines.releaseFreedMemory()).as("callable after every pass").isTrue();
    }

    @Test
    void theDefaultMallocPropertyTurnsTrimmingOff() {
        String before = System.getProperty("spacetimelens.malloc");
        try {
            System.setProperty("spacetimelens.malloc", "default");
            assertThat(Engines.releaseFreedMemory()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("spacetimelens.malloc");
            } else {
                System.setProperty("spacetimelens.malloc", before);
            }
        }
    }
}
