package org.spacetimelens.app;

import atlantafx.base.controls.ModalPane;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.javafx.FontIcon;
import org.spacetimelens.rollout.QueryToken;

/**
 * Assembles the window: menu and tool bars, the centre (frame canvas or grid), the timeline and
 * transport, the side panel and the status bar; installs the keyboard map and drag-and-drop.
 * Commands here only change the view-state or call the controller.
 */
public final class MainWindow {
    private final ViewState state;
    private final ViewerController controller;
    private final Playback playback;
    private final AppPreferences prefs;
    private final FrameView frameView;
    private final GridView gridView;
    private final TimelineView timeline;
    private final SidePanel sidePanel;
    private final Exports exports;
    private final StatusBar statusBar = new StatusBar();
    private final ModalPane modal = new ModalPane();
    private final StackPane root;
    private final List<KeyMap.Shortcut> shortcuts;
    private Stage stage;

    public MainWindow(ViewerController controller, AppPreferences prefs) {
        this.controller = controller;
        this.state = controller.state();
        this.prefs = prefs;
        this.playback = new Playback(state);
        this.frameView = new FrameView(state);
        this.gridView = new GridView(state);
        this.timeline = new TimelineView(state);
        this.sidePanel = new SidePanel(state);
        this.exports = new Exports(controller, scale -> state.gridModeProperty().get()
                ? gridView.snapshot(scale) : frameView.snapshot(scale), prefs);
        this.shortcuts = KeyMap.shortcuts(this);

        BorderPane main = new BorderPane();
        main.setTop(new VBox(menuBar(), toolBar()));
        VBox centre = new VBox(centreStack(), timeline, new TransportBar(state, playback));
        VBox.setVgrow(centre.getChildren().get(0), Priority.ALWAYS);
        centre.getStyleClass().add("centre");
        main.setCenter(centre);
        main.setRight(sidePanel);
        main.setBottom(statusBar());
        // Short fades instead of the default slide: calmer, and no half-drawn frames on slow pipelines.
        modal.setInTransitionFactory(node -> fade(node, 0, 1));
        modal.setOutTransitionFactory(node -> fade(node, 1, 0));
        root = new StackPane(main, modal);
        root.getStyleClass().add("stl-root");
        root.setId("root");
        installDragAndDrop(root);
    }

    /** Builds the scene (with the app stylesheet and key map) into {@code stage}. */
    public Scene install(Stage stage) {
        this.stage = stage;
        Scene scene = new Scene(root);
        scene.getStylesheets().add(MainWindow.class.getResource("app.css").toExternalForm());
        KeyMap.install(scene, shortcuts, this);
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            VideoMeta v = state.videoProperty().get();
            ModelCard m = state.modelProperty().get();
            return "Spacetime Lens" + (v != null ? " — " + v.fileName() : "") + (m != null ? " · " + m.name() : "");
        }, state.videoProperty(), state.modelProperty()));
        exports.setOwner(stage);
        return scene;
    }

    public Parent root() {
        return root;
    }

    public FrameView frameView() {
        return frameView;
    }

    public GridView gridView() {
        return gridView;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public Exports exports() {
        return exports;
    }

    public Playback playback() {
        return playback;
    }

    ViewState controllerState() {
        return state;
    }

    List<KeyMap.Shortcut> shortcuts() {
        return shortcuts;
    }

    // --- layout pieces --------------------------------------------------------------------------

    private MenuBar menuBar() {
        Menu recent = new Menu("Open recent", Icons.icon("mdi2h-history"));
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : state.recentVideos()) {
                MenuItem i = new MenuItem(p.getFileName() + "  —  " + p.getParent(), Icons.icon(Icons.OPEN_VIDEO));
                i.setOnAction(e -> controller.openVideo(p));
                recent.getItems().add(i);
            }
            if (!state.recentVideos().isEmpty() && !state.recentModels().isEmpty()) {
                recent.getItems().add(new SeparatorMenuItem());
            }
            for (Path p : state.recentModels()) {
                MenuItem i = new MenuItem(p.getFileName() + "  —  " + p.getParent(), Icons.icon(Icons.OPEN_MODEL));
                i.setOnAction(e -> controller.openModel(p));
                recent.getItems().add(i);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        state.recentVideos().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        state.recentModels().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();

        MenuItem demo = item("Open demo", null, null, this::openDemo);
        Menu export = new Menu("Export", Icons.icon(Icons.EXPORT));
        export.getItems().addAll(
                item("Screenshot 1×", Icons.SCREENSHOT, "Shortcut+S", () -> exports.screenshotDialog(1)),
                item("Screenshot 2×", null, null, () -> exports.screenshotDialog(2)),
                item("Screenshot 4×", null, null, () -> exports.screenshotDialog(4)),
                new SeparatorMenuItem(),
                item("Figure (contact sheet)…", null, "Shortcut+E", exports::figureDialog),
                item("Overlay video (MP4)…", null, null,
                        () -> exports.overlayVideoDialog(org.spacetimelens.pipeline.ExportFormat.MP4)),
                item("Overlay video (GIF)…", null, null,
                        () -> exports.overlayVideoDialog(org.spacetimelens.pipeline.ExportFormat.GIF)),
                item("Maps (NPZ)…", null, null, exports::mapsDialog));
        Menu file = new Menu("File", null,
                item("Open video…", Icons.OPEN_VIDEO, "Shortcut+O", this::openVideoDialog),
                item("Open frame folder…", null, null, this::openFolderDialog),
                item("Open model…", Icons.OPEN_MODEL, "Shortcut+M", this::openModelDialog),
                recent, demo, new SeparatorMenuItem(), export,
                item("Copy image", Icons.COPY, "Shortcut+Shift+C", exports::copyToClipboard),
                new SeparatorMenuItem(),
                item("Quit", null, "Shortcut+Q", () -> stage.close()));

        CheckMenuItem grid = new CheckMenuItem("Grid of clip frames");
        grid.selectedProperty().bindBidirectional(state.gridModeProperty());
        grid.setAccelerator(null);
        CheckMenuItem gridFull = new CheckMenuItem("Grid shows full frames (not only the model's crop)");
        gridFull.selectedProperty().bindBidirectional(state.gridFullFrameProperty());
        CheckMenuItem truth = new CheckMenuItem("Show ground-truth boxes (video sidecar)");
        truth.selectedProperty().bindBidirectional(state.showTruthProperty());
        truth.disableProperty().bind(state.hintsProperty().isNull());
        CheckMenuItem overlay = new CheckMenuItem("Show overlay");
        overlay.selectedProperty().bindBidirectional(state.overlayVisibleProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(state.themeProperty().get() == ThemeChoice.DARK);
        dark.selectedProperty().addListener((o, a, b) -> state.themeProperty().set(b ? ThemeChoice.DARK : ThemeChoice.LIGHT));
        state.themeProperty().addListener((o, a, b) -> dark.setSelected(b == ThemeChoice.DARK));
        CheckMenuItem half = new CheckMenuItem("Keep attention as float16 (half the memory; exports stay float32)");
        half.selectedProperty().bindBidirectional(state.halfAttentionProperty());
        Menu budget = cacheBudgetMenu();
        Menu view = new Menu("View", null, grid, gridFull, overlay, truth,
                new SeparatorMenuItem(),
                item("Fit to window", Icons.FIT, null, this::fit),
                item("Actual size (100 %)", Icons.ACTUAL, null, frameView::actualSize),
                item("Zoom in", Icons.ZOOM_IN, null, () -> zoom(1.25)),
                item("Zoom out", Icons.ZOOM_OUT, null, () -> zoom(0.8)),
                new SeparatorMenuItem(), dark, half, budget);
        Menu play = new Menu("Playback", null,
                item("Play / pause", Icons.PLAY, null, playback::togglePlay),
                item("Next frame", Icons.STEP_FORWARD, null, () -> playback.step(1)),
                item("Previous frame", Icons.STEP_BACK, null, () -> playback.step(-1)),
                item("Next sampled frame", Icons.CLIP_FORWARD, null, () -> playback.stepClipFrame(1)),
                item("Previous sampled frame", Icons.CLIP_BACK, null, () -> playback.stepClipFrame(-1)));
        Menu help = new Menu("Help", null,
                item("Keyboard shortcuts", Icons.HELP, null, this::showHelp),
                item("About Spacetime Lens", null, null, this::showAbout));
        MenuBar bar = new MenuBar(file, view, play, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** View ▸ Attention cache: the clip cache's budget, one radio item per size. */
    private Menu cacheBudgetMenu() {
        Menu menu = new Menu("Attention cache");
        ToggleGroup group = new ToggleGroup();
        for (long b : ViewerController.CACHE_BUDGETS) {
            RadioMenuItem r = new RadioMenuItem(bytes(b));
            r.setToggleGroup(group);
            r.setSelected(state.cacheBudgetProperty().get() == b);
            r.setOnAction(e -> state.cacheBudgetProperty().set(b));
            state.cacheBudgetProperty().addListener((o, x, y) -> r.setSelected(y.longValue() == b));
            menu.getItems().add(r);
        }
        return menu;
    }

    private static MenuItem item(String text, String icon, String accel, Runnable action) {
        MenuItem i = new MenuItem(text, icon == null ? null : Icons.icon(icon));
        if (accel != null) {
            // Shown for discoverability; the key map (scene filter) performs the action.
            i.setAccelerator(KeyCombination.keyCombination(accel));
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    private ToolBar toolBar() {
        Button openVideo = toolButton(Icons.OPEN_VIDEO, "Video", "Open a video (Ctrl+O)", this::openVideoDialog);
        openVideo.setId("openVideo");
        Button openModel = toolButton(Icons.OPEN_MODEL, "Model", "Open a checkpoint (Ctrl+M)", this::openModelDialog);
        openModel.setId("openModel");
        ToggleButton grid = new ToggleButton("Grid", Icons.icon(Icons.GRID));
        grid.setId("gridToggle");
        grid.setTooltip(new Tooltip("All clip frames with overlays (G)"));
        grid.selectedProperty().bindBidirectional(state.gridModeProperty());
        grid.setFocusTraversable(false);
        ToggleButton overlay = new ToggleButton(null, Icons.icon(Icons.OVERLAY));
        overlay.setTooltip(new Tooltip("Show the overlay (O)"));
        overlay.selectedProperty().bindBidirectional(state.overlayVisibleProperty());
        overlay.getStyleClass().add(Styles.BUTTON_ICON);
        overlay.setFocusTraversable(false);
        Button fit = toolButton(Icons.FIT, null, "Fit to window (F)", this::fit);
        Button actual = toolButton(Icons.ACTUAL, null, "Actual size, 100 % (1)", frameView::actualSize);
        Label zoom = new Label();
        zoom.setId("zoomLabel");
        zoom.getStyleClass().addAll(Styles.TEXT_MUTED, "value-label");
        zoom.setMinWidth(48);
        zoom.textProperty().bind(Bindings.createStringBinding(() -> state.fitToWindowProperty().get() ? "Fit"
                : String.format("%.0f %%", 100 * state.zoomProperty().get()), state.zoomProperty(),
                state.fitToWindowProperty()));
        for (Node n : List.of(fit, actual, zoom)) {
            n.disableProperty().bind(state.gridModeProperty());
        }
        Button shot = toolButton(Icons.SCREENSHOT, null, "Screenshot PNG (Ctrl+S)", () -> exports.screenshotDialog(1));
        Button figure = toolButton(Icons.EXPORT, "Export", "Figure: contact sheet with title and colour bar (Ctrl+E)",
                exports::figureDialog);
        Button copy = toolButton(Icons.COPY, null, "Copy image (Ctrl+Shift+C)", exports::copyToClipboard);
        Button theme = toolButton(Icons.DARK, null, "Light / dark theme (T)",
                () -> state.themeProperty().set(state.themeProperty().get().toggled()));
        theme.setId("themeToggle");
        Runnable themeIcon = () -> ((FontIcon) theme.getGraphic()).setIconLiteral(
                state.themeProperty().get() == ThemeChoice.DARK ? Icons.LIGHT : Icons.DARK);
        state.themeProperty().addListener((o, a, b) -> themeIcon.run());
        themeIcon.run();
        Button help = toolButton(Icons.HELP, null, "Keyboard shortcuts (?)", this::showHelp);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(openVideo, openModel, vsep(), grid, overlay, vsep(), fit, actual, zoom, vsep(), shot,
                figure, copy, spacer, theme, help);
        bar.setId("toolbar");
        return bar;
    }

    private static javafx.animation.Animation fade(Node node, double from, double to) {
        javafx.animation.FadeTransition f = new javafx.animation.FadeTransition(javafx.util.Duration.millis(120), node);
        f.setFromValue(from);
        f.setToValue(to);
        return f;
    }

    private static Separator vsep() {
        return new Separator(javafx.geometry.Orientation.VERTICAL);
    }

    private static Button toolButton(String icon, String text, String tip, Runnable action) {
        Button b = new Button(text, Icons.icon(icon));
        if (text == null) {
            b.getStyleClass().add(Styles.BUTTON_ICON);
        }
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    private StackPane centreStack() {
        gridView.visibleProperty().bind(state.gridModeProperty());
        frameView.visibleProperty().bind(state.gridModeProperty().not());

        VBox empty = new VBox(10, Icons.icon(Icons.OPEN_VIDEO, 48), label("Open a video to begin", Styles.TITLE_3),
                label("Ctrl+O, File ▸ Open, or drop a video or checkpoint here.", Styles.TEXT_MUTED));
        empty.setAlignment(Pos.CENTER);
        empty.setMouseTransparent(true);
        empty.visibleProperty().bind(state.frameImageProperty().isNull());
        empty.getStyleClass().add("empty-state");

        Label badge = new Label();
        badge.setId("frameBadge");
        badge.getStyleClass().add("canvas-badge");
        badge.textProperty().bind(Bindings.createStringBinding(this::badgeText, state.shownClipFrameProperty(),
                state.frameImageIndexProperty(), state.analysisProperty(), state.queryProperty(),
                state.rolloutParams(), state.hintsProperty()));
        badge.visibleProperty().bind(state.frameImageProperty().isNotNull().and(state.gridModeProperty().not()));
        StackPane.setAlignment(badge, Pos.TOP_LEFT);
        StackPane.setMargin(badge, new Insets(10));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        Label busy = new Label("Analysing clip…", spinner);
        busy.setId("busyBadge");
        busy.getStyleClass().add("canvas-badge");
        javafx.beans.binding.BooleanBinding running = analysisRunning();
        busy.visibleProperty().bind(running);
        // An indeterminate indicator animates (and repaints every pulse) even when hidden: stop it.
        spinner.progressProperty().bind(Bindings.when(running).then(-1.0).otherwise(0.0));
        StackPane.setAlignment(busy, Pos.TOP_RIGHT);
        StackPane.setMargin(busy, new Insets(10));

        StackPane stack = new StackPane(frameView, gridView, empty, badge, busy);
        stack.getStyleClass().add("canvas-stack");
        stack.setMinSize(0, 0);
        return stack;
    }

    private javafx.beans.binding.BooleanBinding analysisRunning() {
        var services = controller.services();
        return Bindings.createBooleanBinding(() -> services.stream().anyMatch(s -> s.isRunning()
                && (s.name().equals("forward pass") || s.name().equals("load model"))),
                services.stream().map(Worker::runningProperty).toArray(javafx.beans.Observable[]::new));
    }

    private String badgeText() {
        ClipAnalysis a = state.analysisProperty().get();
        int shown = state.shownClipFrameProperty().get();
        int frame = state.frameImageIndexProperty().get();
        if (a == null || frame < 0) {
            return frame < 0 ? "" : "frame " + frame + " · no map yet";
        }
        if (shown < 0) {
            return "frame " + frame + " · outside the analysed clip";
        }
        String where = a.frameIndices()[shown] == frame ? "sampled frame t " + shown
                : "map held from t " + shown + " (#" + a.frameIndices()[shown] + ")";
        ModelCard m = state.modelProperty().get();
        VideoHints hints = state.hintsProperty().get();
        String truth = hints != null && hints.labelAt(frame) != null ? "  ·  truth: " + hints.labelAt(frame) : "";
        return where + "  ·  " + Describe.params(state.rolloutParams().get(), m == null ? 0 : m.layers()) + truth;
    }

    private static Label label(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().add(style);
        return l;
    }

    private StatusBar statusBar() {
        statusBar.setId("statusBar");
        Label hover = new Label();
        hover.setId("hoverLabel");
        hover.textProperty().bind(state.hoverTextProperty());
        hover.getStyleClass().add("value-label");
        Label cache = new Label();
        cache.setId("cacheLabel");
        cache.setGraphic(Icons.icon(Icons.MEMORY, 14));
        cache.textProperty().bind(Bindings.createStringBinding(() -> String.format("cache %d clip%s · %s",
                state.cacheEntriesProperty().get(), state.cacheEntriesProperty().get() == 1 ? "" : "s",
                bytes(state.cacheBytesProperty().get())), state.cacheEntriesProperty(), state.cacheBytesProperty()));
        Tooltip cacheTip = new Tooltip();
        cacheTip.textProperty().bind(Bindings.createStringBinding(() -> "Attention of recent clips kept in memory "
                + "(least recently used dropped first) · budget " + bytes(state.cacheBudgetProperty().get())
                + " (View ▸ Attention cache)", state.cacheBudgetProperty()));
        Tooltip.install(cache, cacheTip);
        Label device = new Label();
        device.setGraphic(Icons.icon(Icons.DEVICE, 14));
        device.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelCard m = state.modelProperty().get();
            return m == null ? "no model" : m.device();
        }, state.modelProperty()));
        Label timing = new Label();
        timing.setId("timingLabel");
        timing.getStyleClass().addAll(Styles.TEXT_MUTED, "value-label");
        timing.textProperty().bind(state.timingTextProperty());
        statusBar.getRightItems().addAll(hover, new Separator(javafx.geometry.Orientation.VERTICAL), timing,
                new Separator(javafx.geometry.Orientation.VERTICAL), cache,
                new Separator(javafx.geometry.Orientation.VERTICAL), device);

        // What runs in the background: the most recently started running service speaks.
        List<BackgroundService<?>> services = new ArrayList<>(controller.services());
        Runnable sync = () -> {
            Optional<BackgroundService<?>> running = services.stream().filter(Worker::isRunning).findFirst();
            if (running.isPresent()) {
                statusBar.setText(running.get().getMessage() == null || running.get().getMessage().isEmpty()
                        ? running.get().name() + "…" : running.get().getMessage() + "…");
                double p = running.get().getProgress();
                statusBar.setProgress(p < 0 ? ProgressIndicator.INDETERMINATE_PROGRESS : p);
            } else {
                statusBar.setText(state.statusTextProperty().get());
                statusBar.setProgress(0);
            }
        };
        for (BackgroundService<?> s : services) {
            s.runningProperty().addListener(o -> sync.run());
            s.messageProperty().addListener(o -> sync.run());
            s.progressProperty().addListener(o -> sync.run());
        }
        state.statusTextProperty().addListener(o -> sync.run());
        sync.run();
        return statusBar;
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format("%.2f GB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format("%.0f MB", b / (double) (1L << 20));
        }
        return String.format("%.0f kB", b / 1024.0);
    }

    // --- commands -------------------------------------------------------------------------------

    void openVideoDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open video");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Videos", FileKinds.VIDEO_EXT.stream().map(e -> "*." + e).toList()),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path dir = prefs.lastFolder("video");
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            prefs.setLastFolder("video", f.toPath().getParent());
            controller.openVideo(f.toPath());
        }
    }

    void openFolderDialog() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of numbered frames");
        Path dir = prefs.lastFolder("video");
        if (dir != null) {
            dc.setInitialDirectory(dir.toFile());
        }
        File f = dc.showDialog(stage);
        if (f != null) {
            prefs.setLastFolder("video", f.toPath().getParent());
            controller.openVideo(f.toPath());
        }
    }

    void openModelDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open checkpoint (config.json of a Hugging Face folder, or a weights file)");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Checkpoints", "*.safetensors", "*.bin", "*.pyth", "*.pth", "*.pt",
                        "config.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path dir = prefs.lastFolder("model");
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            Path p = f.toPath();
            prefs.setLastFolder("model", p.getParent());
            // config.json stands for its folder.
            controller.openModel(p.getFileName().toString().equals("config.json") ? p.getParent() : p);
        }
    }

    void openDemo() {
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

    void fit() {
        state.fitToWindowProperty().set(true);
    }

    void zoom(double factor) {
        frameView.zoomAbout(frameView.getWidth() / 2, frameView.getHeight() / 2, factor);
    }

    void layerStep(int d) {
        ModelCard m = state.modelProperty().get();
        if (m != null) {
            state.layerProperty().set(Math.max(0, Math.min(m.layers() - 1, state.layerProperty().get() + d)));
        }
    }

    void nextHead() {
        ModelCard m = state.modelProperty().get();
        if (m != null) {
            state.nextHead(m.heads());
        }
    }

    void nextMethod() {
        var values = new org.spacetimelens.rollout.RolloutMethod[] {org.spacetimelens.rollout.RolloutMethod.ROLLOUT,
            org.spacetimelens.rollout.RolloutMethod.SPATIAL, org.spacetimelens.rollout.RolloutMethod.TEMPORAL};
        state.methodProperty().set(values[(state.methodProperty().get().ordinal() + 1) % values.length]);
    }

    void resetQuery() {
        state.queryProperty().set(QueryToken.CLS);
    }

    void showHelp() {
        if (modal.isDisplay()) {
            modal.hide(true);
            return;
        }
        modal.show(KeyMap.sheet(shortcuts, () -> modal.hide(true)));
    }

    boolean helpShowing() {
        return modal.isDisplay();
    }

    void closeOverlays() {
        modal.hide(true);
    }

    private void showAbout() {
        VBox box = new VBox(8, label("Spacetime Lens", Styles.TITLE_3),
                new Label("Attention rollout for TimeSformer video transformers."),
                label("Divided space-time rollout after the published recipe; maps computed by the core, "
                        + "drawn by the viewer.", Styles.TEXT_MUTED));
        ((Label) box.getChildren().get(2)).setWrapText(true);
        Button close = new Button("Close");
        close.setOnAction(e -> modal.hide(true));
        box.getChildren().add(close);
        box.getStyleClass().add("modal-card");
        box.setMaxSize(420, Region.USE_PREF_SIZE);
        box.setPadding(new Insets(20));
        modal.show(box);
    }
}
