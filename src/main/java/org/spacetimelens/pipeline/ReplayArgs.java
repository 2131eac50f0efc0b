package org.spacetimelens.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The {@code spacetime-lens export} arguments that reproduce an export, recorded as the sidecar's
 * {@code replay} list by every writer (the CLI, the viewer's exports and screenshots). Every option is
 * spelled out, defaults included, so a later change of defaults does not change a replay; paths are
 * absolute. The spellings must stay those of the CLI's options ({@code cli.SamplingOptions},
 * {@code cli.RolloutOptions}, {@code cli.RenderFlags}); the CLI's replay tests parse this output back.
 */
public final class ReplayArgs {
    private ReplayArgs() {
    }

    /**
     * @param model      the checkpoint as the user named it
     * @param heads      the {@code --heads} override (0 = none)
     * @param deviceName the device the model ran on ("cpu()", "gpu(0)"), recorded as cpu or gpu: GPU and
     *                   CPU results differ in the last bits, so a replay uses the device actually used
     */
    public static List<String> of(Path model, int heads, String deviceName, Path clip, ExportSettings s, Path outDir) {
        InputKind kind = InputKind.of(clip);
        List<String> a = new ArrayList<>(List.of("export",
                "--model", model.toAbsolutePath().normalize().toString(),
                "--heads", String.valueOf(heads),
                "--device", deviceName.startsWith("gpu") ? "gpu" : "cpu",
                "--clip", clip.toAbsolutePath().normalize().toString()));
        if (kind.isVideo()) {
            a.addAll(sampling(s.sampling()));
        }
        a.addAll(rollout(s.rollout()));
        if (s.rollout().method() == org.spacetimelens.rollout.RolloutMethod.GRAD_ROLLOUT) {
            a.addAll(List.of("--target-class", s.classTarget().target()));
            if (s.classTarget().contrast() != null) {
                a.addAll(List.of("--contrast-class", s.classTarget().contrast()));
            }
        }
        a.addAll(render(s, s.formatsFor(kind)));
        if (s.fp16()) {
            a.add("--fp16");
        }
        if (!s.attentions()) {
            a.add("--no-attentions");
        }
        a.addAll(List.of("--out", outDir.toAbsolutePath().normalize().toString()));
        return a;
    }

    /**
     * The same arguments with {@code --format} narrowed to one format: the replay of one artefact's own
     * sidecar, which re-makes that artefact alone.
     */
    public static List<String> withFormat(List<String> args, ExportFormat format) {
        List<String> a = new ArrayList<>(args);
        int i = a.indexOf("--format");
        if (i >= 0 && i + 1 < a.size()) {
            a.set(i + 1, format.id());
        } else {
            int out = a.indexOf("--out");
            a.addAll(out >= 0 ? out : a.size(), List.of("--format", format.id()));
        }
        return a;
    }

    /** The option that makes {@code export} re-draw a viewer screenshot from its sidecar. */
    public static final String VIEW_SHOT = "--view-shot";

    /**
     * The arguments that re-make a viewer screenshot: {@code args} (model, clip, sampling, rollout and
     * drawing options) without {@code --format}, plus {@code --view-shot SIDECAR}, the sidecar whose
     * {@code view} says what the picture shows. {@code export --replay} puts the replayed file there.
     */
    public static List<String> forScreenshot(List<String> args, Path sidecar) {
        List<String> a = new ArrayList<>(args);
        int i = a.indexOf("--format");
        if (i >= 0 && i + 1 < a.size()) {
            a.remove(i + 1);
            a.remove(i);
        }
        int out = a.indexOf("--out");
        a.addAll(out >= 0 ? out : a.size(), List.of(VIEW_SHOT, sidecar.toAbsolutePath().normalize().toString()));
        return a;
    }

    /** The sampling options that give {@code s} back. */
    static List<String> sampling(Sampling s) {
        List<String> a = new ArrayList<>();
        switch (s.mode()) {
            case UNIFORM -> a.addAll(List.of("--sampling", "uniform"));
            case WINDOW -> {
                a.addAll(List.of("--sampling", "window"));
                if (s.at() != Sampling.MIDDLE) {
                    a.addAll(List.of("--at", String.valueOf(s.at())));
                }
                a.addAll(List.of("--rate", String.valueOf(s.rate())));
            }
            case EXPLICIT -> a.addAll(List.of("--frames",
                    Arrays.stream(s.frames()).mapToObj(String::valueOf).collect(Collectors.joining(","))));
            default -> throw new IllegalStateException("unhandled sampling " + s.mode());
        }
        if (s.pad()) {
            a.add("--pad");
        }
        return a;
    }

    /** The rollout options that give {@code p} back, every option spelled out (also the viewer's evaluate replay). */
    public static List<String> rollout(RolloutParams p) {
        List<String> a = new ArrayList<>(List.of(
                "--method", p.method().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                "--start-layer", String.valueOf(p.startLayer()),
                "--up-to-layer", String.valueOf(p.upToLayer()),
                "--fusion", p.fusion().name().toLowerCase(Locale.ROOT)));
        if (!p.heads().isEmpty()) {
            a.add("--select-heads");
            a.add(String.join(",", p.heads().stream().map(String::valueOf).toList()));
        }
        a.addAll(List.of(
                "--select-heads-layer", String.valueOf(p.headLayer()),
                "--discard-ratio", Double.toString(p.discardRatio()),
                "--residual-weight", Double.toString(p.residualWeight()),
                "--query", p.query().cls() ? "cls" : p.query().y() + "," + p.query().x() + "," + p.query().t(),
                "--normalization", switch (p.normalization()) {
                    case GLOBAL_MAX -> "global";
                    case PER_FRAME -> "per-frame";
                    case NONE -> "none";
                }));
        return a;
    }

    /** The output and drawing options that give these settings back (every option spelled out). */
    static List<String> render(ExportSettings s, Set<ExportFormat> formats) {
        RenderOptions r = s.render();
        List<String> a = new ArrayList<>(List.of(
                "--format", formats.stream().sorted().map(ExportFormat::id).collect(Collectors.joining(",")),
                "--on", s.fullFrame() ? "full" : "crop",
                "--video-span", s.videoSpan().id(),
                "--between", s.between().name().toLowerCase(Locale.ROOT),
                "--colormap", r.colormap().id(),
                "--blend", r.blend().name().toLowerCase(Locale.ROOT),
                "--opacity", Float.toString(r.opacity()),
                "--upsample", r.upsampling().name().toLowerCase(Locale.ROOT),
                "--threshold", Float.toString(r.threshold()),
                "--bar-units", r.barUnits().name().toLowerCase(Locale.ROOT),
                "--outside", r.outsideCrop().name().toLowerCase(Locale.ROOT),
                "--scale", Double.toString(s.figureScale())));
        if (s.overlayScale() != 1) {
            a.addAll(List.of("--overlay-scale", Double.toString(s.overlayScale()))); // only when set: older replays
        }
        if (!r.contourLevels().isEmpty()) {
            a.addAll(List.of("--contour-levels",
                    r.contourLevels().stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        if (r.valueWeighted()) {
            a.add("--value-weighted");
        }
        if (r.showGrid()) {
            a.add("--grid");
        }
        if (!r.colorBar()) {
            a.add("--no-color-bar");
        }
        if (s.modelName() != null) {
            a.addAll(List.of("--model-name", s.modelName()));
        }
        return a;
    }
}
