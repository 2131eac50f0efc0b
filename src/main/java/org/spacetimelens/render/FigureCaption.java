package org.spacetimelens.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words on a figure's title line: what model, which method and layers/heads, and what it predicted.
 * Any part may be {@code null} (left out).
 *
 * @param model       e.g. "TimeSformer-base K400"
 * @param method      e.g. "attention rollout (space-time)"
 * @param layers      e.g. "layers 0–11" (0-based, as the CLI options and the npz arrays number them)
 * @param heads       e.g. "heads: mean"
 * @param label       predicted or target class, e.g. "eating spaghetti"
 * @param probability its probability in [0, 1], or {@code null}
 */
public record FigureCaption(String model, String method, String layers, String heads, String label,
                            Double probability) {

    public FigureCaption {
        if (probability != null && !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }

    /** A caption with a model name only. */
    public static FigureCaption ofModel(String model) {
        return new FigureCaption(model, null, null, null, null, null);
    }

    /** The parts, in reading order, to be joined with " · " (layouts wrap between parts). */
    public List<String> parts() {
        List<String> p = new ArrayList<>();
        add(p, model);
        add(p, method);
        add(p, layers);
        add(p, heads);
        if (label != null && !label.isBlank()) {
            p.add(probability == null ? "class: " + label.strip()
                    : String.format(Locale.ROOT, "class: %s (p = %.3f)", label.strip(), probability));
        } else if (probability != null) {
            p.add(String.format(Locale.ROOT, "p = %.3f", probability));
        }
        return p;
    }

    /** The whole title on one line. */
    public String line() {
        return String.join(" · ", parts());
    }

    private static void add(List<String> p, String s) {
        if (s != null && !s.isBlank()) {
            p.add(s.strip());
        }
    }
}
