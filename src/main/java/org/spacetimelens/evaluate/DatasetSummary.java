package org.spacetimelens.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A data set's faithfulness per method: mean AUCs with 95% percentile-bootstrap intervals (clips resampled
 * with replacement, the same resamples for every method, seeded) and paired win rates against
 * {@code random} on the clips both were measured on (a tie counts one half).
 */
public final class DatasetSummary {

    /** Bootstrap resamples. */
    public static final int RESAMPLES = 10_000;

    /**
     * One method over the data set.
     *
     * @param deletionWinRate  share of clips where its deletion AUC is below random's (NaN without random)
     * @param insertionWinRate share of clips where its insertion AUC is above random's (NaN without random)
     */
    public record MethodSummary(String method, int clips, double deletionMean, double deletionLow,
            double deletionHigh, double insertionMean, double insertionLow, double insertionHigh,
            double deletionWinRate, double insertionWinRate) {
    }

    private DatasetSummary() {
    }

    /** Summaries by method, in the order methods first appear in {@code rows}. */
    public static List<MethodSummary> of(List<ClipRows.Row> rows, long seed) {
        Map<String, Map<String, ClipRows.Row>> byMethod = new LinkedHashMap<>();
        for (ClipRows.Row r : rows) {
            if (byMethod.computeIfAbsent(r.method(), m -> new LinkedHashMap<>()).put(r.clip(), r) != null) {
                throw new IllegalArgumentException("clip '" + r.clip() + "' has two rows for method " + r.method());
            }
        }
        Map<String, ClipRows.Row> random = byMethod.get(RankingMethods.RANDOM);
        List<MethodSummary> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, ClipRows.Row>> e : byMethod.entrySet()) {
            List<ClipRows.Row> list = new ArrayList<>(e.getValue().values());
            double[] del = list.stream().mapToDouble(ClipRows.Row::deletionAuc).toArray();
            double[] ins = list.stream().mapToDouble(ClipRows.Row::insertionAuc).toArray();
            // one generator per method from the seed: each method's interval is reproducible on its own
            double[] delCi = bootstrap(del, seed);
            double[] insCi = bootstrap(ins, seed);
            double delWin = Double.NaN;
            double insWin = Double.NaN;
            if (random != null && !e.getKey().equals(RankingMethods.RANDOM)) {
                double dw = 0;
                double iw = 0;
                int paired = 0;
                for (ClipRows.Row r : list) {
                    ClipRows.Row b = random.get(r.clip());
                    if (b != null) {
                        paired++;
                        dw += win(b.deletionAuc(), r.deletionAuc());
                        iw += win(r.insertionAuc(), b.insertionAuc());
                    }
                }
                if (paired > 0) {
                    delWin = dw / paired;
                    insWin = iw / paired;
                }
            }
            out.add(new MethodSummary(e.getKey(), list.size(), mean(del), delCi[0], delCi[1], mean(ins), insCi[0],
                    insCi[1], delWin, insWin));
        }
        return out;
    }

    /** 1 when {@code a > b}, 0.5 when equal, else 0. */
    private static double win(double a, double b) {
        return a > b ? 1 : a == b ? 0.5 : 0;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /** The 2.5th and 97.5th percentiles of the mean over {@link #RESAMPLES} resamples (one clip: the value). */
    static double[] bootstrap(double[] v, long seed) {
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Random rnd = new Random(seed);
        double[] means = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                s += v[rnd.nextInt(v.length)];
            }
            means[b] = s / v.length;
        }
        Arrays.sort(means);
        return new double[] {means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
            means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
    }

    /**
     * Writes a data set's summary files into {@code dir}: {@code faithfulness-summary.json} and {@code .md}
     * and, when {@code means} holds curves, {@code faithfulness-mean.json} and {@code faithfulness.png}.
     */
    public static void write(java.nio.file.Path dir, List<ClipRows.Row> rows, MeanCurves means, long seed)
            throws java.io.IOException {
        ClipFaithfulness mean = means.mean();
        if (mean != null) {
            Map<String, Object> tree = new LinkedHashMap<>(FaithfulnessFiles.tree(mean));
            tree.remove("target_class");
            tree.put("clips", means.clips());
            tree.put("clean_p", mean.cleanProbability());
            tree.put("empty_p", mean.emptyProbability());
            FaithfulnessFiles.writeTree(dir.resolve("faithfulness-mean.json"), tree);
            FaithfulnessChart.write(dir.resolve(FaithfulnessFiles.PNG_NAME), mean,
                    String.format(Locale.ROOT, "mean curves over %d clips", means.clips()));
        }
        List<MethodSummary> s = of(rows, seed);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("clips", rows.stream().map(ClipRows.Row::clip).distinct().count());
        root.put("bootstrap", Map.of("resamples", RESAMPLES, "seed", seed, "interval", "95% percentile"));
        root.put("methods", s);
        FaithfulnessFiles.writeTree(dir.resolve("faithfulness-summary.json"), root);
        java.nio.file.Files.writeString(dir.resolve("faithfulness-summary.md"), markdown(s));
    }

    /** A Markdown table of the summaries. */
    public static String markdown(List<MethodSummary> s) {
        StringBuilder b = new StringBuilder();
        b.append("| method | clips | deletion AUC ↓ (95% CI) | insertion AUC ↑ (95% CI) | deletion wins vs random "
                + "| insertion wins vs random |\n|---|---:|---|---|---:|---:|\n");
        for (MethodSummary m : s) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.4f [%.4f, %.4f] | %.4f [%.4f, %.4f] | %s | %s |%n",
                    m.method(), m.clips(), m.deletionMean(), m.deletionLow(), m.deletionHigh(), m.insertionMean(),
                    m.insertionLow(), m.insertionHigh(), percent(m.deletionWinRate()), percent(m.insertionWinRate())));
        }
        return b.toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
