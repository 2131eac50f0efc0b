package org.spacetimelens.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.VideoException;

/**
 * Evaluates many clips with one loaded model: each into {@code OUT/<name>/} ({@code faithfulness.json}, {@code
 * .csv}), {@link ClipRows#FILE_NAME} rewritten after every clip (a killed job keeps what it did), mean curves
 * collected. One input failing (unreadable, too short...) is reported and the run goes on.
 */
public final class DatasetRun {

    private DatasetRun() {
    }

    /** Makes one input's clip (reads a video, renders a synthetic scene...). */
    @FunctionalInterface
    public interface ClipSource {
        ClipTensor load() throws IOException, VideoException;
    }

    /**
     * One input.
     *
     * @param path the file or folder it comes from, or null (e.g. a synthetic scene)
     */
    public record Input(String name, Path path, ClipSource source) {
    }

    /** Hears about each input as the run goes (all calls on the run's thread). */
    public interface Listener {
        default void succeeded(int position, int total, Input input, ClipFaithfulness result) {
        }

        default void failed(int position, int total, Input input, String reason) {
        }

        default void skipped(int position, int total, Input input, String reason) {
        }
    }

    /** What a run did. */
    public record Outcome(List<ClipRows.Row> rows, MeanCurves means, int ok, int failed, int skipped,
            int perturbedClips, double seconds) {
    }

    /**
     * @param evaluators the evaluator for a clip (its batch size may depend on the clip's shape); may throw
     *                   {@link IllegalArgumentException} for a clip the options do not fit
     */
    public static Outcome run(List<Input> inputs, Function<ClipTensor, FaithfulnessEvaluator> evaluators,
            List<RankingMethod> methods, int steps, Integer targetClass, Path out, Listener listener)
            throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(out);
        List<ClipRows.Row> rows = new ArrayList<>();
        MeanCurves means = new MeanCurves();
        int ok = 0;
        int failed = 0;
        int skipped = 0;
        int perturbed = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            try {
                ClipTensor clip = in.source().load();
                ClipFaithfulness r = evaluators.apply(clip).evaluate(clip, methods, steps, targetClass);
                Path dir = out.resolve(in.name());
                Files.createDirectories(dir);
                FaithfulnessFiles.writeJson(dir.resolve(FaithfulnessFiles.JSON_NAME), r);
                FaithfulnessFiles.writeCsv(dir.resolve(FaithfulnessFiles.CSV_NAME), r);
                rows.addAll(ClipRows.of(in.name(), r));
                means.add(r.methods());
                ClipRows.write(out.resolve(ClipRows.FILE_NAME), rows);
                perturbed += r.forwardClips();
                ok++;
                listener.succeeded(i, inputs.size(), in, r);
            } catch (VideoException e) {
                if (e.kind() == VideoException.Kind.NO_FRAMES && in.path() != null && Files.isDirectory(in.path())) {
                    skipped++;
                    listener.skipped(i, inputs.size(), in, "no frame images");
                } else {
                    failed++;
                    listener.failed(i, inputs.size(), in, oneLine(e));
                }
            } catch (IOException | IllegalArgumentException e) { // one bad input must not end the run
                failed++;
                listener.failed(i, inputs.size(), in, oneLine(e));
            }
        }
        ClipRows.write(out.resolve(ClipRows.FILE_NAME), rows);
        return new Outcome(rows, means, ok, failed, skipped, perturbed, (System.nanoTime() - start) / 1e9);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
