package org.spacetimelens.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-clip rows of a data-set evaluation, {@code faithfulness-clips.csv}: one row per clip and method with
 * both AUCs. Shards write one each; {@code evaluate --merge} reads them back.
 */
public final class ClipRows {

    public static final String FILE_NAME = "faithfulness-clips.csv";
    public static final String HEADER = "clip,method,target_class,clean_p,empty_p,auc_deletion,auc_insertion";

    /** One clip's AUCs for one method. */
    public record Row(String clip, String method, int targetClass, double cleanProbability, double emptyProbability,
            double deletionAuc, double insertionAuc) {
    }

    private ClipRows() {
    }

    /** The rows of one clip's result. */
    public static List<Row> of(String clip, ClipFaithfulness r) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Curves> e : r.methods().entrySet()) {
            rows.add(new Row(clip, e.getKey(), r.targetClass(), r.cleanProbability(), r.emptyProbability(),
                    e.getValue().deletionAuc(), e.getValue().insertionAuc()));
        }
        return rows;
    }

    public static void write(Path file, List<Row> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            for (Row r : rows) {
                w.write(quote(r.clip()) + "," + r.method() + "," + r.targetClass() + "," + r.cleanProbability() + ","
                        + r.emptyProbability() + "," + r.deletionAuc() + "," + r.insertionAuc() + "\n");
            }
        }
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws IOException naming the file and line when it is not such a file
     */
    public static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException(file + ": not a " + FILE_NAME + " (first line is not '" + HEADER + "')");
            }
            int line = 1;
            for (String s; (s = in.readLine()) != null; ) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                String clip;
                String rest;
                if (s.startsWith("\"")) {
                    StringBuilder name = new StringBuilder();
                    int i = 1;
                    while (true) {
                        if (i >= s.length()) {
                            throw new IOException(file + ":" + line + ": unterminated quoted clip name");
                        }
                        char ch = s.charAt(i++);
                        if (ch != '"') {
                            name.append(ch);
                        } else if (i < s.length() && s.charAt(i) == '"') {
                            name.append('"');
                            i++;
                        } else {
                            break;
                        }
                    }
                    clip = name.toString();
                    rest = i < s.length() && s.charAt(i) == ',' ? s.substring(i + 1) : "";
                } else {
                    int comma = s.indexOf(',');
                    clip = comma < 0 ? s : s.substring(0, comma);
                    rest = comma < 0 ? "" : s.substring(comma + 1);
                }
                String[] f = rest.split(",", -1);
                if (f.length != 6) {
                    throw new IOException(file + ":" + line + ": expected 7 fields (" + HEADER + "), got " + (f.length + 1));
                }
                try {
                    rows.add(new Row(clip, f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + line + ": not a number (" + e.getMessage() + ")");
                }
            }
        }
        return rows;
    }

    private static String quote(String name) {
        return name.contains(",") || name.contains("\"") || name.startsWith("\"")
                ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
