package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import org.controlsfx.control.StatusBar;

/**
 * The status bar: on the left what runs in the background (or the last status line), on the right
 * the hover read-out, the last timings, the attention cache and the device.
 */
final class ViewerStatusBar {
    private ViewerStatusBar() {
    }

    /** {@code services}: every background service; the first running one that is not quiet speaks. */
    static StatusBar create(ViewState state, List<BackgroundService<?>> services) {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        Label hover = new Label();
        hover.setId("hoverLabel");
        hover.textProperty().bind(state.hoverTextProperty());
        hover.getStyleClass().add("value-label");
        Label cache = new Label();
        cache.setId("cacheLabel");
        cache.setGraphic(Icons.icon(Icons.MEMORY, 14));
        cache.textProperty().bind(Bindings.createStringBinding(() -> String.format("cache %d clip%s · %s",
                state.cacheEntriesProperty().get(), state.cacheEntriesProperty().get() == 1 ? "" : "s",
                Format.bytes(state.cacheBytesProperty().get())), state.cacheEntriesProperty(),
                state.cacheBytesProperty()));
        Tooltip cacheTip = new Tooltip();
        cacheTip.textProperty().bind(Bindings.createStringBinding(() -> "Attention of recent clips (and the gradients of their class-evidence maps) kept in memory "
                + "(least recently used dropped first) · budget " + Format.bytes(state.cacheBudgetProperty().get())
                + " (View ▸ Attention cache)", state.cacheBudgetProperty()));
        Tooltip.install(cache, cacheTip);
        Label device = new Label();
        device.setGraphic(Icons.icon(Icons.DEVICE, 14));
        device.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelSummary m = state.modelProperty().get();
            return m == null ? "no model" : m.device();
        }, state.modelProperty()));
        Label timing = new Label();
        timing.setId("timingLabel");
        timing.getStyleClass().addAll(Styles.TEXT_MUTED, "value-label");
        timing.textProperty().bind(state.timingTextProperty());
        device.setId("deviceLabel");
        // The read-outs keep their width: a long status message is cut short, never these.
        for (Label l : List.of(hover, timing, cache, device)) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        bar.getRightItems().addAll(hover, vsep(), timing, vsep(), cache, vsep(), device);

        List<BackgroundService<?>> shown = services.stream().filter(s -> !s.quiet()).toList();
        Runnable sync = () -> {
            Optional<BackgroundService<?>> running = shown.stream().filter(BackgroundService::isRunning).findFirst();
            if (running.isPresent()) {
                String message = running.get().getMessage();
                bar.setText(message == null || message.isEmpty() ? running.get().name() + "…" : message + "…");
                double p = running.get().getProgress();
                bar.setProgress(p < 0 ? ProgressIndicator.INDETERMINATE_PROGRESS : p);
            } else {
                bar.setText(state.statusTextProperty().get());
                bar.setProgress(0);
            }
        };
        for (BackgroundService<?> s : shown) {
            s.runningProperty().addListener(o -> sync.run());
            s.messageProperty().addListener(o -> sync.run());
            s.progressProperty().addListener(o -> sync.run());
        }
        state.statusTextProperty().addListener(o -> sync.run());
        sync.run();
        return bar;
    }

    private static Separator vsep() {
        return new Separator(Orientation.VERTICAL);
    }
}
