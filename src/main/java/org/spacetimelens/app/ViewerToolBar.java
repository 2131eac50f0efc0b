package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The tool bar, made from {@link ViewerActions}: each button takes its icon, enabled state and
 * handler from its action, and its tooltip names the action's key.
 */
final class ViewerToolBar {
    private ViewerToolBar() {
    }

    static ToolBar create(ViewerActions actions, ViewState state) {
        Button openVideo = button(actions.get("openVideo"), "Video", null, "Open a video");
        openVideo.setId("openVideo");
        Button openModel = button(actions.get("openModel"), "Model", null, "Open a checkpoint");
        openModel.setId("openModel");
        ToggleButton grid = toggle(actions.get("grid"), "Grid", "All clip frames with overlays");
        grid.setId("gridToggle");
        ToggleButton compare = toggle(actions.get("compare"), "Compare", "Panes side by side, each with its own map "
                + "settings (click a pane to edit it)");
        compare.setId("compareToggle");
        ToggleButton overlay = toggle(actions.get("overlay"), null, "Show the overlay");
        ViewerAction fitAction = actions.get("fit");
        Button fit = button(fitAction, null, null, "Fit to window");
        Button actual = button(actions.get("actualSize"), null, null, "Actual size, 100 %");
        Label zoom = new Label();
        zoom.setId("zoomLabel");
        zoom.getStyleClass().addAll(Styles.TEXT_MUTED, "value-label");
        zoom.setMinWidth(48);
        zoom.textProperty().bind(Bindings.createStringBinding(() -> state.fitToWindowProperty().get() ? "Fit"
                : String.format("%.0f %%", 100 * state.zoomProperty().get()), state.zoomProperty(),
                state.fitToWindowProperty()));
        zoom.disableProperty().bind(Bindings.not(fitAction.enabled())); // the zoom read-out goes with its buttons
        Button shot = button(actions.get("screenshot"), null, null, "Screenshot PNG");
        Button figure = button(actions.get("export"), "Export", Icons.EXPORT,
                "Export: figure, maps, overlay video, screenshot — choose formats, scale and folder");
        figure.setId("exportButton");
        Button copy = button(actions.get("copy"), null, null, "Copy image");
        // The theme button shows the theme it switches to.
        Button theme = button(actions.get("theme"), null, null, "Light / dark theme");
        theme.setId("themeToggle");
        Runnable themeIcon = () -> ((FontIcon) theme.getGraphic()).setIconLiteral(
                state.themeProperty().get() == ThemeChoice.DARK ? Icons.LIGHT : Icons.DARK);
        state.themeProperty().addListener((o, a, b) -> themeIcon.run());
        themeIcon.run();
        Button help = button(actions.get("help"), null, null, "Keyboard shortcuts");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(openVideo, openModel, vsep(), grid, compare, overlay, vsep(), fit, actual, zoom, vsep(), shot,
                figure, copy, spacer, theme, help);
        bar.setId("toolbar");
        return bar;
    }

    /** A push button running the action; {@code icon} overrides the action's (null: the action's). */
    static Button button(ViewerAction a, String text, String icon, String tip) {
        Button b = new Button(text, Icons.icon(icon != null ? icon : a.icon()));
        b.setOnAction(e -> a.run());
        return style(b, a, text, tip);
    }

    /** A toggle button showing and flipping an on/off action's state. */
    static ToggleButton toggle(ViewerAction a, String text, String tip) {
        ToggleButton b = new ToggleButton(text, Icons.icon(a.icon()));
        b.selectedProperty().bindBidirectional(a.selected());
        return style(b, a, text, tip);
    }

    private static <B extends ButtonBase> B style(B b, ViewerAction a, String text, String tip) {
        if (text == null) {
            b.getStyleClass().add(Styles.BUTTON_ICON);
        }
        b.setTooltip(new Tooltip(a.tooltip(tip)));
        b.disableProperty().bind(Bindings.not(a.enabled()));
        b.setFocusTraversable(false);
        return b;
    }

    private static Separator vsep() {
        return new Separator(Orientation.VERTICAL);
    }
}
