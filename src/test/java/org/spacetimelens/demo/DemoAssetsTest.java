package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAssetsTest {

    @Test
    void theSystemPropertyWinsAndPathsPointInsideTheFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("demo/model"));
        String old = System.getProperty(DemoAssets.PROPERTY);
        System.setProperty(DemoAssets.PROPERTY, dir.toString());
        try {
            DemoAssets a = DemoAssets.locate();
            assertThat(a.root()).isEqualTo(dir.resolve("demo").toAbsolutePath().normalize());
            assertThat(a.modelDir()).isEqualTo(a.root().resolve("model"));
            assertThat(a.video().getFileName().toString()).isEqualTo("demo.mp4");
            assertThat(a.sidecar().getFileName().toString()).isEqualTo("demo.json");
        } finally {
            restore(old);
        }
    }

    @Test
    void searchOrderCoversPropertyCheckoutAndJarFolders(@TempDir Path dir) {
        String old = System.getProperty(DemoAssets.PROPERTY);
        System.setProperty(DemoAssets.PROPERTY, dir.toString());
        try {
            var c = DemoAssets.candidates();
            assertThat(c.get(0)).isEqualTo(dir.resolve("demo"));
            assertThat(c).contains(Path.of("").toAbsolutePath().resolve("assets/demo"));
        } finally {
            restore(old);
        }
    }

    @Test
    void aFolderWithoutModelIsNotTakenAndTheErrorListsWhereItLooked(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("demo")); // no model/ inside
        String old = System.getProperty(DemoAssets.PROPERTY);
        System.setProperty(DemoAssets.PROPERTY, dir.toString());
        try {
            DemoAssets found = DemoAssets.find().orElse(null);
            if (found != null) {
                assertThat(found.root()).isNotEqualTo(dir.resolve("demo").toAbsolutePath().normalize());
            } else {
                assertThatThrownBy(DemoAssets::locate).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(dir.resolve("demo").toString()).hasMessageContaining("--model");
            }
        } finally {
            restore(old);
        }
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty(DemoAssets.PROPERTY);
        } else {
            System.setProperty(DemoAssets.PROPERTY, old);
        }
    }
}
