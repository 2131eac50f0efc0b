package org.spacetimelens.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.InputKind;

/**
 * The {@code export} arguments that reproduce an export, for writers outside the CLI (the viewer's
 * sidecars), spelled by the same option classes as {@code export}'s own replay so that
 * {@code export --replay params.json} accepts them.
 */
public final class ReplayArgs {
    private ReplayArgs() {
    }

    /**
     * @param model      the checkpoint as the user named it
     * @param heads      the {@code --heads} override (0 = none)
     * @param deviceName the device the model ran on ("cpu()", "gpu(0)"), recorded as cpu or gpu
     */
    public static List<String> of(Path model, int heads, String deviceName, Path clip, ExportSettings s, Path outDir) {
        InputKind kind = InputKind.of(clip);
        List<String> a = new ArrayList<>(List.of("export",
                "--model", model.toAbsolutePath().normalize().toString(),
                "--heads", String.valueOf(heads),
                "--device", deviceName.startsWith("gpu") ? "gpu" : "cpu",
                "--clip", clip.toAbsolutePath().normalize().toString()));
        if (kind.isVideo()) {
            a.addAll(SamplingOptions.args(s.sampling()));
        }
        a.addAll(RolloutOptions.args(s.rollout()));
        if (s.rollout().method() == org.spacetimelens.rollout.RolloutMethod.GRAD_ROLLOUT) {
            a.addAll(List.of("--target-class", s.classTarget().target()));
            if (s.classTarget().contrast() != null) {
                a.addAll(List.of("--contrast-class", s.classTarget().contrast()));
            }
        }
        a.addAll(RenderFlags.args(s, s.formatsFor(kind)));
        if (s.fp16()) {
            a.add("--fp16");
        }
        if (!s.attentions()) {
            a.add("--no-attentions");
        }
        a.addAll(List.of("--out", outDir.toAbsolutePath().normalize().toString()));
        return a;
    }

    /** The tool version recorded in sidecars. */
    public static String version() {
        return Main.VERSION;
    }
}
