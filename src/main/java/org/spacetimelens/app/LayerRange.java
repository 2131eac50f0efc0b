package org.spacetimelens.app;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The rules of the layer range (0-based layers): rollout runs from a start layer up to a layer;
 * "Only ℓ" (and the single-layer methods) use one layer. The start never passes the layer, and in
 * "Only ℓ" it follows the layer. Plain logic over view-state properties, testable without the FX
 * toolkit; the side panel and the {@code [ ]} keys only set the properties.
 */
final class LayerRange {
    private LayerRange() {
    }

    /** Keeps {@code start} ≤ {@code layer}, and equal to it while {@code single} is set. */
    static void install(IntegerProperty start, IntegerProperty layer, BooleanProperty single) {
        single.addListener((o, a, b) -> {
            if (b) {
                start.set(layer.get());
            }
        });
        layer.addListener((o, a, b) -> {
            if (single.get() || start.get() > b.intValue()) {
                start.set(b.intValue());
            }
        });
    }

    /** The layer {@code d} steps from {@code layer}, kept within a model of {@code layers} layers. */
    static int step(int layer, int d, int layers) {
        return Math.max(0, Math.min(layers - 1, layer + d));
    }

    /** Whether the view uses one layer only: the single-layer methods, or a ranged method in "Only ℓ". */
    static boolean oneLayer(RolloutMethod method, boolean single) {
        return !ranged(method) || single;
    }

    /** Whether the method composes a range of layers (rollout and class evidence) rather than showing one. */
    static boolean ranged(RolloutMethod method) {
        return method == RolloutMethod.ROLLOUT || method == RolloutMethod.GRAD_ROLLOUT;
    }

    /** The side panel's read-out, 0-based as the CLI, sheet titles and sidecars: "layer 2", "layers 0–2". */
    static String describe(boolean oneLayer, int start, int layer) {
        int l = layer;
        int s = start;
        return oneLayer ? "layer " + l : s == l ? "layer " + l + " only" : "layers " + s + "–" + l;
    }
}
