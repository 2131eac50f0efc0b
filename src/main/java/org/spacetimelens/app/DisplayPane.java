package org.spacetimelens.app;

import java.util.Arrays;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.scene.control.CheckBox;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;

/** Side panel ▸ Display: the overlay's look (colormap, blend, opacity, upsampling) and what is shown. */
final class DisplayPane {
    private DisplayPane() {
    }

    static VBox create(ViewState state) {
        CheckBox weighted = check("Weight opacity by value", "valueWeighted", state.valueWeightedProperty());
        weighted.disableProperty().bind(state.blendProperty().isNotEqualTo(Blend.ALPHA));
        CheckBox grid = check("Show token grid", "tokenGrid", state.tokenGridProperty());
        CheckBox visible = check("Show overlay", "overlayVisible", state.overlayVisibleProperty());
        HBox opacity = Ui.slider(state.opacityProperty(), 0, 1, "%.2f", "opacity", "Heat weight of the alpha blend");
        opacity.disableProperty().bind(state.blendProperty().isNotEqualTo(Blend.ALPHA));
        return Ui.section("Display", Icons.PALETTE,
                Ui.row("Colormap", Ui.combo(Arrays.asList(Colormap.values()), state.colormapProperty(),
                        Colormap::id, "colormap")),
                ColourBar.create(state),
                Ui.row("Blend", Ui.combo(List.of(Blend.values()), state.blendProperty(), DisplayPane::blendLabel,
                        "blend")),
                Ui.row("Opacity", opacity),
                weighted,
                Ui.row("Upsampling", Ui.combo(List.of(Upsampling.values()), state.upsamplingProperty(),
                        u -> u == Upsampling.BILINEAR ? "Bilinear (smooth)" : "Nearest (tokens)", "upsampling")),
                new HBox(16, visible, grid));
    }

    private static CheckBox check(String text, String id, BooleanProperty property) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.selectedProperty().bindBidirectional(property);
        c.setFocusTraversable(false);
        return c;
    }

    static String blendLabel(Blend b) {
        return switch (b) {
            case ADDITIVE -> "Additive (paper)";
            case ALPHA -> "Alpha over";
            case CONTOUR -> "Contours";
        };
    }
}
