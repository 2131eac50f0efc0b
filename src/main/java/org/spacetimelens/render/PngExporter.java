package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.CropGeometry;

/** PNG files: one image, or the per-frame overlays of a clip. */
public final class PngExporter {
    private PngExporter() {
    }

    /** Writes {@code image} as PNG, creating parent folders. */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            // under a temporary name until complete: an interrupted export leaves no truncated PNG
            org.spacetimelens.files.AtomicFiles.write(file, temp -> {
                if (!ImageIO.write(image, "png", temp.toFile())) {
                    throw new IOException("no PNG writer accepts this image (type " + image.getType() + ")");
                }
            });
        } catch (IOException e) {
            throw new IOException("cannot write PNG " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where a rendered picture goes (the pipeline writes through its atomic-rename helper). */
    @FunctionalInterface
    public interface ImageSink {
        void write(BufferedImage image, Path file) throws IOException;
    }

    /** {@link #writeOverlays(Clip, AttentionMaps, CropGeometry, boolean, RenderOptions, Path, String, ImageSink)}
     *  writing each PNG with {@link #write}. */
    public static List<Path> writeOverlays(Clip clip, AttentionMaps maps, CropGeometry crop, boolean fullFrame,
                                           RenderOptions opts, Path dir, String prefix) throws IOException {
        return writeOverlays(clip, maps, crop, fullFrame, opts, dir, prefix, PngExporter::write);
    }

    /**
     * One overlay PNG per clip frame, named {@code <prefix>_<source frame index, 6 digits>.png} in
     * {@code dir}; each image is the source frame at full resolution with the map on the crop
     * ({@code fullFrame}) or the crop square alone at its source size.
     *
     * @return the files written, in clip order
     */
    public static List<Path> writeOverlays(Clip clip, AttentionMaps maps, CropGeometry crop, boolean fullFrame,
                                           RenderOptions opts, Path dir, String prefix, ImageSink sink)
            throws IOException {
        return writeOverlays(clip, maps, crop, fullFrame, opts, 1, dir, prefix, sink);
    }

    /** The same, drawn at {@code scale}× the source size (the frame resampled, the map drawn at that size). */
    public static List<Path> writeOverlays(Clip clip, AttentionMaps maps, CropGeometry crop, boolean fullFrame,
                                           RenderOptions opts, double scale, Path dir, String prefix, ImageSink sink)
            throws IOException {
        if (clip.size() != maps.frames()) {
            throw new IllegalArgumentException("the clip has " + clip.size() + " frames but the maps have " + maps.frames());
        }
        OverlayRenderer r = new OverlayRenderer();
        List<Path> out = new ArrayList<>();
        for (int t = 0; t < clip.size(); t++) {
            BufferedImage f = clip.frames().get(t);
            CropGeometry geom = crop != null ? crop : Tiles.centreSquare(f.getWidth(), f.getHeight());
            BufferedImage base = Tiles.base(f, geom, fullFrame, scale, 1);
            BufferedImage overlay = fullFrame ? r.render(base, maps.frame(t), maps.gridH(), maps.gridW(), geom, opts)
                    : r.render(base, maps.frame(t), maps.gridH(), maps.gridW(), opts);
            Path file = dir.resolve(String.format(Locale.ROOT, "%s_%06d.png", prefix, clip.frameIndices()[t]));
            sink.write(overlay, file);
            out.add(file);
        }
        return out;
    }
}
