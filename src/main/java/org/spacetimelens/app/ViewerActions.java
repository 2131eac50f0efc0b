package org.spacetimelens.app;

import static javafx.scene.input.KeyCombination.SHIFT_DOWN;
import static javafx.scene.input.KeyCombination.SHORTCUT_DOWN;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The registry of viewer commands: one list, in the order of the {@code ?} sheet, from which
 * {@link ViewerMenus}, {@link ViewerToolBar}, {@link KeyMap} and the sheet are made. A command
 * is looked up by its id; a new one is one entry here and a mention where it should appear.
 */
final class ViewerActions {
    private final Map<String, ViewerAction> byId = new LinkedHashMap<>();

    /** A registry of exactly these actions (tests; the viewer uses {@link #standard}). */
    ViewerActions(List<ViewerAction> actions) {
        for (ViewerAction a : actions) {
            if (byId.put(a.id(), a) != null) {
                throw new IllegalArgumentException("two actions named " + a.id());
            }
        }
    }

    /** Every action, sheet order first. */
    List<ViewerAction> all() {
        return List.copyOf(byId.values());
    }

    ViewerAction get(String id) {
        ViewerAction a = byId.get(id);
        if (a == null) {
            throw new IllegalArgumentException("no action " + id);
        }
        return a;
    }

    /** The key map: every action with a key, how the sheet writes it, and what it runs. */
    List<KeyMap.Shortcut> shortcuts() {
        List<KeyMap.Shortcut> out = new ArrayList<>();
        for (ViewerAction a : byId.values()) {
            if (a.key() != null) {
                out.add(new KeyMap.Shortcut(a.keys() == null ? "" : a.keys(), a.help() == null ? "" : a.help(),
                        a.key(), a));
            }
        }
        return out;
    }

    /** The viewer's commands over its parts. */
    static ViewerActions standard(ViewerWindowParts w) {
        ViewState s = w.state();
        Playback play = w.playback();
        Exports ex = w.exports();
        ObservableBooleanValue notGrid = s.gridModeProperty().not();
        BooleanProperty dark = darkTheme(s);
        return new ViewerActions(List.of(
                ViewerAction.of("play", "Play / pause", play::togglePlay).icon(Icons.PLAY)
                        .key(key(KeyCode.SPACE), "Space", "Play / pause"),
                ViewerAction.of("previousFrame", "Previous frame", () -> play.step(-1)).icon(Icons.STEP_BACK)
                        .key(key(KeyCode.LEFT), "← / →", "Previous / next frame"),
                ViewerAction.of("nextFrame", "Next frame", () -> play.step(1)).icon(Icons.STEP_FORWARD)
                        .pairedKey(key(KeyCode.RIGHT)),
                ViewerAction.of("firstFrame", "First frame", () -> play.goTo(0))
                        .key(key(KeyCode.HOME), "Home / End", "First / last frame"),
                ViewerAction.of("lastFrame", "Last frame", () -> play.goTo(Integer.MAX_VALUE))
                        .pairedKey(key(KeyCode.END)),
                ViewerAction.of("goToFrame", "Go to frame…", w::focusGoToFrame)
                        .key(shortcut(KeyCode.G), "Ctrl+G", "Go to a frame (type its number, Enter)"),
                ViewerAction.of("previousClipFrame", "Previous sampled frame", () -> play.stepClipFrame(-1))
                        .icon(Icons.CLIP_BACK).key(new KeyCodeCombination(KeyCode.LEFT, SHIFT_DOWN),
                                "Shift+← / →", "Previous / next sampled clip frame"),
                ViewerAction.of("nextClipFrame", "Next sampled frame", () -> play.stepClipFrame(1))
                        .icon(Icons.CLIP_FORWARD).pairedKey(new KeyCodeCombination(KeyCode.RIGHT, SHIFT_DOWN)),
                ViewerAction.of("layerDown", "Layer down", () -> s.stepLayer(-1))
                        .key(key(KeyCode.OPEN_BRACKET), "[ / ]", "Layer down / up"),
                ViewerAction.of("layerUp", "Layer up", () -> s.stepLayer(1)).pairedKey(key(KeyCode.CLOSE_BRACKET)),
                ViewerAction.of("nextHead", "Next head", () -> {
                    if (s.modelProperty().get() != null) {
                        s.nextHead(s.modelProperty().get().heads());
                    }
                }).key(key(KeyCode.H), "H", "Next head (solo heads in turn, then all)"),
                ViewerAction.of("nextMethod", "Next method", () -> {
                    List<RolloutMethod> values = MapPane.METHODS;
                    RolloutMethod next = values.get((values.indexOf(s.methodProperty().get()) + 1) % values.size());
                    ModelSummary m = s.modelProperty().get();
                    if (next == RolloutMethod.TEMPORAL && m != null && !m.hasTemporalView()) {
                        next = values.get((values.indexOf(next) + 1) % values.size()); // hidden for this model
                    }
                    s.methodProperty().set(next);
                }).key(key(KeyCode.M), "M", "Next method (rollout, spatial, temporal, class evidence)"),
                ViewerAction.toggle("grid", "Grid of clip frames", s.gridModeProperty()).icon(Icons.GRID)
                        .key(key(KeyCode.G), "G", "Grid of all clip frames"),
                CompareActions.toggle(w),
                CompareActions.fourPanes(w),
                CompareActions.difference(w),
                CompareActions.export(w),
                CompareActions.paneModel(w),
                CompareActions.windowModel(w),
                ViewerAction.toggle("overlay", "Show overlay", s.overlayVisibleProperty()).icon(Icons.OVERLAY)
                        .key(key(KeyCode.O), "O", "Overlay on / off"),
                ViewerAction.toggle("canvasColourBar", "Colour bar on the canvas", s.canvasColourBarProperty())
                        .icon("mdi2g-gradient-horizontal").key(key(KeyCode.B), "B", "Colour bar on the canvas on / off"),
                ViewerAction.of("fit", "Fit to window", () -> s.fitToWindowProperty().set(true)).icon(Icons.FIT)
                        .key(key(KeyCode.F), "F", "Fit to window").enabledWhen(notGrid),
                ViewerAction.of("actualSize", "Actual size (100 %)", () -> CompareActions.actualSize(w))
                        .icon(Icons.ACTUAL).key(key(KeyCode.DIGIT1), "1", "Actual size (100 %)").enabledWhen(notGrid),
                ViewerAction.of("zoomIn", "Zoom in", () -> CompareActions.zoom(w, 1.25)).icon(Icons.ZOOM_IN)
                        .key(key(KeyCode.EQUALS), "+ / −", "Zoom in / out").enabledWhen(notGrid),
                ViewerAction.of("zoomOut", "Zoom out", () -> CompareActions.zoom(w, 0.8)).icon(Icons.ZOOM_OUT)
                        .pairedKey(key(KeyCode.MINUS)).enabledWhen(notGrid),
                ViewerAction.of("resetQuery", "Query back to CLS", () -> {
                    if (w.sheets().showing()) {
                        w.sheets().close();
                    } else {
                        s.queryProperty().set(QueryToken.CLS);
                    }
                }).key(key(KeyCode.ESCAPE), "Esc", "Query back to CLS (closes this sheet)"),
                ViewerAction.toggle("theme", "Dark theme", dark).icon(Icons.DARK)
                        .key(key(KeyCode.T), "T", "Light / dark theme"),
                ViewerAction.of("openVideo", "Open video…", () -> w.dialogs().video(w.controller()::openVideo))
                        .icon(Icons.OPEN_VIDEO).key(shortcut(KeyCode.O), "Ctrl+O", "Open video"),
                ViewerAction.of("openModel", "Open model…", () -> w.dialogs().model(w.controller()::openModel))
                        .icon(Icons.OPEN_MODEL).key(shortcut(KeyCode.M), "Ctrl+M", "Open model"),
                ViewerAction.of("screenshot", "Screenshot 1×", CompareActions.orFigure(w, () -> ex.screenshotDialog(1)))
                        .icon(Icons.SCREENSHOT)
                        .key(shortcut(KeyCode.S), "Ctrl+S", "Screenshot (PNG + params sidecar)"),
                ViewerAction.of("export", "Export…", ex::exportDialog).icon(Icons.EXPORT)
                        .key(shortcut(KeyCode.E), "Ctrl+E", "Export (formats, screenshot, scale, frames, folder)"),
                ViewerAction.of("copy", "Copy image", CompareActions.orPanes(w, ex::copyToClipboard))
                        .icon(Icons.COPY)
                        .key(new KeyCodeCombination(KeyCode.C, SHORTCUT_DOWN, SHIFT_DOWN), "Ctrl+Shift+C",
                                "Copy image to the clipboard (with its PNG + sidecar as files)"),
                ViewerAction.of("faithfulness", "Faithfulness curves…", () -> w.faithfulness().toggle())
                        .icon("mdi2c-chart-line-variant")
                        .key(new KeyCodeCombination(KeyCode.F, SHORTCUT_DOWN, SHIFT_DOWN), "Ctrl+Shift+F",
                                "Faithfulness curves of the map vs random (window on / off)"),
                ViewerAction.of("help", "Keyboard shortcuts", w::toggleHelp).icon(Icons.HELP)
                        .key(key(KeyCode.F1), "?", "This sheet"),
                // Not on the sheet.
                ViewerAction.of("quit", "Quit", w::quit).key(shortcut(KeyCode.Q), null, null),
                ViewerAction.of("openFolder", "Open frame folder…", () -> w.dialogs().frameFolder(
                        w.controller()::openVideo)),
                ViewerAction.of("demo", "Open demo", w::openDemo),
                ViewerAction.of("figure", "Figure (contact sheet)…", ex::figureDialog),
                ViewerAction.of("openModelFolder", "Open model folder…", () -> w.dialogs().modelFolder(
                        w.controller()::openModel)).icon(Icons.OPEN_MODEL),
                ViewerAction.of("screenshot2", "Screenshot 2×", () -> ex.screenshotDialog(2)),
                ViewerAction.of("screenshot4", "Screenshot 4×", () -> ex.screenshotDialog(4)),
                ViewerAction.of("overlayMp4", "Overlay video (MP4)…", () -> ex.overlayVideoDialog(ExportFormat.MP4)),
                ViewerAction.of("overlayGif", "Overlay video (GIF)…", () -> ex.overlayVideoDialog(ExportFormat.GIF)),
                ViewerAction.of("maps", "Maps (NPZ)…", ex::mapsDialog),
                ViewerAction.toggle("gridFullFrame", "Grid shows full frames (not only the model's crop)",
                        s.gridFullFrameProperty()),
                ViewerAction.toggle("truth", "Show ground-truth boxes (video sidecar)", s.showTruthProperty())
                        .enabledWhen(s.hintsProperty().isNotNull()),
                ViewerAction.toggle("halfAttention",
                        "Keep attention as float16 (half the memory; exports stay float32)",
                        s.halfAttentionProperty()),
                ViewerAction.of("resetView", "Reset view to defaults", () -> ViewSettings.resetView(s))
                        .icon("mdi2r-restore"),
                ViewerAction.of("messages", "Messages…", () -> w.sheets().showMessages(s.messageLog())),
                ViewerAction.of("about", "About Spacetime Lens", w.sheets()::showAbout)));
    }

    /** The theme as an on/off property (dark = on), kept in step with the state both ways. */
    static BooleanProperty darkTheme(ViewState s) {
        BooleanProperty dark = new SimpleBooleanProperty(s.themeProperty().get() == ThemeChoice.DARK);
        dark.addListener((o, a, b) -> s.themeProperty().set(b ? ThemeChoice.DARK : ThemeChoice.LIGHT));
        s.themeProperty().addListener((o, a, b) -> dark.set(b == ThemeChoice.DARK));
        return dark;
    }

    private static KeyCombination key(KeyCode code) {
        return new KeyCodeCombination(code);
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, SHORTCUT_DOWN);
    }
}
