package org.spacetimelens.app;

import java.util.List;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.spacetimelens.rollout.HeadFusion;

/**
 * The head controls of Side panel ▸ Map: one chip per head (click toggles, double-click solos),
 * the fusion choice and "All heads". The rules live in {@link HeadSelection}.
 */
final class HeadChips {
    private final ViewState state;
    private final FlowPane chips = new FlowPane(6, 6);

    private HeadChips(ViewState state) {
        this.state = state;
    }

    /** The chips and the fusion row. */
    static List<Node> create(ViewState state) {
        HeadChips h = new HeadChips(state);
        h.chips.setId("headChips");
        state.modelProperty().addListener((o, a, m) -> h.build());
        state.heads().addListener((SetChangeListener<Integer>) c -> h.style());
        h.build();
        HBox fusion = Ui.segmented(List.of(HeadFusion.values()), state.fusionProperty(), Ui::pretty, "fusion");
        Button allHeads = new Button("All heads");
        allHeads.setId("allHeads");
        allHeads.setMinWidth(Region.USE_PREF_SIZE);
        allHeads.setOnAction(e -> state.selectAllHeads());
        allHeads.setFocusTraversable(false);
        HBox fusionRow = new HBox(Ui.GAP, fusion, allHeads);
        fusionRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(fusion, Priority.ALWAYS);
        return List.of(h.chips, fusionRow);
    }

    private void build() {
        chips.getChildren().clear();
        ModelSummary m = state.modelProperty().get();
        if (m == null) {
            return;
        }
        for (int h = 0; h < m.heads(); h++) {
            int head = h;
            Label chip = new Label(String.valueOf(h)); // 0-based, as --select-heads
            chip.setId("head-" + h);
            chip.getStyleClass().add("head-chip");
            chip.setAlignment(Pos.CENTER);
            chip.setTooltip(new Tooltip("Head " + h + ": click toggles, double-click solos"));
            chip.setOnMouseClicked(e -> {
                if (e.getButton() != MouseButton.PRIMARY) {
                    return;
                }
                if (e.getClickCount() >= 2) {
                    state.soloHead(head, m.heads());
                } else {
                    state.toggleHead(head);
                }
            });
            chips.getChildren().add(chip);
        }
        style();
    }

    private void style() {
        for (int i = 0; i < chips.getChildren().size(); i++) {
            var chip = chips.getChildren().get(i);
            chip.getStyleClass().remove("selected");
            if (state.heads().contains(i)) {
                chip.getStyleClass().add("selected");
            }
        }
    }
}
