package org.spacetimelens.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one {@code bench} run: machine, command, rows; printable as an aligned text table or
 * as Markdown for the README.
 */
public record BenchReport(MachineInfo machine, String command, Instant started, double wallSeconds,
        double loadBefore, double loadAfter, List<BenchRow> rows) {

    private static final int TEXT_WIDTH = 72;
    private static final String[] HEADER = {"#", "measurement", "median / value", "min", "CPU", "runs", "bar",
        "status"};

    public BenchReport {
        rows = List.copyOf(rows);
    }

    /** Rows whose bar was missed or that failed. */
    public List<BenchRow> problems() {
        return rows.stream().filter(r -> r.status() == BenchRow.Status.MISSED || r.status() == BenchRow.Status.FAILED)
                .toList();
    }

    /** Aligned columns; the measurement column wraps at {@value #TEXT_WIDTH} characters. */
    public String toText() {
        List<String[]> cells = new ArrayList<>();
        for (String[] row : cells()) {
            List<String> lines = wrap(row[1], TEXT_WIDTH);
            for (int i = 0; i < lines.size(); i++) {
                String[] line = i == 0 ? row.clone() : new String[HEADER.length];
                if (i > 0) {
                    java.util.Arrays.fill(line, "");
                }
                line[1] = lines.get(i);
                cells.add(line);
            }
        }
        int[] width = new int[HEADER.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(heading()).append('\n');
        machine.details().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        b.append("  ").append(load()).append('\n').append('\n');
        for (int r = 0; r < cells.size(); r++) {
            String[] row = cells.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                boolean right = i >= 2 && i <= 5;
                String pad = " ".repeat(Math.max(0, width[i] - cell.length()));
                line.append(right ? pad + cell : cell + pad).append("  ");
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                b.append("-".repeat(java.util.Arrays.stream(width).sum() + 2 * (width.length - 1))).append('\n');
            }
        }
        b.append('\n').append(footnote()).append('\n');
        return b.toString();
    }

    /** Greedy word wrap. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
                line.append("  ");
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("Command: `").append(command).append("`  \n");
        b.append(heading()).append("\n\n");
        machine.details().forEach((k, v) -> b.append("- ").append(k).append(": ").append(escape(v)).append('\n'));
        b.append("- ").append(load()).append("\n\n");
        List<String[]> cells = cells();
        for (int r = 0; r < cells.size(); r++) {
            b.append('|');
            for (String c : cells.get(r)) {
                b.append(' ').append(escape(c)).append(" |");
            }
            b.append('\n');
            if (r == 0) {
                b.append("|---|---|---:|---:|---:|---:|---|---|\n");
            }
        }
        b.append('\n').append(footnote()).append('\n');
        return b.toString();
    }

    private String heading() {
        return String.format(Locale.ROOT, "Spacetime Lens bench, %s, %.0f s",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(started.atOffset(ZoneOffset.UTC)), wallSeconds);
    }

    private String load() {
        return loadBefore < 0 ? "load average: not reported by the OS"
                : String.format(Locale.ROOT, "load average (1 min): %.2f at start, %.2f at end", loadBefore, loadAfter);
    }

    private static String footnote() {
        return "Ratios and shares compare figures measured in interleaved rounds of this same run. Times are wall "
                + "clock per operation after warm-up; CPU is the median CPU time of the whole process (all threads) "
                + "per operation, which unlike wall time does not grow while the process waits for a core.";
    }

    private List<String[]> cells() {
        List<String[]> out = new ArrayList<>();
        out.add(HEADER);
        for (BenchRow r : rows) {
            out.add(new String[] {String.valueOf(r.caseId()), r.what(), r.result(), r.best(), r.cpu(), r.runs(), r.bar(),
                r.status().label()});
        }
        return out;
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
