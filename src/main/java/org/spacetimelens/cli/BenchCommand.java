package org.spacetimelens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.spacetimelens.bench.BenchReport;
import org.spacetimelens.bench.BenchRow;
import org.spacetimelens.bench.Benchmarks;
import org.spacetimelens.bench.ColdStart;
import org.spacetimelens.bench.Shapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the performance cases of issue 6 in one process, as a table (and optionally Markdown). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the headline cases (rollout vs the dense method, forward pass vs GEMM, viewer "
                + "pipeline, video decoding, cold start) and print a table with machine details.",
            "Cases:", "  1 rollout: structured propagation vs published dense; 96 frames",
            "  2 head fusion + rollout", "  3 forward pass vs GEMM, capture overhead", "  4 float16 attention storage",
            "  5 option change -> overlay at 224 px and 720p", "  6 decode + preprocess 8 frames of 720p H.264",
            "  7 cold start to first map (fresh JVM)",
            "  8 VideoMAE-base forward vs GEMM, joint rollout",
            "  9 forward + backward with attention gradients (grad-rollout) vs forward; memory peak",
            "  10 faithfulness: perturbed clips per second, batched vs one at a time"})
public final class BenchCommand implements Callable<Integer>, Verbosity {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu",
            description = "device of the DJL cases: forward pass, GEMM, dense rollout (default auto)")
    String device = "auto";

    @Option(names = "--quick", description = "fewer repetitions (CI smoke run); figures are noisier")
    boolean quick;

    @Option(names = "--cases", split = ",", paramLabel = "N", description = "cases to run, e.g. 1,2,5 (default all)")
    List<Integer> cases = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));

    @Option(names = "--markdown", paramLabel = "FILE", description = "also write the table as Markdown (for README.md)")
    Path markdown;

    @Option(names = "--shapes", paramLabel = "base|tiny",
            description = "base: the issue's sizes (default); tiny: toy sizes for a smoke test, bars not applied")
    String shapes = "base";

    @Option(names = "--verbose", description = "print the stack trace of errors, and the engine and decoder logs "
            + "(else in " + org.spacetimelens.logging.Logs.LOCATION_HELP + ")")
    boolean verbose;

    @Option(names = "--cold-start-child", hidden = true, description = "internal: the child process of case 7")
    boolean coldStartChild;

    @Option(names = "--child-model", hidden = true)
    Path childModel;

    @Option(names = "--child-video", hidden = true)
    Path childVideo;

    @Option(names = "--child-overlap", hidden = true)
    boolean childOverlap;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (coldStartChild) {
            if (childModel == null || childVideo == null) {
                throw new CliException("--cold-start-child needs --child-model and --child-video");
            }
            ColdStart.child(childModel, childVideo, childOverlap, out);
            return 0;
        }
        Shapes s = switch (shapes.toLowerCase(Locale.ROOT)) {
            case "base" -> Shapes.BASE;
            case "tiny" -> Shapes.TINY;
            default -> throw new CliException("--shapes must be base or tiny, got '" + shapes + "'");
        };
        if (markdown != null && markdown.getParent() != null && !Files.isDirectory(markdown.getParent())) {
            throw new CliException("--markdown " + markdown + ": folder " + markdown.getParent() + " does not exist");
        }
        Benchmarks.Settings settings;
        try {
            settings = new Benchmarks.Settings(s, quick, new TreeSet<>(cases), device);
        } catch (IllegalArgumentException e) {
            throw new CliException("--cases: " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        BenchReport report = Benchmarks.run(settings, commandLine(), err);
        out.print(report.toText());
        out.flush();
        if (markdown != null) {
            try {
                Files.writeString(markdown, report.toMarkdown(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("could not write --markdown " + markdown + ": " + e.getMessage());
            }
        }
        List<BenchRow> problems = report.problems();
        if (!problems.isEmpty()) {
            err.println("bench: " + problems.size() + " figure(s) missed their bar or failed (marked in the table)");
            err.flush();
        }
        return report.rows().stream().anyMatch(r -> r.status() == BenchRow.Status.FAILED) ? 1 : 0;
    }

    /** The command as typed (for the report): program name, then this command's arguments. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "spacetime-lens " + String.join(" ", args);
    }
}
