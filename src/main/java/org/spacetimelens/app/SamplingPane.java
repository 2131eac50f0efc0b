package org.spacetimelens.app;

import java.util.Arrays;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Side panel ▸ Sampling: uniform or window sampling, the window's rate, and the planned clip's frames. */
final class SamplingPane {
    private SamplingPane() {
    }

    static VBox create(ViewState state) {
        HBox mode = Ui.segmented(List.of(SamplingMode.values()), state.samplingModeProperty(), Ui::pretty,
                "sampling");
        Spinner<Integer> rate = new Spinner<>(1, 64, state.windowRateProperty().get());
        rate.setId("windowRate");
        rate.setEditable(false);
        rate.setFocusTraversable(false);
        rate.getStyleClass().add(Spinner.STYLE_CLASS_SPLIT_ARROWS_HORIZONTAL);
        rate.valueProperty().addListener((o, a, b) -> state.windowRateProperty().set(b));
        state.windowRateProperty().addListener((o, a, b) -> rate.getValueFactory().setValue(b.intValue()));
        rate.disableProperty().bind(state.samplingModeProperty().isEqualTo(SamplingMode.UNIFORM));
        rate.setMaxWidth(Double.MAX_VALUE);
        Label frames = Ui.hint("");
        frames.setId("clipFrames");
        Runnable syncFrames = () -> {
            int[] f = state.plannedClipProperty().get();
            frames.setText(f == null ? "No clip yet." : f.length + " frames: " + Arrays.toString(f)
                    .replace("[", "").replace("]", ""));
        };
        state.plannedClipProperty().addListener((o, a, b) -> syncFrames.run());
        syncFrames.run();
        VBox box = Ui.section("Sampling", Icons.FILMSTRIP, mode, Ui.row("Window rate", rate), frames,
                Ui.hint("Uniform: the published sampler over the whole video. Window: T frames every "
                        + "'rate' frames around the playhead."));
        box.setPadding(new Insets(12, 14, 18, 14));
        return box;
    }
}
