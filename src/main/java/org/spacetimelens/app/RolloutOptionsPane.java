package org.spacetimelens.app;

import java.util.List;
import javafx.scene.layout.VBox;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.RolloutMethod;

/** Side panel ▸ Rollout options: discard ratio, residual weight, normalisation. */
final class RolloutOptionsPane {
    private RolloutOptionsPane() {
    }

    static VBox create(ViewState state) {
        VBox section = Ui.section("Rollout options", Icons.TUNE,
                Ui.row("Discard ratio", Ui.slider(state.discardRatioProperty(), 0, 0.95, "%.2f", "discardRatio",
                        "Discard ratio: in every layer, the weakest attention links (this fraction of each fused "
                                + "map, the token's link to itself kept) are set to zero before the residual, so "
                                + "the map follows only the strong paths. 0 keeps everything")),
                Ui.row("Residual α", Ui.slider(state.residualWeightProperty(), 0, 1, "%.2f", "residualWeight",
                        "Residual α: how much of each layer's attention the rollout follows; each layer's "
                                + "map becomes α·A + (1−α)·I, the rest going straight on through the skip "
                                + "connection. 0.5 is the published recipe; 1 ignores the skip connection")),
                Ui.row("Normalise", tip(Ui.combo(List.of(MapNormalization.values()), state.normalisationProperty(),
                        RolloutOptionsPane::normLabel, "normalisation"),
                        "Global max: colours are a fraction of the clip's largest value (frames comparable). "
                        + "Per frame: of each frame's own largest value. None: raw rollout mass, comparable "
                        + "across clips; the colour bar then runs from 0 to the clip's largest mass")));
        // Class evidence is I + the clipped relevance, not renormalised: discard and α do not apply to it.
        Runnable sync = () -> {
            boolean grad = state.methodProperty().get() == RolloutMethod.GRAD_ROLLOUT;
            for (String id : new String[] {"#discardRatio", "#residualWeight"}) {
                javafx.scene.Node n = section.lookup(id);
                if (n != null) {
                    n.getParent().getParent().setDisable(grad);
                }
            }
        };
        sync.run();
        state.methodProperty().addListener((o, a, b) -> sync.run());
        return section;
    }

    private static javafx.scene.control.Control tip(javafx.scene.control.Control c, String text) {
        c.setTooltip(new javafx.scene.control.Tooltip(text));
        return c;
    }

    static String normLabel(MapNormalization n) {
        return switch (n) {
            case GLOBAL_MAX -> "Global max";
            case PER_FRAME -> "Per frame";
            case NONE -> "None (raw mass)";
        };
    }
}
