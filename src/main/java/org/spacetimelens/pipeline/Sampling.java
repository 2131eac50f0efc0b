package org.spacetimelens.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.VideoException;

/**
 * Which source frames the model sees, as the user asked for them; {@link #select} turns the request into
 * indices with {@link ClipSampler} and says in words what it had to change (a reduced rate, a clamped
 * window, padding).
 *
 * @param mode   uniform over the whole video, a window around {@code at}, or explicit {@code frames}
 * @param at     window centre (source frame), or {@link #MIDDLE} for the middle of the video
 * @param rate   window stride in frames (TimeSformer K400: 32)
 * @param frames explicit source frame indices (EXPLICIT only; empty otherwise)
 * @param pad    when the video is too short for the clip, repeat its last frame instead of failing
 *               (uniform) or reducing the rate (window)
 */
public record Sampling(Mode mode, int at, int rate, int[] frames, boolean pad) {

    /** {@link #at()} value meaning "the middle frame of the video". */
    public static final int MIDDLE = -1;
    /** The K400 recipe's stride. */
    public static final int DEFAULT_RATE = 32;

    /** How frames are chosen. */
    public enum Mode {
        UNIFORM, WINDOW, EXPLICIT;

        public static Mode byName(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown sampling '" + name + "'; choose uniform or window "
                        + "(or give --frames)");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Sampling {
        if (mode == null) {
            throw new IllegalArgumentException("sampling mode must be given");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("sampling rate must be >= 1, got " + rate);
        }
        if (at < MIDDLE) {
            throw new IllegalArgumentException("window centre must be a frame index >= 0, got " + at);
        }
        frames = frames == null ? new int[0] : frames.clone();
        if (mode == Mode.EXPLICIT && frames.length == 0) {
            throw new IllegalArgumentException("explicit sampling needs at least one frame index");
        }
        if (mode != Mode.EXPLICIT && frames.length > 0) {
            throw new IllegalArgumentException("frame indices are only used by explicit sampling");
        }
        for (int f : frames) {
            if (f < 0) {
                throw new IllegalArgumentException("frame indices must be >= 0, got " + f);
            }
        }
    }

    /** The published test-time recipe: T segments over the whole video, the middle frame of each. */
    public static Sampling uniform() {
        return new Sampling(Mode.UNIFORM, MIDDLE, DEFAULT_RATE, null, false);
    }

    /** T frames every {@code rate} frames centred on {@code at} ({@link #MIDDLE} for the video's middle). */
    public static Sampling window(int at, int rate) {
        return new Sampling(Mode.WINDOW, at, rate, null, false);
    }

    /** Exactly these source frames, in this order. */
    public static Sampling explicit(int... frames) {
        return new Sampling(Mode.EXPLICIT, MIDDLE, DEFAULT_RATE, frames, false);
    }

    public Sampling withPad(boolean p) {
        return new Sampling(mode, at, rate, frames, p);
    }

    @Override
    public int[] frames() {
        return frames.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sampling s && s.mode == mode && s.at == at && s.rate == rate && s.pad == pad
                && Arrays.equals(s.frames, frames);
    }

    @Override
    public int hashCode() {
        return ((mode.hashCode() * 31 + at) * 31 + rate) * 31 + Arrays.hashCode(frames) + (pad ? 1 : 0);
    }

    @Override
    public String toString() {
        return "Sampling" + describe();
    }

    /**
     * The frames chosen for a video.
     *
     * @param indices source frame index per clip position
     * @param rate    the window stride actually used (may be below the request), 0 for other modes
     * @param centre  the window centre asked for after resolving {@link #MIDDLE}, -1 for other modes
     * @param notes   what had to change, in words (empty when nothing did)
     */
    public record Selection(int[] indices, int rate, int centre, List<String> notes) {
        public Selection {
            indices = indices.clone();
            notes = List.copyOf(notes);
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }
    }

    /**
     * Chooses the frames of a {@code clipLength}-frame clip from a video of {@code frameCount} frames.
     *
     * @throws VideoException {@link VideoException.Kind#CLIP_TOO_SHORT} when the video has fewer frames than
     *                        the clip and padding is off; {@link VideoException.Kind#INDEX_OUT_OF_RANGE} for an
     *                        explicit index past the end
     */
    public Selection select(int frameCount, int clipLength) throws VideoException {
        List<String> notes = new ArrayList<>();
        switch (mode) {
            case UNIFORM -> {
                if (frameCount >= clipLength) {
                    return new Selection(ClipSampler.uniform(frameCount, clipLength), 0, -1, notes);
                }
                if (!pad) {
                    throw new VideoException(VideoException.Kind.CLIP_TOO_SHORT, null, "the video has " + frameCount
                            + " frames but the model's clip takes " + clipLength
                            + "; allow padding (--pad) to repeat the last frame, or give the frames (--frames)");
                }
                int[] idx = new int[clipLength];
                for (int i = 0; i < clipLength; i++) {
                    idx[i] = Math.min(i, frameCount - 1);
                }
                notes.add("the video has " + frameCount + " frames, the clip takes " + clipLength + ": the last "
                        + (clipLength - frameCount) + " repeat frame " + (frameCount - 1) + " (padding)");
                return new Selection(idx, 0, -1, notes);
            }
            case WINDOW -> {
                int centre = at == MIDDLE ? frameCount / 2 : at;
                int[] idx = ClipSampler.window(frameCount, clipLength, rate, centre, pad);
                long span = (long) (clipLength - 1) * rate + 1;
                int used = clipLength > 1 ? idx[1] - idx[0] : rate;
                if (span > frameCount && pad) {
                    long repeats = Arrays.stream(idx).filter(i -> i == frameCount - 1).count() - 1;
                    notes.add(clipLength + " frames every " + rate + " span " + span + " frames but the video has "
                            + frameCount + ": the window starts at frame 0 and " + repeats
                            + " clip frame(s) repeat the last frame (padding)");
                    used = rate;
                } else if (used != rate) {
                    notes.add(clipLength + " frames every " + rate + " span " + span + " frames but the video has "
                            + frameCount + ": rate reduced to " + used
                            + " (allow padding, --pad, to keep the rate and repeat the last frame)");
                }
                if (!(span > frameCount && pad)) {
                    long wantedStart = (long) Math.min(centre, frameCount - 1) - ((long) (clipLength - 1) * used) / 2;
                    if (idx[0] != wantedStart) {
                        notes.add("window centred on frame " + centre + " would leave the video: it was moved to frames "
                                + idx[0] + ".." + idx[clipLength - 1]);
                    }
                }
                return new Selection(idx, used, centre, notes);
            }
            case EXPLICIT -> {
                int[] idx = ClipSampler.explicit(frameCount, frames);
                if (idx.length != clipLength) {
                    notes.add(idx.length + " frames given; the model was trained on " + clipLength
                            + " (its time embeddings are resized, as Hugging Face does)");
                }
                return new Selection(idx, 0, -1, notes);
            }
            default -> throw new IllegalStateException("unhandled sampling " + mode);
        }
    }

    /** Plain names and numbers for the params sidecar. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.id());
        if (mode == Mode.WINDOW) {
            m.put("at", at == MIDDLE ? "middle" : at);
            m.put("rate", rate);
        }
        if (mode == Mode.EXPLICIT) {
            m.put("frames", frames.clone());
        }
        m.put("pad", pad);
        return m;
    }
}
