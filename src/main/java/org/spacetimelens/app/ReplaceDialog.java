package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asked before an export replaces files: "Replace N files?" with the list, and Replace (what the CLI's
 * {@code --force} does), Choose another folder, or Cancel. Only lays out the question; {@link Exports}
 * acts on the answer.
 */
final class ReplaceDialog {
    /** The user's answer. */
    enum Choice { REPLACE, CHOOSE_ANOTHER, CANCEL }

    static final ButtonType REPLACE = new ButtonType("Replace", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType CHOOSE_ANOTHER = new ButtonType("Choose another folder", ButtonBar.ButtonData.OTHER);

    private ReplaceDialog() {
    }

    /** The question for {@code files} (existing, in {@code folder}); not shown yet. */
    static Dialog<Choice> create(Window owner, Path folder, List<Path> files) {
        Dialog<Choice> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
        }
        d.setTitle("Replace files?");
        d.setHeaderText(headline(files.size()));
        ListView<String> list = new ListView<>();
        list.setId("replaceFiles");
        list.getItems().setAll(files.stream().map(f -> relative(folder, f)).toList());
        list.setFixedCellSize(30);
        list.setPrefHeight(Math.min(8, files.size()) * 30 + 6);
        list.setFocusTraversable(false);
        Label what = new Label("These files in " + folder + " already exist. Replace them (their sidecars are "
                + "replaced with them), or write into another folder.");
        what.setWrapText(true);
        what.setMaxWidth(520);
        VBox content = new VBox(8, what, list);
        d.getDialogPane().setContent(content);
        d.getDialogPane().setId("replaceDialog");
        d.getDialogPane().setMinWidth(640); // room for the three buttons' whole names
        d.getDialogPane().getButtonTypes().setAll(REPLACE, CHOOSE_ANOTHER, ButtonType.CANCEL);
        d.setResultConverter(b -> b == REPLACE ? Choice.REPLACE : b == CHOOSE_ANOTHER ? Choice.CHOOSE_ANOTHER
                : Choice.CANCEL);
        return d;
    }

    static String headline(int n) {
        return n == 1 ? "Replace 1 file?" : "Replace " + n + " files?";
    }

    private static String relative(Path folder, Path file) {
        Path f = file.toAbsolutePath().normalize();
        Path d = folder.toAbsolutePath().normalize();
        return f.startsWith(d) ? d.relativize(f).toString() : f.toString();
    }
}
