package org.spacetimelens.app;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The open dialogs (video, frame folder, checkpoint), each starting in the folder last used for its kind. */
final class OpenDialogs {
    private final AppPreferences prefs;
    private final Supplier<Window> owner;

    OpenDialogs(AppPreferences prefs, Supplier<Window> owner) {
        this.prefs = prefs;
        this.owner = owner;
    }

    void video(Consumer<Path> open) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open video");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Videos", FileKinds.VIDEO_EXT.stream().map(e -> "*." + e).toList()),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(fc, "video");
        File f = fc.showOpenDialog(owner.get());
        if (f != null) {
            prefs.setLastFolder("video", f.toPath().getParent());
            open.accept(f.toPath());
        }
    }

    void frameFolder(Consumer<Path> open) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of numbered frames");
        Path dir = prefs.lastFolder("video");
        if (dir != null) {
            dc.setInitialDirectory(dir.toFile());
        }
        File f = dc.showDialog(owner.get());
        if (f != null) {
            prefs.setLastFolder("video", f.toPath().getParent());
            open.accept(f.toPath());
        }
    }

    void model(Consumer<Path> open) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open checkpoint (config.json of a Hugging Face folder, or a weights file)");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Checkpoints", "*.safetensors", "*.bin", "*.pyth", "*.pth", "*.pt",
                        "config.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(fc, "model");
        File f = fc.showOpenDialog(owner.get());
        if (f != null) {
            Path p = f.toPath();
            prefs.setLastFolder("model", p.getParent());
            // config.json stands for its folder.
            open.accept(p.getFileName().toString().equals("config.json") ? p.getParent() : p);
        }
    }

    private void startIn(FileChooser fc, String kind) {
        Path dir = prefs.lastFolder(kind);
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
    }
}
