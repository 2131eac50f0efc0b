package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;

/**
 * The menu bar, made from {@link ViewerActions}: each item takes its text, icon, key (shown as the
 * accelerator), enabled state and handler from its action. The keys themselves are handled by
 * {@link KeyMap}'s scene filter, which consumes them before an accelerator could run an action twice.
 */
final class ViewerMenus {
    /** Marks a separator in a menu's list of action ids. */
    static final String SEPARATOR = "-";

    private ViewerMenus() {
    }

    static MenuBar create(ViewerActions actions, ViewerController controller) {
        ViewState state = controller.state();
        Menu export = menu(actions, new Menu("Export", Icons.icon(Icons.EXPORT)), "screenshot", "screenshot2",
                "screenshot4", SEPARATOR, "export", "figure", "compareExport", "overlayMp4", "overlayGif", "maps");
        Menu file = menu(actions, new Menu("File"), "openVideo", "openFolder", "openModel",
                "openModelFolder", "comparePaneModel", "compareWindowModel");
        file.getItems().addAll(recentMenu(state, controller), item(actions.get("demo")), new SeparatorMenuItem(), export);
        add(actions, file, "copy", SEPARATOR, "quit");
        Menu view = menu(actions, new Menu("View"), "grid", "gridFullFrame", "compare", "comparePanes4",
                "compareDifference", SEPARATOR, "overlay", "canvasColourBar", "truth", SEPARATOR, "fit",
                "actualSize", "zoomIn", "zoomOut", SEPARATOR, "theme", "halfAttention");
        view.getItems().add(cacheBudgetMenu(state));
        add(actions, view, SEPARATOR, "faithfulness", SEPARATOR, "resetView", "messages");
        Menu play = menu(actions, new Menu("Playback"), "play", "nextFrame", "previousFrame", "nextClipFrame",
                "previousClipFrame", SEPARATOR, "firstFrame", "lastFrame", "goToFrame");
        Menu help = menu(actions, new Menu("Help"), "help", "about");
        MenuBar bar = new MenuBar(file, view, play, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** A menu item for an action: a check item for on/off actions. */
    static MenuItem item(ViewerAction a) {
        MenuItem i;
        if (a.selected() != null) {
            CheckMenuItem c = new CheckMenuItem(a.label());
            c.selectedProperty().bindBidirectional(a.selected());
            i = c;
        } else {
            i = new MenuItem(a.label());
            i.setOnAction(e -> a.run());
        }
        if (a.icon() != null && a.selected() == null) {
            i.setGraphic(Icons.icon(a.icon()));
        }
        i.setAccelerator(a.key());
        i.disableProperty().bind(Bindings.not(a.enabled()));
        i.setId("menu-" + a.id());
        return i;
    }

    private static Menu menu(ViewerActions actions, Menu menu, String... ids) {
        add(actions, menu, ids);
        return menu;
    }

    private static void add(ViewerActions actions, Menu menu, String... ids) {
        for (String id : ids) {
            menu.getItems().add(id.equals(SEPARATOR) ? new SeparatorMenuItem() : item(actions.get(id)));
        }
    }

    /** File ▸ Open recent: recent videos, then recent checkpoints, each reopening on a click. */
    private static Menu recentMenu(ViewState state, ViewerController controller) {
        Menu recent = new Menu("Open recent", Icons.icon("mdi2h-history"));
        Runnable fill = () -> {
            recent.getItems().clear();
            addRecent(recent, state.recentVideos(), Icons.OPEN_VIDEO, controller::openVideo);
            if (!state.recentVideos().isEmpty() && !state.recentModels().isEmpty()) {
                recent.getItems().add(new SeparatorMenuItem());
            }
            addRecent(recent, state.recentModels(), Icons.OPEN_MODEL, controller::openModel);
            recent.setDisable(recent.getItems().isEmpty());
        };
        state.recentVideos().addListener((ListChangeListener<Path>) c -> fill.run());
        state.recentModels().addListener((ListChangeListener<Path>) c -> fill.run());
        fill.run();
        return recent;
    }

    private static void addRecent(Menu menu, List<Path> paths, String icon, Consumer<Path> open) {
        for (Path p : paths) {
            MenuItem i = new MenuItem(p.getFileName() + "  —  " + p.getParent(), Icons.icon(icon));
            i.setOnAction(e -> open.accept(p));
            menu.getItems().add(i);
        }
    }

    /** View ▸ Attention cache: the clip cache's budget, one radio item per size. */
    private static Menu cacheBudgetMenu(ViewState state) {
        Menu menu = new Menu("Attention cache");
        ToggleGroup group = new ToggleGroup();
        for (long b : ViewerController.CACHE_BUDGETS) {
            RadioMenuItem r = new RadioMenuItem(Format.bytes(b));
            r.setToggleGroup(group);
            r.setSelected(state.cacheBudgetProperty().get() == b);
            r.setOnAction(e -> state.cacheBudgetProperty().set(b));
            state.cacheBudgetProperty().addListener((o, x, y) -> r.setSelected(y.longValue() == b));
            menu.getItems().add(r);
        }
        return menu;
    }
}
