package org.spacetimelens.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the embedded demo lives: the folder {@code assets/demo} holding {@code model/} (a Hugging
 * Face folder), {@code demo.mp4}, {@code demo.json} and {@code MODEL_CARD.md}. Searched, first
 * match wins:
 * <ol>
 *   <li>{@code <spacetimelens.assets>/demo} when the system property is set (surefire sets it to the
 *       checkout's {@code assets});</li>
 *   <li>{@code assets/demo} in the working directory or any of its parents (a source checkout);</li>
 *   <li>next to the jar: {@code <jar dir>/assets/demo} — the packaged app, whose jar sits in
 *       {@code <app>/lib/app/} with the assets copied to {@code <app>/lib/app/assets/demo} — and
 *       {@code <jar dir>/../assets/demo} ({@code target/spacetime-lens.jar} of a checkout).</li>
 * </ol>
 */
public final class DemoAssets {
    /** System property naming the assets folder (the parent of {@code demo}). */
    public static final String PROPERTY = "spacetimelens.assets";

    private final Path root;

    private DemoAssets(Path root) {
        this.root = root;
    }

    /** The demo assets, or an exception listing every place searched and how to fix it. */
    public static DemoAssets locate() {
        List<Path> tried = candidates();
        for (Path p : tried) {
            if (Files.isDirectory(p.resolve("model"))) {
                return new DemoAssets(p.toAbsolutePath().normalize());
            }
        }
        StringBuilder sb = new StringBuilder("demo assets not found (a folder assets/demo with model/ inside); searched:");
        for (Path p : tried) {
            sb.append("\n  ").append(p.toAbsolutePath().normalize());
        }
        sb.append("\nRun from the project checkout, set -D").append(PROPERTY)
                .append("=<folder holding demo/>, or pass --model/--clip explicitly.");
        throw new IllegalStateException(sb.toString());
    }

    /** Like {@link #locate()} but empty instead of failing. */
    public static Optional<DemoAssets> find() {
        try {
            return Optional.of(locate());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Uses an explicit {@code assets/demo} folder (for tests and tools). */
    public static DemoAssets at(Path demoFolder) {
        return new DemoAssets(demoFolder.toAbsolutePath().normalize());
    }

    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            out.add(Paths.get(prop).resolve("demo"));
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            out.add(d.resolve("assets").resolve("demo"));
        }
        jarDir().ifPresent(j -> {
            out.add(j.resolve("assets").resolve("demo"));
            if (j.getParent() != null) {
                out.add(j.getParent().resolve("assets").resolve("demo"));
            }
        });
        return out;
    }

    private static Optional<Path> jarDir() {
        try {
            var src = DemoAssets.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return Optional.empty();
            }
            Path p = Paths.get(src.getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(p) ? p : p.getParent());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@code assets/demo} folder. */
    public Path root() {
        return root;
    }

    /** The demo checkpoint (a Hugging Face folder). */
    public Path modelDir() {
        return root.resolve("model");
    }

    public Path video() {
        return root.resolve("demo.mp4");
    }

    public Path sidecar() {
        return root.resolve("demo.json");
    }

    public Path modelCard() {
        return root.resolve("MODEL_CARD.md");
    }
}
