package org.spacetimelens.app;

import java.util.List;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.image.Image;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * One pane of the compare mode: its letter, its own map settings and what it shows. The settings live
 * in a {@link ViewState} of their own (only the map and drawing options are used), so a pane's rollout
 * and render snapshots are made exactly as the single view's are; while the pane is selected, the side
 * panel edits the window's state and {@link #copySettings} keeps the two equal.
 */
final class ComparePane {
    /** Options that belong to the window, not to a pane (sampling, playback, what the grid shows). */
    private static final Set<String> SHARED = Set.of("samplingMode", "windowRate", "loop", "showTruth",
            "gridFullFrame");

    private final String label;
    private final ViewState settings = new ViewState();
    private final ObjectProperty<Image> image = new SimpleObjectProperty<>(this, "image");
    private final ObjectProperty<AttentionMaps> maps = new SimpleObjectProperty<>(this, "maps");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final ObjectProperty<ClipAnalysis> ownAnalysis = new SimpleObjectProperty<>(this, "ownAnalysis");
    private ModelHandle ownModel; // null: the window's model (FX thread)

    ComparePane(String label) {
        this.label = label;
    }

    /** A, B, C or D. */
    String label() {
        return label;
    }

    /** The pane's map settings (its rollout and render snapshots are {@code settings().rolloutParams()} etc.). */
    ViewState settings() {
        return settings;
    }

    /** The playhead's frame with this pane's map drawn on it (null before the first draw). */
    ObjectProperty<Image> imageProperty() {
        return image;
    }

    /** The maps the image was drawn from (the hover read-out and the difference use them). */
    ObjectProperty<AttentionMaps> mapsProperty() {
        return maps;
    }

    /** Why the pane shows no map (a failed rollout), or "". */
    StringProperty messageProperty() {
        return message;
    }

    /** The pane's own checkpoint (File ▸ Open model for a compare pane), or null for the window's. */
    ModelHandle ownModel() {
        return ownModel;
    }

    void setOwnModel(ModelHandle m) {
        ownModel = m;
    }

    /** The window's clip run through the pane's own model (same frames), or null (none, or not yet). */
    ObjectProperty<ClipAnalysis> ownAnalysisProperty() {
        return ownAnalysis;
    }

    /** The pane's settings in one line: method (and class explained), layers, heads, query; colormap, normalisation. */
    String summary() {
        ViewState s = settings;
        String model = ownModel == null ? "" : ownModel.card().name() + " · ";
        String params = Describe.params(s.rolloutParams().get(), s.modelProperty().get());
        int method = params.indexOf(" · ");
        params = method < 0 ? params + classes() : params.substring(0, method) + classes() + params.substring(method);
        return model + params + " · "
                + s.normalisationProperty().get().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " · " + s.colormapProperty().get().id();
    }

    /** For a class-evidence map, the class it explains: " of 'x'" (" of the top class"), " vs 'y'"; else "". */
    private String classes() {
        if (settings.rolloutParams().get().method() != org.spacetimelens.rollout.RolloutMethod.GRAD_ROLLOUT) {
            return "";
        }
        ClassChoice c = settings.classChoiceProperty().get();
        ModelSummary card = ownModel != null ? ownModel.card() : settings.modelProperty().get();
        List<String> labels = card == null ? null : card.labels();
        return " of " + (c.target() == ClassChoice.TOP_CLASS ? "the top class"
                : "'" + ClassChoice.Resolved.label(labels, c.target()) + "'")
                + (c.hasContrast() ? " vs '" + ClassChoice.Resolved.label(labels, c.contrast()) + "'" : "");
    }

    /**
     * Copies every per-pane option (map settings: method, layer range, heads, fusion, discard ratio, residual
     * weight, normalisation, query, class explained; drawing: colormap, blend, opacity, …) from {@code from} to {@code to}; not
     * the model, which the compare controller sets.
     */
    static void copySettings(ViewState from, ViewState to) {
        for (ViewSettings.Setting<?> s : ViewSettings.VIEW) {
            if (!SHARED.contains(s.key())) {
                s.reset(to, from); // "reset" copies the value of its second state into the first
            }
        }
        to.singleLayerProperty().set(from.singleLayerProperty().get());
        to.layerProperty().set(from.layerProperty().get());
        to.startLayerProperty().set(from.startLayerProperty().get());
        if (!to.heads().equals(from.heads())) {
            List<Integer> heads = List.copyOf(from.heads());
            to.heads().retainAll(heads);
            to.heads().addAll(heads);
        }
        to.queryProperty().set(from.queryProperty().get());
        to.classChoiceProperty().set(from.classChoiceProperty().get()); // the class a class-evidence map explains
    }
}
