package org.spacetimelens.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.render.DisplayRange;
import org.spacetimelens.render.PngExporter;
import org.spacetimelens.render.ViewShot;
import org.spacetimelens.render.ViewShotRenderer;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.VideoException;

/**
 * {@code export --replay} of a viewer screenshot's sidecar: decodes the recorded frames, runs the model
 * and the rollout with the recorded options (attention precision included), and re-draws the picture
 * its {@code view} describes through {@link ViewShotRenderer}, the code the viewer drew it with. Writes
 * the PNG under the screenshot's own name with its sidecar beside it.
 */
public final class ScreenshotReplay {
    private ScreenshotReplay() {
    }

    /** The sidecar name of a screenshot file: {@code shot.png} → {@code shot.params.json}. */
    public static Path sidecarOf(Path png) {
        String n = png.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return png.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".params.json");
    }

    /**
     * Re-draws {@code shot} of {@code input} into {@code outDir}/{@code name}.
     *
     * @return the PNG written
     * @throws ExportFiles.ExistsException the PNG or its sidecar exists and {@code overwrite} refuses
     */
    public static Path run(ClipExport export, Path input, ExportSettings settings, ViewShot shot, String name,
            Path outDir, Overwrite overwrite) throws IOException, VideoException {
        long start = System.nanoTime();
        Path png = outDir.resolve(name);
        Path sidecar = sidecarOf(png);
        if (overwrite == Overwrite.REFUSE) {
            List<Path> existing = new ArrayList<>();
            for (Path p : List.of(png, sidecar)) {
                if (Files.exists(p)) {
                    existing.add(p);
                }
            }
            if (!existing.isEmpty()) {
                throw new ExportFiles.ExistsException(existing);
            }
        }
        VideoModel net = export.model();
        ModelGeometry config = net.geometry();
        try (LoadedClip loaded = LoadedClip.load(input, settings.sampling(), net.preprocess(), config.numFrames(),
                true)) {
            ClipTensor tensor = loaded.tensor();
            config.checkClip(tensor.frames(), tensor.height(), tensor.width());
            settings.rollout().validate(config.numLayers(), config.numHeads(), config.slots(tensor.frames()),
                    config.gridH(tensor.height()), config.gridW(tensor.width()));
            boolean grad = settings.rollout().method() == RolloutMethod.GRAD_ROLLOUT;
            long forwardStart = System.nanoTime();
            ForwardResult result;
            if (grad) {
                int[] classes = settings.classTarget().resolve(net.labels(), net.labels().size());
                result = net.forwardWithGradients(tensor.data(), tensor.frames(), tensor.height(), tensor.width(),
                        settings.fp16(), classes[0], classes[1]);
            } else {
                result = net.forward(tensor.data(), tensor.frames(), tensor.height(), tensor.width(), true,
                        settings.fp16());
            }
            double forwardSeconds = (System.nanoTime() - forwardStart) / 1e9;
            int tubelet = result.attention().tubelet();
            AttentionMaps maps = Rollout.compute(result.attention(), result.gradients(), settings.rollout())
                    .perFrame(tubelet);
            BufferedImage shown = null;
            if (shot.frame() != null) {
                if (loaded.source() == null) {
                    throw new IllegalArgumentException(input + " is a tensor; a frame screenshot needs its video");
                }
                shown = loaded.source().frame(shot.frame().frameIndex());
            }
            BufferedImage picture = ViewShotRenderer.render(shot, new ViewShotRenderer.Inputs(shown,
                    loaded.clip().frames(), loaded.frameIndices(), loaded.timestamps(),
                    DisplayRange.asDrawn(maps, settings.rollout().normalization()), tensor.geometry(),
                    settings.render(), settings.rollout().query(), tubelet));
            Files.createDirectories(outDir);
            PngExporter.write(picture, png); // atomically
            List<String> replay = ReplayArgs.forScreenshot(export.replayArgs(input, settings, outDir), sidecar);
            List<Predictions.Prediction> top = Predictions.top(result.logits(), net.labels(), ClipExport.TOP_K);
            List<String> notes = new ArrayList<>(loaded.notes());
            if (net.deviceWarning() != null) {
                notes.add(net.deviceWarning());
            }
            export.sidecars().build(loaded, settings, new SidecarBuilder.Run(Sidecar.EXPORT, name, Set.of(), top,
                    Map.of(name, new Sidecar.ImageSize(picture.getWidth(), picture.getHeight())), List.of(name),
                    notes, replay, forwardSeconds, (System.nanoTime() - start) / 1e9, null)).withView(shot)
                    .write(sidecar);
            return png;
        }
    }
}
