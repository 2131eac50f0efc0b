package org.spacetimelens.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mean deletion and insertion curves of a data set, per method (clips of one step count S), for the
 * data set's {@code faithfulness.png} and {@code faithfulness-mean.json}.
 */
public final class MeanCurves {

    private final Map<String, double[][]> sums = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private double clean;
    private double empty;
    private int clips;
    private int steps = -1;

    /** Adds one clip's curves (the clean and empty probabilities are its curves' end points). */
    public void add(Map<String, Curves> methods) {
        for (Map.Entry<String, Curves> e : methods.entrySet()) {
            Curves c = e.getValue();
            if (steps < 0) {
                steps = c.steps();
            } else if (c.steps() != steps) {
                throw new IllegalArgumentException("curves of " + c.steps() + " steps cannot be averaged with curves of "
                        + steps + " steps");
            }
            double[][] sum = sums.computeIfAbsent(e.getKey(), k -> new double[2][steps + 1]);
            for (int s = 0; s <= steps; s++) {
                sum[0][s] += c.deletion()[s];
                sum[1][s] += c.insertion()[s];
            }
            counts.merge(e.getKey(), 1, Integer::sum);
        }
        if (!methods.isEmpty()) {
            Curves any = methods.values().iterator().next();
            clean += any.deletion()[0];
            empty += any.insertion()[0];
            clips++;
        }
    }

    /** Adds the curves of a {@code faithfulness.json}. */
    public void add(Path faithfulnessJson) throws IOException {
        JsonNode root = FaithfulnessFiles.JSON.readTree(faithfulnessJson.toFile());
        JsonNode methods = root == null ? null : root.get("methods");
        if (methods == null || !methods.isObject()) {
            throw new IOException(faithfulnessJson + ": not a faithfulness.json (no \"methods\" object)");
        }
        Map<String, Curves> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), Curves.of(FaithfulnessFiles.JSON.convertValue(e.getValue().get("deletion"), double[].class),
                    FaithfulnessFiles.JSON.convertValue(e.getValue().get("insertion"), double[].class)));
        }
        add(m);
    }

    public int clips() {
        return clips;
    }

    /** The means as one result (target class -1: clips may follow different classes), or null when empty. */
    public ClipFaithfulness mean() {
        if (clips == 0) {
            return null;
        }
        Map<String, Curves> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : sums.entrySet()) {
            int n = counts.get(e.getKey());
            double[] del = e.getValue()[0].clone();
            double[] ins = e.getValue()[1].clone();
            for (int s = 0; s <= steps; s++) {
                del[s] /= n;
                ins[s] /= n;
            }
            out.put(e.getKey(), Curves.of(del, ins));
        }
        return new ClipFaithfulness(-1, false, steps, -1, clean / clips, empty / clips, out, 0, 0);
    }
}
