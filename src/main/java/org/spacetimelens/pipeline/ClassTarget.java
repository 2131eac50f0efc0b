package org.spacetimelens.pipeline;

import java.util.List;
import java.util.Locale;
import org.spacetimelens.model.AttentionGradients;

/**
 * The class a gradient-weighted rollout explains, as the user named it: {@code "top"} (the model's top
 * class for the clip), a class index, or a label; and optionally a contrast class ("why c rather than k",
 * target {@code y_c − y_k}), an index or a label. Resolved against a model's labels by {@link #resolve}.
 *
 * @param target   "top", an index or a label
 * @param contrast null for none, else an index or a label
 */
public record ClassTarget(String target, String contrast) {

    /** The top class, no contrast. */
    public static final ClassTarget TOP = new ClassTarget("top", null);

    public ClassTarget {
        target = target == null || target.isBlank() ? "top" : target.strip();
        contrast = contrast == null || contrast.isBlank() ? null : contrast.strip();
        if (contrast != null && contrast.equalsIgnoreCase("top")) {
            throw new IllegalArgumentException("--contrast-class takes a class index or label, not 'top'");
        }
    }

    public boolean isTop() {
        return target.equalsIgnoreCase("top");
    }

    /** Class indices: {target (-1 = top), contrast ({@link AttentionGradients#NO_CONTRAST} = none)}. */
    public int[] resolve(List<String> labels, int numLabels) {
        int t = isTop() ? -1 : index("--target-class", target, labels, numLabels);
        int k = contrast == null ? AttentionGradients.NO_CONTRAST : index("--contrast-class", contrast, labels,
                numLabels);
        if (t >= 0 && t == k) {
            throw new IllegalArgumentException("--contrast-class " + contrast + " is the target class itself; "
                    + "contrast with another class");
        }
        return new int[] {t, k};
    }

    /** An index in range, else a label (exact, then ignoring case). */
    static int index(String option, String value, List<String> labels, int numLabels) {
        try {
            int i = Integer.parseInt(value);
            if (i >= 0 && i < numLabels) {
                return i;
            }
            throw new IllegalArgumentException(option + " " + value + " is out of range: the model has " + numLabels
                    + " classes (0.." + (numLabels - 1) + ")");
        } catch (NumberFormatException e) {
            // not a number: a label
        }
        List<String> names = labels == null ? List.of() : labels;
        int found = names.indexOf(value);
        if (found < 0) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                    found = i;
                    break;
                }
            }
        }
        if (found < 0 || found >= numLabels) {
            throw new IllegalArgumentException(option + " '" + value + "' is neither a class index (0.."
                    + (numLabels - 1) + ") nor a label of this model (see 'predict --top " + numLabels + "')");
        }
        return found;
    }
}
