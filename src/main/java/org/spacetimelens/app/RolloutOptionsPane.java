package org.spacetimelens.app;

import java.util.List;
import javafx.scene.layout.VBox;
import org.spacetimelens.rollout.MapNormalization;

/** Side panel ▸ Rollout options: discard ratio, residual weight, normalisation. */
final class RolloutOptionsPane {
    private RolloutOptionsPane() {
    }

    static VBox create(ViewState state) {
        return Ui.section("Rollout options", Icons.TUNE,
                Ui.row("Discard ratio", Ui.slider(state.discardRatioProperty(), 0, 0.95, "%.2f", "discardRatio",
                        "Zero the lowest fraction of each fused map before the residual (diagonal kept)")),
                Ui.row("Residual α", Ui.slider(state.residualWeightProperty(), 0, 1, "%.2f", "residualWeight",
                        "Each map becomes α·A + (1−α)·I; 0.5 is the published recipe")),
                Ui.row("Normalise", Ui.combo(List.of(MapNormalization.values()), state.normalisationProperty(),
                        RolloutOptionsPane::normLabel, "normalisation")));
    }

    static String normLabel(MapNormalization n) {
        return switch (n) {
            case GLOBAL_MAX -> "Global max";
            case PER_FRAME -> "Per frame";
            case NONE -> "None (raw mass)";
        };
    }
}
