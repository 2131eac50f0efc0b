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
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.VideoSpan;

/**
 * The tool bar's Export (Ctrl+E): one dialog with what can be written — the pipeline's formats, a
 * screenshot of the view, the scale of everything drawn, the frames an overlay video covers, the
 * folder — and the frames the maps cover (the analysed clip).
 * It only lays out the choice; {@link Exports} runs it.
 */
final class ExportDialog {
    /**
     * What the user chose.
     *
     * @param formats    formats written by the pipeline
     * @param screenshot also a screenshot of the view as shown (frame or grid)
     * @param caption    the screenshot carries the figure's caption
     * @param scale      1, 2 or 4: the screenshot, the sheet, overlay PNGs and overlay videos
     * @param videoSpan  the frames an overlay video covers
     * @param folder     where to write
     * @param faithfulness also the Faithfulness pane's curves of this view
     */
    record Request(Set<ExportFormat> formats, boolean screenshot, boolean caption, int scale, VideoSpan videoSpan,
            Path folder, boolean faithfulness) {

        Request(Set<ExportFormat> formats, boolean screenshot, boolean caption, int scale, VideoSpan videoSpan,
                Path folder) {
            this(formats, screenshot, caption, scale, videoSpan, folder, false);
        }

        /** The screenshot's file in the folder, or null when none was asked for. */
        Path screenshotFile() {
            return screenshot ? folder.resolve("screenshot@" + scale + "x.png") : null;
        }

        /** The pipeline's part of the request. */
        ExportChoice choice() {
            return new ExportChoice(formats, scale, videoSpan, false);
        }
    }

    private static final int[] SCALES = {1, 2, 4};

    private ExportDialog() {
    }

    /** A dialog for {@code job}'s clip, starting in {@code folder} (may be null), with {@code previous}'s choices. */
    static Dialog<Request> create(Window owner, ExportJob job, Path folder, Request previous) {
        return create(owner, job, folder, previous, false);
    }

    /** @param faithfulness whether the Faithfulness pane has curves of this view to write with the rest */
    static Dialog<Request> create(Window owner, ExportJob job, Path folder, Request previous, boolean faithfulness) {
        Dialog<Request> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Export");
        d.setHeaderText("Export the analysed clip with its params.json (replayable by `export --replay`)");
        Map<ExportFormat, CheckBox> boxes = new EnumMap<>(ExportFormat.class);
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE); // the row names never shrink to "…"
        grid.getColumnConstraints().setAll(names, new ColumnConstraints());
        int row = 0;
        grid.add(new Label("Formats"), 0, row);
        for (ExportFormat f : ExportFormat.values()) {
            CheckBox c = new CheckBox(describe(f));
            c.setId("format-" + f.id());
            c.setSelected(previous != null ? previous.formats().contains(f)
                    : f == ExportFormat.SHEET || f == ExportFormat.NPZ);
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
        CheckBox shot = new CheckBox("Screenshot of the view");
        shot.setTooltip(new javafx.scene.control.Tooltip("The frame or grid as shown, with its overlays and the "
                + "colour bar when it is on; its sidecar replays to the same pixels"));
        shot.setId("screenshot");
        shot.setSelected(previous != null && previous.screenshot());
        CheckBox caption = new CheckBox("with caption");
        caption.setId("screenshotCaption");
        caption.setSelected(previous != null && previous.caption());
        caption.disableProperty().bind(shot.selectedProperty().not());
        grid.add(new Label("View"), 0, row);
        grid.add(new HBox(12, shot, caption), 1, row++);
        ComboBox<String> scale = new ComboBox<>();
        scale.setId("exportScale");
        scale.getItems().setAll(List.of("1×", "2×", "4×"));
        int prevScale = previous == null ? 0 : java.util.Arrays.stream(new int[] {0, 1, 2})
                .filter(k -> SCALES[k] == previous.scale()).findFirst().orElse(0);
        scale.getSelectionModel().select(prevScale);
        grid.add(new Label("Scale"), 0, row);
        HBox scaleRow = new HBox(8, scale, Ui.hint("screenshot, sheet, overlay PNGs and videos"));
        scaleRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        grid.add(scaleRow, 1, row++);
        CheckBox faith = new CheckBox("Faithfulness curves (faithfulness.json, .png, .csv, .params.json)");
        faith.setId("exportFaithfulness");
        faith.setSelected(faithfulness && (previous == null || previous.faithfulness()));
        faith.setDisable(!faithfulness);
        if (!faithfulness) {
            faith.setText(faith.getText() + ": open View ▸ Faithfulness curves first");
        }
        grid.add(new Label("Curves"), 0, row);
        grid.add(faith, 1, row++);
        int[] frames = job.analysis().frameIndices();
        Label clip = Ui.hint(String.format("The analysed clip: %d frames, source frames %d–%d (maps, sheet, "
                + "PNGs)", frames.length, frames[0], frames[frames.length - 1]));
        clip.setId("exportFrames");
        ComboBox<VideoSpan> span = new ComboBox<>();
        span.setId("videoSpan");
        span.getItems().setAll(VideoSpan.ALL, VideoSpan.CLIP);
        int videoFrames = job.video().meta().frameCount();
        span.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(VideoSpan v) {
                return v == null ? "" : v == VideoSpan.ALL ? "Overlay video: the whole video (" + videoFrames
                        + " frames)" : String.format("Overlay video: the clip's span, frames %d–%d", frames[0],
                        frames[frames.length - 1]);
            }

            @Override
            public VideoSpan fromString(String s) {
                return null;
            }
        });
        span.getSelectionModel().select(previous != null ? previous.videoSpan()
                : job.sampling().mode() == SamplingMode.WINDOW ? VideoSpan.CLIP : VideoSpan.ALL);
        grid.add(new Label("Frames"), 0, row);
        grid.add(new VBox(4, clip, span), 1, row++);
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
            int k = Math.max(0, scale.getSelectionModel().getSelectedIndex());
            return new Request(chosen, shot.isSelected(), shot.isSelected() && caption.isSelected(), SCALES[k],
                    span.getValue(), Path.of(dir.getText().trim()),
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
