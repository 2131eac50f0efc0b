package org.spacetimelens.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Class probabilities from logits: softmax in double, then the most probable classes. */
public final class Predictions {

    private Predictions() {
    }

    /** One ranked class. */
    public record Prediction(int index, String label, double probability) {
    }

    /** Numerically stable softmax in double. */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The {@code k} most probable classes, best first; labels past the list are named {@code LABEL_i}. */
    public static List<Prediction> top(float[] logits, List<String> labels, int k) {
        double[] p = softmax(logits);
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        List<Prediction> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, p.length); r++) {
            int c = order[r];
            out.add(new Prediction(c, c < labels.size() ? labels.get(c) : "LABEL_" + c, p[c]));
        }
        return out;
    }
}
