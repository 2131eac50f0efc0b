package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.spacetimelens.video.VideoException;

/**
 * Exports every video of a folder with one loaded model, each into {@code OUT/<name>/}.
 *
 * <p>Inputs: the folder's files ending in {@link #VIDEO_EXTENSIONS} (case-insensitive) and its sub-folders
 * (frame folders), hidden entries and the output folder left out, sorted by name (code-point order, so
 * every machine of a cluster job sees the same list). A sub-folder without frame images is skipped, not
 * counted as failed. Names are the file name without its extension; when two inputs would share one
 * ({@code a.mp4}, {@code a.avi}) both keep their full file name instead.
 *
 * <p>One input failing (unreadable video, too short for the clip...) is reported and the batch goes on.
 */
public final class BatchExport {

    /** Video file extensions a batch picks up. */
    public static final List<String> VIDEO_EXTENSIONS = List.of("mp4", "avi", "mov", "mkv", "webm", "gif");

    private BatchExport() {
    }

    /** One input and the name of its output folder. */
    public record Item(Path input, String name) {
    }

    /** Why an input failed, in one line. */
    public record Failure(Item item, String reason) {
    }

    /**
     * How a batch ended.
     *
     * @param ok       inputs exported
     * @param failed   inputs that failed (see {@code failures})
     * @param skipped  sub-folders without frame images
     */
    public record Summary(int ok, int failed, int skipped, List<Failure> failures) {
        public Summary {
            failures = List.copyOf(failures);
        }
    }

    /** Hears about each input as the batch goes (all calls on the batch's thread). */
    public interface Listener {
        default void started(int position, int total, Item item) {
        }

        default void succeeded(int position, int total, Item item, ExportResult result) {
        }

        default void failed(int position, int total, Failure failure) {
        }

        default void skipped(int position, int total, Item item, String reason) {
        }
    }

    /**
     * The part {@code index} of {@code count} of a data set: the inputs at positions {@code p} of the sorted list
     * with {@code p % count == index}, so shards are disjoint, cover everything and stay balanced.
     */
    public record Shard(int index, int count) {

        /** Everything in one shard. */
        public static final Shard ALL = new Shard(0, 1);

        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("shard " + index + "/" + count
                        + " is impossible: give i/n with n >= 1 and 0 <= i < n (e.g. 0/4 .. 3/4)");
            }
        }

        /** Parses {@code i/n}, e.g. Slurm's {@code $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT}. */
        public static Shard parse(String text) {
            String[] parts = text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("shard '" + text + "' is not i/n (e.g. 0/4)");
            }
            try {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shard '" + text + "' is not i/n with whole numbers (e.g. 0/4)");
            }
        }

        public <T> List<T> select(List<T> all) {
            List<T> out = new ArrayList<>();
            for (int p = index; p < all.size(); p += count) {
                out.add(all.get(p));
            }
            return out;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * The inputs of {@code dir}, sorted, named.
     *
     * @param exclude a folder to leave out (the batch's output, when it lies inside {@code dir}); may be null
     */
    public static List<Item> list(Path dir, Path exclude) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "not a folder of videos");
        }
        Path skip = exclude == null ? null : exclude.toAbsolutePath().normalize();
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || p.toAbsolutePath().normalize().equals(skip)) {
                    continue;
                }
                if (Files.isDirectory(p) || (Files.isRegularFile(p) && VIDEO_EXTENSIONS.contains(extension(name)))) {
                    inputs.add(p);
                }
            }
        }
        inputs.sort(Comparator.comparing(p -> p.getFileName().toString()));
        Map<String, Integer> stems = new HashMap<>();
        for (Path p : inputs) {
            stems.merge(stem(p), 1, Integer::sum);
        }
        List<Item> items = new ArrayList<>();
        for (Path p : inputs) {
            String stem = stem(p);
            items.add(new Item(p, stems.get(stem) > 1 ? p.getFileName().toString() : stem));
        }
        return items;
    }

    /**
     * Exports each item into {@code out/<name>/}; failures are reported to the listener and collected.
     *
     * @param replay the replay arguments of one item (recorded in its sidecar)
     */
    public static Summary run(ClipExport export, List<Item> items, ExportSettings settings, Path out,
            Function<Item, List<String>> replay, Listener listener) {
        int ok = 0;
        int skipped = 0;
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            listener.started(i, items.size(), item);
            try {
                ExportResult r = export.run(item.input(), settings, out.resolve(item.name()), replay.apply(item));
                ok++;
                listener.succeeded(i, items.size(), item, r);
            } catch (VideoException e) {
                if (e.kind() == VideoException.Kind.NO_FRAMES && Files.isDirectory(item.input())) {
                    skipped++;
                    listener.skipped(i, items.size(), item, "no frame images");
                    continue;
                }
                fail(failures, listener, i, items.size(), item, e);
            } catch (Exception e) { // one bad input must not end the batch; Errors (out of memory) still do
                fail(failures, listener, i, items.size(), item, e);
            }
        }
        return new Summary(ok, failures.size(), skipped, failures);
    }

    private static void fail(List<Failure> failures, Listener listener, int i, int n, Item item, Exception e) {
        Failure f = new Failure(item, reason(item.input(), e));
        failures.add(f);
        listener.failed(i, n, f);
    }

    /** The exception's message on one line, without a leading copy of the input's path. */
    static String reason(Path input, Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (String prefix : List.of(input.toString() + ": ", input.toAbsolutePath().toString() + ": ")) {
            if (m.startsWith(prefix)) {
                m = m.substring(prefix.length());
            }
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            m = "no such file: " + n.getFile();
        } else if (!(e instanceof VideoException || e instanceof IOException || e instanceof IllegalArgumentException)) {
            m = e.getClass().getSimpleName() + ": " + m;
        }
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
