package org.spacetimelens.cli;

import java.util.List;
import org.spacetimelens.pipeline.Sampling;
import picocli.CommandLine.Option;

/** Which video frames the model sees (a picocli mixin of {@code export}). Unset options stay {@code null}. */
public final class SamplingOptions {

    @Option(names = "--sampling", paramLabel = "uniform|window",
            description = "uniform: the published recipe over the whole video (default); window: T frames every "
                    + "--rate around --at (implied by --at or --rate)")
    String mode;

    @Option(names = "--at", paramLabel = "FRAME", description = "window centre, a source frame (default: the middle)")
    Integer at;

    @Option(names = "--rate", paramLabel = "R",
            description = "window stride in frames (default 32; reduced, with a warning, when the video is too short)")
    Integer rate;

    @Option(names = "--frames", split = ",", paramLabel = "I,J,...", hideParamSyntax = true,
            description = "explicit source frames (0-based), instead of --sampling")
    List<Integer> frames;

    @Option(names = "--pad", description = "when the video is shorter than the clip, repeat its last frame instead of "
            + "failing (uniform) or reducing the rate (window)")
    boolean pad;

    /** True when any sampling option was given (they only apply to videos). */
    boolean given() {
        return mode != null || at != null || rate != null || frames != null || pad;
    }

    /** The options as a {@link Sampling}; contradictions become {@link CliException}s naming the options. */
    Sampling toSampling() throws CliException {
        if (frames != null) {
            if (mode != null || at != null || rate != null) {
                throw new CliException("--frames chooses the frames itself; leave out --sampling, --at and --rate");
            }
            return Sampling.explicit(frames.stream().mapToInt(Integer::intValue).toArray()).withPad(pad);
        }
        // --at or --rate alone ask for a window
        Sampling.Mode m = mode != null ? Sampling.Mode.byName(mode)
                : at != null || rate != null ? Sampling.Mode.WINDOW : Sampling.Mode.UNIFORM;
        if (m == Sampling.Mode.EXPLICIT) {
            throw new CliException("give explicit frames with --frames I,J,...");
        }
        if (m == Sampling.Mode.UNIFORM) {
            if (at != null || rate != null) {
                throw new CliException("--at and --rate apply to --sampling window, not uniform");
            }
            return Sampling.uniform().withPad(pad);
        }
        if (at != null && at < 0) {
            throw new CliException("--at must be a frame index >= 0, got " + at);
        }
        return Sampling.window(at == null ? Sampling.MIDDLE : at, rate == null ? Sampling.DEFAULT_RATE : rate)
                .withPad(pad);
    }
}
