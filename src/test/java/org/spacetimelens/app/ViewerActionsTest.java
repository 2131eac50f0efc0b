package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The actions layer: menu items, tool-bar buttons, the key map and the sheet are all made from one
 * registry, and an action's enabled-when (here: not while a service runs) reaches all of them.
 */
@ExtendWith(ApplicationExtension.class)
class ViewerActionsTest {
    private final AtomicInteger runs = new AtomicInteger();
    private final BooleanProperty flag = new SimpleBooleanProperty();
    private final BackgroundService<Void> service = new BackgroundService<>("work", Executors.newSingleThreadExecutor());
    private final BooleanBinding busy = ViewerServices.anyRunning(List.of(service));
    private ViewerActions actions;
    private MenuItem runItem;
    private Button runButton;

    @Start
    void start(Stage stage) {
        actions = new ViewerActions(List.of(
                ViewerAction.of("run", "Run it", runs::incrementAndGet).icon(Icons.PLAY)
                        .key(new KeyCodeCombination(KeyCode.R), "R", "Run it").enabledWhen(busy.not()),
                ViewerAction.of("back", "Back", () -> runs.addAndGet(100)).icon(Icons.STEP_BACK)
                        .key(new KeyCodeCombination(KeyCode.LEFT), "← / →", "Back / forth"),
                ViewerAction.of("forth", "Forth", () -> runs.addAndGet(10)).pairedKey(
                        new KeyCodeCombination(KeyCode.RIGHT)),
                ViewerAction.toggle("flag", "Flag", flag).icon(Icons.GRID)
                        .key(new KeyCodeCombination(KeyCode.G), "G", "Flag on / off"),
                ViewerAction.of("quiet", "No key", () -> { })));
        runItem = ViewerMenus.item(actions.get("run"));
        runButton = ViewerToolBar.button(actions.get("run"), null, null, "Run the thing");
        runButton.setId("runButton");
        Scene scene = new Scene(new VBox(runButton), 300, 200);
        KeyMap.install(scene, actions.shortcuts(), () -> { });
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void menuToolBarKeysAndSheetComeFromTheOneList(FxRobot robot) throws Exception {
        // Keys: every action with a key, in registry order; the paired key has no sheet row of its own.
        List<KeyMap.Shortcut> keys = actions.shortcuts();
        assertThat(keys).extracting(s -> s.action().id()).containsExactly("run", "back", "forth", "flag");
        assertThat(keys).extracting(KeyMap.Shortcut::keys).containsExactly("R", "← / →", "", "G");
        // Menu: label, icon, accelerator shown, check item for a toggle bound to its state.
        assertThat(runItem.getText()).isEqualTo("Run it");
        assertThat(runItem.getAccelerator()).isEqualTo(new KeyCodeCombination(KeyCode.R));
        assertThat(runItem.getGraphic()).isNotNull();
        assertThat(ViewerMenus.item(actions.get("quiet")).getAccelerator()).isNull();
        MenuItem flagItem = fx(() -> ViewerMenus.item(actions.get("flag")));
        assertThat(flagItem).isInstanceOf(CheckMenuItem.class);
        fx(() -> {
            flag.set(true);
            return null;
        });
        assertThat(((CheckMenuItem) flagItem).isSelected()).isTrue();
        ToggleButton flagButton = fx(() -> ViewerToolBar.toggle(actions.get("flag"), "Flag", "Flag it"));
        assertThat(flagButton.isSelected()).isTrue();
        // Tool bar: the tooltip names the key.
        assertThat(runButton.getTooltip().getText()).isEqualTo("Run the thing (R)");
        // Each way of running it runs the same handler once.
        fx(() -> {
            runItem.fire();
            return null;
        });
        assertThat(runs.get()).isEqualTo(1);
        robot.clickOn("#runButton");
        assertThat(runs.get()).isEqualTo(2);
        robot.press(KeyCode.R).release(KeyCode.R);
        assertThat(runs.get()).isEqualTo(3);
        robot.press(KeyCode.RIGHT).release(KeyCode.RIGHT);
        assertThat(runs.get()).isEqualTo(13);
        robot.press(KeyCode.G).release(KeyCode.G);
        assertThat(fx(flag::get)).isFalse();
    }

    @Test
    void enabledWhenFollowsTheServicesBusyState(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        fx(() -> {
            service.submit("hold", ctx -> {
                release.await(20, TimeUnit.SECONDS);
                return null;
            }, v -> { }, e -> { });
            return null;
        });
        waitUntil(busy::get);
        assertThat(fx(runItem::isDisable)).isTrue();
        assertThat(fx(runButton::isDisable)).isTrue();
        assertThat(fx(() -> actions.get("run").run())).as("a disabled action does not run").isFalse();
        robot.press(KeyCode.R).release(KeyCode.R);
        assertThat(runs.get()).as("its key does nothing while busy").isZero();
        release.countDown();
        waitUntil(() -> !busy.get());
        assertThat(fx(runItem::isDisable)).isFalse();
        assertThat(fx(runButton::isDisable)).isFalse();
        robot.press(KeyCode.R).release(KeyCode.R);
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void twoActionsCannotShareAName() {
        var a = ViewerAction.of("x", "X", () -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ViewerActions(List.of(a, a)))
                .hasMessageContaining("two actions named x");
    }

    /** The viewer's own registry: no key is bound twice, and every menu item and key is a registry action. */
    @Test
    void theViewersRegistryBindsEachKeyOnce() throws Exception {
        Stage[] stage = new Stage[1];
        ViewerHarness h = fx(() -> {
            stage[0] = new Stage();
            return ViewerHarness.start(stage[0]);
        });
        try {
            ViewerActions registry = h.window.actions();
            Set<KeyCombination> seen = new HashSet<>();
            for (KeyMap.Shortcut s : h.window.shortcuts()) {
                assertThat(seen.add(s.combo())).as("key %s bound once", s.combo()).isTrue();
                assertThat(registry.all()).contains(s.action());
            }
            List<MenuItem> items = fx(() -> {
                var bar = (javafx.scene.control.MenuBar) ((VBox) ((javafx.scene.layout.BorderPane) h.window.root()
                        .getChildrenUnmodifiable().get(0)).getTop()).getChildren().get(0);
                return bar.getMenus().stream().flatMap(m -> flatten(m).stream()).toList();
            });
            for (MenuItem i : items) {
                if (i.getId() != null && i.getId().startsWith("menu-")) {
                    ViewerAction a = registry.get(i.getId().substring(5));
                    assertThat(i.getAccelerator()).isEqualTo(a.key());
                    assertThat(i.getText()).isEqualTo(a.label());
                }
            }
            assertThat(items).filteredOn(i -> i.getId() != null && i.getId().startsWith("menu-")).hasSizeGreaterThan(25);
            assertThat(registry.get("fit").isEnabled()).isTrue();
            fx(() -> {
                h.state.gridModeProperty().set(true);
                return null;
            });
            assertThat(registry.get("fit").isEnabled()).as("frame zoom commands are off in the grid").isFalse();
        } finally {
            h.close();
            fx(() -> {
                stage[0].close();
                return null;
            });
        }
    }

    private static List<MenuItem> flatten(MenuItem m) {
        if (m instanceof javafx.scene.control.Menu menu) {
            return menu.getItems().stream().flatMap(i -> java.util.stream.Stream.concat(java.util.stream.Stream.of(i),
                    flatten(i).stream())).toList();
        }
        return List.of();
    }
}
