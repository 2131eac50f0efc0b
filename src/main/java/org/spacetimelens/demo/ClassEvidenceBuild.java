package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.render.PngExporter;

/**
 * {@link ClassEvidence} on a demo folder as {@code demo-eval --class-evidence} and {@code train-demo} run it:
 * decode the demo video, measure, print the summary, and (when asked) write the figure and the card's section.
 */
public final class ClassEvidenceBuild {
    private ClassEvidenceBuild() {
    }

    /**
     * Measures the checkpoint {@code modelDir} on {@code demo}'s video and sidecar.
     *
     * @param figure also write {@link ClassEvidenceCard#FIGURE} into {@code demo}'s folder
     * @param card   also write the section of {@code demo}'s model card (replacing the one there)
     */
    public static ClassEvidence.Report run(DemoAssets demo, Path modelDir, String device, boolean figure, boolean card,
            PrintStream log) throws IOException, CheckpointException {
        try (TimeSformer m = TimeSformer.load(modelDir, new TimeSformer.LoadOptions(device, 0))) {
            return run(demo, m, figure, card, log);
        }
    }

    /** As {@link #run(DemoAssets, Path, String, boolean, boolean, PrintStream)} with a loaded model. */
    public static ClassEvidence.Report run(DemoAssets demo, VideoModel model, boolean figure, boolean card,
            PrintStream log) throws IOException {
        DemoSidecar sidecar = DemoSidecar.read(demo.sidecar());
        List<BufferedImage> frames = DemoVideoCheck.decode(demo.video());
        int windows = ClassEvidence.windowCount(sidecar);
        TerminalProgress bar = TerminalProgress.stderr(windows);
        ClassEvidence.Report r = ClassEvidence.measure(model, frames, sidecar,
                n -> bar.update(n, windows, "class evidence"));
        log.print(ClassEvidenceCard.summary(r));
        if (figure) {
            Path png = demo.root().resolve(ClassEvidenceCard.FIGURE);
            PngExporter.write(ClassEvidenceFigure.render(r, frames, sidecar.fps()), png);
            log.println("wrote " + png);
        }
        if (card) {
            ClassEvidenceCard.writeInto(demo.modelCard(), ClassEvidenceCard.section(r, demo.video().getFileName().toString()));
            log.println("wrote the class-evidence section of " + demo.modelCard());
        }
        return r;
    }
}
