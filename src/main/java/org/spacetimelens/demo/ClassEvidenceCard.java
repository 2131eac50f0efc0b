package org.spacetimelens.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The model card's "Class evidence" section, written from a {@link ClassEvidence.Report}, and the console
 * lines of {@code demo-eval --class-evidence}. The section sits between two HTML comments so that
 * {@code demo-eval --class-evidence --write-card} can replace it in an existing card without touching the rest.
 */
public final class ClassEvidenceCard {
    static final String BEGIN = "<!-- class-evidence: written by `demo-eval --class-evidence --write-card`; do not edit -->";
    static final String END = "<!-- /class-evidence -->";
    /** The figure's file name, next to the card. */
    public static final String FIGURE = "class_evidence.png";
    /** How the section and figure are reproduced. */
    static final String COMMAND = "java -jar target/spacetime-lens.jar demo-eval --class-evidence --write-card";

    private ClassEvidenceCard() {
    }

    /** A few lines for the console. */
    public static String summary(ClassEvidence.Report r) {
        StringBuilder sb = new StringBuilder();
        PointingScore t = r.trueClass();
        sb.append(String.format(Locale.ROOT, "demo video: %d windows (every frame once), model right on %d%n",
                r.windows().size(), r.correctWindows()));
        sb.append(line("class evidence, true class", t));
        sb.append(line("class evidence, strongest wrong class", r.wrongClass()));
        sb.append(line("class evidence, every wrong class", r.everyWrong()));
        sb.append(line("rollout (reference)", r.rollout()));
        sb.append(String.format(Locale.ROOT, "true vs strongest wrong class: total variation per frame %.3f, per "
                + "window %.3f, correlation %.3f, same arg-max %.1f%% (%d frames)%n",
                r.trueVsWrong().meanTotalVariation(), r.trueVsWrong().meanWindowVariation(),
                r.trueVsWrong().meanCorrelation(), 100 * r.trueVsWrong().argmaxAgreement(), r.trueVsWrong().frames()));
        sb.append(String.format(Locale.ROOT, "true vs every wrong class: total variation per frame %.3f, per window "
                + "%.3f, correlation %.3f, same arg-max %.1f%%%n", r.trueVsEveryWrong().meanTotalVariation(),
                r.trueVsEveryWrong().meanWindowVariation(), r.trueVsEveryWrong().meanCorrelation(),
                100 * r.trueVsEveryWrong().argmaxAgreement()));
        sb.append(String.format(Locale.ROOT, "bar: true class on target ≥ %.0f%% and total variation per frame to the strongest "
                + "wrong class ≥ %.2f: %s%n", 100 * ClassEvidence.POINTING_BAR, ClassEvidence.DIFFERENCE_BAR,
                r.met() ? "met" : "NOT met"));
        return sb.toString();
    }

    private static String line(String what, PointingScore p) {
        return String.format(Locale.ROOT, "%s: arg-max on/touching the target in %.1f%% of %d visible frames "
                + "(random patch %.1f%%), mass near the target %.1f%%%n", what, 100 * p.hitRate(), p.frames(),
                100 * p.chanceRate(), 100 * p.massInBox());
    }

    /** The card section, markers included, ending in a blank line. */
    public static String section(ClassEvidence.Report r, String video) {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n## Class evidence (gradient-weighted rollout)\n\n");
        md.append(String.format(Locale.ROOT, "`%s` on `%s`: every frame once, in %d windows (each episode cut into "
                + "windows of 8 frames every 4, offsets 0–3; each window is exactly a training clip; the model's top "
                + "class is the true one on %d of them). Per window: the class evidence (`--method grad-rollout`, "
                + "src/docs/ROLLOUT.md, default options) of the true class (the episode's label), of the strongest "
                + "wrong class (the highest logit other than the truth), of each of the five wrong classes, and the "
                + "plain rollout for reference. Pointing as above (arg-max patch on or touching the target box, frames "
                + "where at least half the target is visible).%n%n", COMMAND, video, r.windows().size(),
                r.correctWindows()));
        md.append("| map | arg-max on/touching the target | mass in patches touching the box |\n|---|---|---|\n");
        row(md, "class evidence, **true class**", r.trueClass());
        row(md, "class evidence, strongest wrong class", r.wrongClass());
        row(md, "class evidence, every wrong class (5 per window)", r.everyWrong());
        row(md, "rollout, default recipe (any class)", r.rollout());
        md.append(String.format(Locale.ROOT, "%nRandom patch: %.1f%% (share of patches touching the box).%n%n",
                100 * r.trueClass().chanceRate()));
        md.append("How different the maps are. Per frame: each frame's map taken as a distribution over its patches "
                + "(where in the frame); total variation = half the L1 distance, the share of mass that sits elsewhere; "
                + "Pearson correlation of the patch values; whether both peak on the same patch. Per window: the whole "
                + "map of 8 frames as one distribution (where and when).\n\n");
        md.append("| true-class map against | total variation per frame | per window | correlation per frame "
                + "| same arg-max patch |\n|---|---|---|---|---|\n");
        diff(md, "strongest wrong class", r.trueVsWrong());
        diff(md, "every wrong class", r.trueVsEveryWrong());
        diff(md, "rollout", r.trueVsRollout());
        md.append("\nEvery class of this task is about the red shape's motion, so the evidence for a wrong class "
                + "can sit on the target too (the pointing rows above); the maps differ in how the mass is spread over "
                + "and around it, and over the frames (per-window column, and the figure).\n");
        md.append(String.format(Locale.ROOT, "%nBar (issue 12): the true class's arg-max on the target in ≥ %.0f%% of "
                + "frames, and the strongest wrong class's map visibly different, taken as a mean total variation per frame "
                + "≥ %.2f: **%s** (%.1f%%, %.3f).%n%n", 100 * ClassEvidence.POINTING_BAR, ClassEvidence.DIFFERENCE_BAR,
                r.met() ? "met" : "not met", 100 * r.trueClass().hitRate(), r.trueVsWrong().meanTotalVariation()));
        md.append("![True-class against wrong-class evidence on two episodes of the demo video](")
                .append(FIGURE).append(")\n\n");
        md.append(ClassEvidenceFigure.CAPTION).append("\n");
        md.append(END).append("\n\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String what, PointingScore p) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f%% of %d frames | %.1f%% |%n", what, 100 * p.hitRate(),
                p.frames(), 100 * p.massInBox()));
    }

    private static void diff(StringBuilder md, String what, MapDifference d) {
        md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.1f%% of %d frames |%n", what,
                d.meanTotalVariation(), d.meanWindowVariation(), d.meanCorrelation(), 100 * d.argmaxAgreement(),
                d.frames()));
    }

    /**
     * Puts the section into a card: replaces the one between the markers, or appends it when there is none.
     *
     * @throws IOException when the card cannot be read or written, or has a begin marker without an end
     */
    public static void writeInto(Path card, String section) throws IOException {
        String md = Files.exists(card) ? Files.readString(card) : "";
        int b = md.indexOf(BEGIN);
        String out;
        if (b < 0) {
            out = md.isEmpty() || md.endsWith("\n\n") ? md + section : md + (md.endsWith("\n") ? "\n" : "\n\n") + section;
        } else {
            int e = md.indexOf(END, b);
            if (e < 0) {
                throw new IOException(card + ": the class-evidence section has its begin marker but no end marker ("
                        + END + "); fix the card by hand or delete the section");
            }
            int after = e + END.length();
            while (after < md.length() && md.charAt(after) == '\n') {
                after++;
            }
            out = md.substring(0, b) + section + md.substring(after);
        }
        Files.writeString(card, out);
    }
}
