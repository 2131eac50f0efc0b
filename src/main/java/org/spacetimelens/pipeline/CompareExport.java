package org.spacetimelens.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spacetimelens.render.PngExporter;

/**
 * Writes a compare figure ({@link org.spacetimelens.render.ComparePanes#figure}) and its one sidecar: the
 * record of pane A (checkpoint, clip, …) as a schema-3 {@link Sidecar} whose {@link CompareSection} lists
 * every pane with its full options and its own replay arguments. {@code export --replay} of that sidecar
 * re-draws the same figure. Both files are written atomically; an existing one is refused unless
 * {@link Overwrite#REPLACE}.
 */
public final class CompareExport {
    private CompareExport() {
    }

    /** The sidecar beside a figure: {@code fig.png} → {@code fig.params.json}. */
    public static Path sidecarOf(Path png) {
        String name = png.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return png.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".params.json");
    }

    /**
     * The figure's sidecar.
     *
     * @param panes    each pane's own record (as a screenshot of that pane would have it), A first
     * @param captions each pane's one-line summary, as the figure writes it
     * @param layout   frame, clip frame, difference, title, pane height and scale ({@code panes} ignored)
     */
    public static Sidecar sidecar(Path png, List<String> labels, List<String> captions, List<Sidecar> panes,
            CompareSection layout, int width, int height) {
        List<CompareSection.Pane> list = new ArrayList<>();
        for (int i = 0; i < panes.size(); i++) {
            list.add(CompareSection.Pane.of(labels.get(i), captions.get(i), panes.get(i)));
        }
        CompareSection section = new CompareSection(layout.frame(), layout.clipFrame(), layout.difference(),
                layout.differenceUnits(), layout.title(), layout.paneHeight(), layout.scale(), list);
        Map<String, Object> outputs = new LinkedHashMap<>();
        String name = png.getFileName().toString();
        outputs.put(name, new Sidecar.ImageSize(width, height));
        outputs.put("files", List.of(name));
        return panes.get(0).asCompare(Sidecar.VIEWER_COMPARE, name, outputs, section);
    }

    /**
     * Writes the figure and its sidecar ({@link #sidecarOf}).
     *
     * @throws ExportFiles.ExistsException either file exists and {@code overwrite} is {@link Overwrite#REFUSE}
     */
    public static void write(BufferedImage figure, Sidecar sidecar, Path png, Overwrite overwrite) throws IOException {
        Path side = sidecarOf(png);
        if (overwrite == Overwrite.REFUSE) {
            List<Path> existing = new ArrayList<>();
            for (Path p : List.of(png, side)) {
                if (Files.exists(p)) {
                    existing.add(p);
                }
            }
            if (!existing.isEmpty()) {
                throw new ExportFiles.ExistsException(existing);
            }
        }
        PngExporter.write(figure, png); // under a temporary name, then renamed
        sidecar.write(side);
    }

    /**
     * A replayed figure: the PNG, and beside it the sidecar it was replayed from, copied unchanged (it
     * describes the replayed figure as well; both written atomically, replacing what is there).
     */
    public static void writeCopy(BufferedImage figure, Path fromSidecar, Path png) throws IOException {
        PngExporter.write(figure, png);
        Path side = sidecarOf(png);
        if (!Files.exists(side) || !Files.isSameFile(fromSidecar, side)) { // replayed in place: it is already there
            byte[] bytes = Files.readAllBytes(fromSidecar);
            AtomicFiles.write(side, tmp -> {
                Files.write(tmp, bytes);
                return null;
            });
        }
    }
}
