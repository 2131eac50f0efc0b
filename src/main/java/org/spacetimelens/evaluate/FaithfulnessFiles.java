package org.spacetimelens.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code faithfulness.json} and {@code faithfulness.csv} of one clip. The JSON is exactly
 * {@code {"target_class": c, "steps": S, "methods": {NAME: {"deletion": [..S+1..], "insertion": [..],
 * "auc": {"deletion": x, "insertion": y}}}}}; the CSV has one row per method and step. Numbers are written
 * as Java's shortest round-trip decimal form, so nothing is lost.
 */
public final class FaithfulnessFiles {

    public static final String JSON_NAME = "faithfulness.json";
    public static final String CSV_NAME = "faithfulness.csv";
    public static final String PNG_NAME = "faithfulness.png";
    public static final String SIDECAR_NAME = "faithfulness.params.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** CSV header of {@link #writeCsv}. */
    public static final String CSV_HEADER = "method,step,fraction,k,deletion,insertion";

    private FaithfulnessFiles() {
    }

    /** The JSON tree of {@code faithfulness.json}. */
    public static Map<String, Object> tree(ClipFaithfulness r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("target_class", r.targetClass());
        root.put("steps", r.steps());
        Map<String, Object> methods = new LinkedHashMap<>();
        for (Map.Entry<String, Curves> e : r.methods().entrySet()) {
            Curves c = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deletion", c.deletion());
            m.put("insertion", c.insertion());
            Map<String, Object> auc = new LinkedHashMap<>();
            auc.put("deletion", c.deletionAuc());
            auc.put("insertion", c.insertionAuc());
            m.put("auc", auc);
            methods.put(e.getKey(), m);
        }
        root.put("methods", methods);
        return root;
    }

    public static void writeJson(Path file, ClipFaithfulness r) throws IOException {
        JSON.writeValue(file.toFile(), tree(r));
    }

    /** Writes any tree of maps, lists, records and plain values as indented JSON (sidecars, summaries). */
    public static void writeTree(Path file, Object tree) throws IOException {
        JSON.writeValue(file.toFile(), tree);
    }

    /** One row per method and step: {@value #CSV_HEADER}. */
    public static void writeCsv(Path file, ClipFaithfulness r) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CSV_HEADER + "\n");
            for (Map.Entry<String, Curves> e : r.methods().entrySet()) {
                Curves c = e.getValue();
                for (int s = 0; s <= r.steps(); s++) {
                    w.write(e.getKey() + "," + s + "," + ((double) s / r.steps()) + ","
                            + PerturbationProtocol.k(s, r.patches(), r.steps()) + "," + c.deletion()[s] + ","
                            + c.insertion()[s] + "\n");
                }
            }
        }
    }
}
