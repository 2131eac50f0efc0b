package org.spacetimelens.app;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.Property;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The view options the viewer remembers between runs and "Reset view to defaults" puts back: one
 * list, so persistence and reset cannot disagree. Layer range, heads and query belong to a model
 * and a clip and are not here; theme, float16 attention and the cache budget are application
 * settings that {@link AppPreferences} keeps but a view reset leaves alone.
 */
final class ViewSettings {
    /** One remembered option: its preference key, where it lives, and how it reads back (null: unparsable). */
    record Setting<T>(String key, Function<ViewState, Property<T>> property, Function<String, T> parse) {

        /** Stores the state's value under the key and keeps it stored; a stored value that parses wins. */
        void bind(ViewState state, java.util.prefs.Preferences prefs) {
            Property<T> p = property.apply(state);
            String stored = prefs.get(key, null);
            if (stored != null) {
                try {
                    T v = parse.apply(stored);
                    if (v != null) {
                        p.setValue(v);
                    }
                } catch (RuntimeException unparsable) {
                    // A renamed option or a hand-edited value: the default stays.
                }
            }
            p.addListener((o, a, b) -> prefs.put(key, b instanceof Enum<?> e ? e.name() : String.valueOf(b)));
        }

        void reset(ViewState state, ViewState defaults) {
            property.apply(state).setValue(property.apply(defaults).getValue());
        }
    }

    private ViewSettings() {
    }

    /** Every remembered view option, in the side panel's order. */
    static final List<Setting<?>> VIEW = List.of(
            choice("method", ViewState::methodProperty, RolloutMethod.class),
            choice("fusion", ViewState::fusionProperty, HeadFusion.class),
            number("discardRatio", ViewState::discardRatioProperty, 0, 0.95),
            number("residualWeight", ViewState::residualWeightProperty, 0, 1),
            choice("normalisation", ViewState::normalisationProperty, MapNormalization.class),
            choice("colormap", ViewState::colormapProperty, Colormap.class),
            choice("blend", ViewState::blendProperty, Blend.class),
            number("opacity", ViewState::opacityProperty, 0, 1),
            flag("valueWeighted", ViewState::valueWeightedProperty),
            choice("upsampling", ViewState::upsamplingProperty, Upsampling.class),
            flag("overlayVisible", ViewState::overlayVisibleProperty),
            flag("tokenGrid", ViewState::tokenGridProperty),
            flag("canvasColourBar", ViewState::canvasColourBarProperty),
            flag("showTruth", ViewState::showTruthProperty),
            flag("gridFullFrame", ViewState::gridFullFrameProperty),
            choice("samplingMode", ViewState::samplingModeProperty, SamplingMode.class),
            new Setting<Number>("windowRate", s -> s.windowRateProperty(), v -> clampInt(v, 1, 64)),
            choice("loop", ViewState::loopProperty, LoopMode.class));

    /** Puts every view option back to its default, all heads and layers, the CLS query and fit to window. */
    static void resetView(ViewState state) {
        ViewState defaults = new ViewState();
        for (Setting<?> s : VIEW) {
            s.reset(state, defaults);
        }
        if (state.modelProperty().get() != null) {
            state.resetForModel(state.modelProperty().get());
        }
        state.singleLayerProperty().set(false);
        state.fitToWindowProperty().set(true);
    }

    private static <E extends Enum<E>> Setting<E> choice(String key, Function<ViewState, Property<E>> p,
            Class<E> type) {
        return new Setting<>(key, p, v -> Enum.valueOf(type, v));
    }

    private static Setting<Boolean> flag(String key, Function<ViewState, Property<Boolean>> p) {
        return new Setting<>(key, p, v -> v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null);
    }

    private static Setting<Number> number(String key, Function<ViewState, Property<Number>> p, double lo, double hi) {
        return new Setting<>(key, p, v -> {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? Math.max(lo, Math.min(hi, d)) : null;
        });
    }

    private static Number clampInt(String v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, Integer.parseInt(v)));
    }
}
