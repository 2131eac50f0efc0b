package org.spacetimelens.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Assembles the window: menu and tool bars (made from {@link ViewerActions}), the centre (frame
 * canvas or grid), the timeline and transport, the side panel and the status bar; installs the key
 * map and drag-and-drop. It lays out and runs nothing itself: commands are actions, work is the
 * controller's.
 */
public final class MainWindow implements ViewerWindowParts {
    private final ViewState state;
    private final ViewerController controller;
    private final Playback playback;
    private final FrameView frameView;
    private final GridView gridView;
    private final CompareView compareView;
    private final TimelineView timeline;
    private final TransportBar transport;
    private final Exports exports;
    private final OpenDialogs dialogs;
    private final ModalSheets sheets = new ModalSheets();
    private final FaithfulnessWindow faithfulness;
    private final ViewerActions actions;
    private final List<KeyMap.Shortcut> shortcuts;
    private final StackPane root;
    private Stage stage;

    public MainWindow(ViewerController controller, AppPreferences prefs) {
        this.controller = controller;
        this.state = controller.state();
        this.playback = new Playback(state);
        this.frameView = new FrameView(state);
        this.gridView = new GridView(state);
        this.compareView = new CompareView(state);
        this.timeline = new TimelineView(state);
        this.transport = new TransportBar(state, playback);
        this.exports = new Exports(controller, scale -> state.gridModeProperty().get()
                ? gridView.snapshot(scale) : frameView.snapshot(scale), prefs);
        exports.setShots((job, scale, caption) -> ScreenshotView.of(state, frameView, gridView, job, scale, caption));
        this.dialogs = new OpenDialogs(prefs, () -> stage);
        this.faithfulness = new FaithfulnessWindow(controller, () -> stage, prefs);
        exports.setFaithfulness(faithfulness);
        this.actions = ViewerActions.standard(this);
        this.shortcuts = actions.shortcuts();

        BorderPane main = new BorderPane();
        main.setTop(new VBox(ViewerMenus.create(actions, controller), ViewerToolBar.create(actions, state)));
        VBox centre = new VBox(new CentreStack(state, frameView, gridView, compareView,
                controller.analysingProperty()), timeline,
                transport);
        VBox.setVgrow(centre.getChildren().get(0), Priority.ALWAYS);
        centre.getStyleClass().add("centre");
        main.setCenter(centre);
        main.setRight(new SidePanel(state));
        main.setBottom(ViewerStatusBar.create(state, controller.services()));
        root = new StackPane(main, sheets.pane());
        root.getStyleClass().add("stl-root");
        root.setId("root");
        installDragAndDrop(root);
    }

    /** Builds the scene (with the app stylesheet and key map) into {@code stage}. */
    public Scene install(Stage stage) {
        this.stage = stage;
        Scene scene = new Scene(root);
        scene.getStylesheets().add(MainWindow.class.getResource("app.css").toExternalForm());
        KeyMap.install(scene, shortcuts, actions.get("help")::run);
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            VideoMeta v = state.videoProperty().get();
            ModelSummary m = state.modelProperty().get();
            return "Spacetime Lens" + (v != null ? " — " + v.fileName() : "") + (m != null ? " · " + m.name() : "");
        }, state.videoProperty(), state.modelProperty()));
        exports.setOwner(stage);
        return scene;
    }

    public Parent root() {
        return root;
    }

    @Override
    public FrameView frameView() {
        return frameView;
    }

    @Override
    public CompareView compareView() {
        return compareView;
    }

    public GridView gridView() {
        return gridView;
    }

    public TimelineView timeline() {
        return timeline;
    }

    @Override
    public Exports exports() {
        return exports;
    }

    @Override
    public Playback playback() {
        return playback;
    }

    @Override
    public ViewState state() {
        return state;
    }

    @Override
    public ViewerController controller() {
        return controller;
    }

    @Override
    public OpenDialogs dialogs() {
        return dialogs;
    }

    @Override
    public ModalSheets sheets() {
        return sheets;
    }

    @Override
    public FaithfulnessWindow faithfulness() {
        return faithfulness;
    }

    ViewerActions actions() {
        return actions;
    }

    List<KeyMap.Shortcut> shortcuts() {
        return shortcuts;
    }

    static String bytes(long b) {
        return Format.bytes(b);
    }

    @Override
    public void toggleHelp() {
        sheets.toggleHelp(shortcuts);
    }

    void showHelp() {
        toggleHelp();
    }

    boolean helpShowing() {
        return sheets.showing();
    }

    @Override
    public void quit() {
        stage.close();
    }

    @Override
    public void focusGoToFrame() {
        transport.focusGoToFrame();
    }

    @Override
    public void openDemo() {
        Optional<Path> v = controller.backend().demoVideo();
        Optional<Path> m = controller.backend().demoModel();
        if (v.isEmpty() && m.isEmpty()) {
            controller.fail("No demo", new BackendException("The demo assets were not found next to the "
                    + "application (assets/demo). Open a video and a checkpoint instead."));
            return;
        }
        m.ifPresent(controller::openModel);
        v.ifPresent(controller::openVideo);
    }

    /** Opens each path as a checkpoint or a video, by what it looks like. */
    public void openPaths(List<Path> paths) {
        for (Path p : paths) {
            if (FileKinds.isCheckpoint(p)) {
                controller.openModel(p);
            } else {
                controller.openVideo(p);
            }
        }
    }

    private void installDragAndDrop(Node target) {
        target.setOnDragOver((DragEvent e) -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                openPaths(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
