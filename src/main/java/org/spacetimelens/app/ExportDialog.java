package org.spacetimelens.app;

import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.spacetimelens.pipeline.ExportFormat;

/**
 * The tool bar's Export (Ctrl+E): one dialog with what can be written — the pipeline's formats, a
 * screenshot of the view at a scale, the folder — and the frames it covers (the analysed clip).
 * It only lays out the choice; {@link Exports} runs it.
 */
final class ExportDialog {
    /**
     * What the user chose: formats written by the pipeline, a screenshot scale (0: none), the folder, and
     * whether to write the Faithfulness pane's curves too.
     */
    record Request(Set<ExportFormat> formats, int screenshotScale, Path folder, boolean faithfulness) {
        Request(Set<ExportFormat> formats, int screenshotScale, Path folder) {
            this(formats, screenshotScale, folder, false);
        }
    }

    private ExportDialog() {
    }

    /** A dialog for {@code job}'s clip, starting in {@code folder} (may be null). */
    static Dialog<Request> create(Window owner, ExportJob job, Path folder) {
        return create(owner, job, folder, false);
    }

    /** @param faithfulness whether the Faithfulness pane has curves of this view to write with the rest */
    static Dialog<Request> create(Window owner, ExportJob job, Path folder, boolean faithfulness) {
        Dialog<Request> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Export");
        d.setHeaderText("Export the analysed clip with its params.json (replayable by `export --replay`)");
        Map<ExportFormat, CheckBox> boxes = new EnumMap<>(ExportFormat.class);
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        int row = 0;
        grid.add(new Label("Formats"), 0, row);
        HBox formats = new HBox(10);
        for (ExportFormat f : ExportFormat.values()) {
            CheckBox c = new CheckBox(describe(f));
            c.setId("format-" + f.id());
            c.setSelected(f == ExportFormat.SHEET || f == ExportFormat.NPZ);
            boxes.put(f, c);
        }
        GridPane checks = new GridPane();
        checks.setHgap(12);
        checks.setVgap(4);
        int i = 0;
        for (CheckBox c : boxes.values()) {
            checks.add(c, i % 2, i / 2);
            i++;
        }
        grid.add(checks, 1, row++);
        ComboBox<String> scale = new ComboBox<>();
        scale.setId("screenshotScale");
        scale.getItems().setAll(List.of("No screenshot", "Screenshot 1×", "Screenshot 2×", "Screenshot 4×"));
        scale.getSelectionModel().select(0);
        grid.add(new Label("View"), 0, row);
        grid.add(scale, 1, row++);
        CheckBox faith = new CheckBox("Faithfulness curves (faithfulness.json, .png, .csv, .params.json)");
        faith.setId("exportFaithfulness");
        faith.setSelected(faithfulness);
        faith.setDisable(!faithfulness);
        if (!faithfulness) {
            faith.setText(faith.getText() + ": open View ▸ Faithfulness curves first");
        }
        grid.add(new Label("Curves"), 0, row);
        grid.add(faith, 1, row++);
        int[] frames = job.analysis().frameIndices();
        Label clip = Ui.hint(String.format("The analysed clip: %d frames, source frames %d–%d", frames.length,
                frames[0], frames[frames.length - 1]));
        clip.setId("exportFrames");
        grid.add(new Label("Frames"), 0, row);
        grid.add(clip, 1, row++);
        TextField dir = new TextField(folder == null ? "" : folder.toString());
        dir.setId("exportFolder");
        dir.setPromptText("folder to write into");
        HBox.setHgrow(dir, Priority.ALWAYS);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Export into");
            if (folder != null && folder.toFile().isDirectory()) {
                dc.setInitialDirectory(folder.toFile());
            }
            File f = dc.showDialog(d.getDialogPane().getScene().getWindow());
            if (f != null) {
                dir.setText(f.toString());
            }
        });
        grid.add(new Label("Folder"), 0, row);
        grid.add(new HBox(6, dir, browse), 1, row);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Export");
        ok.disableProperty().bind(dir.textProperty().isEmpty());
        d.setResultConverter(b -> {
            if (b != ButtonType.OK) {
                return null;
            }
            Set<ExportFormat> chosen = EnumSet.noneOf(ExportFormat.class);
            boxes.forEach((f, c) -> {
                if (c.isSelected()) {
                    chosen.add(f);
                }
            });
            int s = scale.getSelectionModel().getSelectedIndex();
            return new Request(chosen, s <= 0 ? 0 : 1 << (s - 1), Path.of(dir.getText().trim()),
                    faith.isSelected() && !faith.isDisabled());
        });
        return d;
    }

    static String describe(ExportFormat f) {
        return switch (f) {
            case NPZ -> "Maps (NPZ)";
            case PNG -> "Overlay per frame (PNG)";
            case SHEET -> "Figure (contact sheet)";
            case MP4 -> "Overlay video (MP4)";
            case GIF -> "Overlay video (GIF)";
            case WEBM -> "Overlay video (WebM)";
        };
    }
}
