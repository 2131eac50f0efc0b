package org.spacetimelens.app;

import java.util.List;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.pipeline.ClassTarget;

/**
 * The class the "Class evidence" map explains, as picked in the prediction panel: the clip's top class
 * (the default, which follows the clip) or a fixed class index, and optionally a contrast class
 * ("why c rather than k", score {@code y_c − y_k}).
 *
 * @param target   class index, or {@link #TOP_CLASS} for the clip's top class
 * @param contrast class index, or {@link AttentionGradients#NO_CONTRAST}
 */
public record ClassChoice(int target, int contrast) {
    public static final int TOP_CLASS = -1;
    /** The default: the top class, no contrast. */
    public static final ClassChoice TOP = new ClassChoice(TOP_CLASS, AttentionGradients.NO_CONTRAST);

    public ClassChoice {
        if (target < TOP_CLASS || contrast < AttentionGradients.NO_CONTRAST || target >= 0 && target == contrast) {
            throw new IllegalArgumentException("target " + target + ", contrast " + contrast
                    + ": a class cannot contrast with itself");
        }
    }

    public boolean hasContrast() {
        return contrast != AttentionGradients.NO_CONTRAST;
    }

    /** The classes for one clip: the top class resolved, and a contrast equal to it dropped. */
    Resolved resolve(ClipAnalysis a) {
        int t = target == TOP_CLASS ? topClass(a.logits()) : target;
        boolean clash = contrast == t;
        return new Resolved(t, clash ? AttentionGradients.NO_CONTRAST : contrast, clash);
    }

    /** The pipeline's spelling (what {@code --target-class} / {@code --contrast-class} take) for this clip. */
    ClassTarget classTarget(Resolved r) {
        return new ClassTarget(target == TOP_CLASS ? "top" : String.valueOf(r.target()),
                r.contrast() == AttentionGradients.NO_CONTRAST ? null : String.valueOf(r.contrast()));
    }

    /**
     * The choice after a click on class {@code c} of a clip whose top class is {@code top}: a plain click
     * explains {@code c} (clicking the explained class again returns to the top class without contrast;
     * the top class is chosen as "top", which follows the clip); a shift-click contrasts with {@code c}
     * (again: no contrast), never with the explained class itself.
     */
    ClassChoice click(int c, int top, boolean shift) {
        int explained = target == TOP_CLASS ? top : target;
        if (shift) {
            if (c == explained) {
                return this;
            }
            return new ClassChoice(target, c == contrast ? AttentionGradients.NO_CONTRAST : c);
        }
        if (c == explained) {
            return TOP;
        }
        return pick(c, top);
    }

    /** Explains {@code c} (the top class as "top"), keeping the contrast unless it is {@code c}. */
    ClassChoice pick(int c, int top) {
        return new ClassChoice(c == top ? TOP_CLASS : c, c == contrast ? AttentionGradients.NO_CONTRAST : contrast);
    }

    static int topClass(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The classes of one clip's class-evidence map.
     *
     * @param clash the chosen contrast was this clip's top class, so it is dropped
     */
    record Resolved(int target, int contrast, boolean clash) {
        boolean hasContrast() {
            return contrast != AttentionGradients.NO_CONTRAST;
        }

        /** E.g. "'jumping'" or "'jumping' vs 'waving'" (label or "class i"). */
        String describe(List<String> labels) {
            return "'" + label(labels, target) + "'" + (hasContrast() ? " vs '" + label(labels, contrast) + "'" : "");
        }

        static String label(List<String> labels, int i) {
            return labels != null && i < labels.size() ? labels.get(i) : "class " + i;
        }
    }
}
