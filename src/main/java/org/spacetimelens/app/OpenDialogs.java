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
        fc.setTitle("Open checkpoint (config.json of a Hugging Face folder, or a weights file; "
                + "File ▸ Open model folder… takes the folder itself)");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Checkpoints", "*.safetensors", "*.bin", "*.pyth", "*.pth", "*.pt",
                        "config.json", "preprocessor_config.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(fc, "model");
        File f = fc.showOpenDialog(owner.get());
        if (f != null) {
            Path p = f.toPath();
            prefs.setLastFolder("model", p.getParent());
            open.accept(modelTarget(p));
        }
    }

    /** File ▸ Open model folder…: a Hugging Face folder (config.json and its weights) as a whole. */
    void modelFolder(Consumer<Path> open) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a Hugging Face model folder (config.json + weights)");
        Path dir = prefs.lastFolder("model");
        if (dir != null) {
            dc.setInitialDirectory(dir.toFile());
        }
        File f = dc.showDialog(owner.get());
        if (f != null) {
            prefs.setLastFolder("model", f.toPath().getParent());
            open.accept(f.toPath());
        }
    }

    /** What a chosen checkpoint file stands for: its folder for a Hugging Face folder's JSON files. */
    static Path modelTarget(Path chosen) {
        String name = chosen.getFileName().toString();
        boolean folderFile = name.equals("config.json") || name.equals("preprocessor_config.json");
        return folderFile && chosen.getParent() != null ? chosen.getParent() : chosen;
    }

    private void startIn(FileChooser fc, String kind) {
        Path dir = prefs.lastFolder(kind);
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
    }
}
