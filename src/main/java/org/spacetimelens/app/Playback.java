package org.spacetimelens.app;

import javafx.animation.AnimationTimer;

/**
 * Playback controller: advances the playhead at the chosen fps while {@code playing} is set, and
 * implements stepping and the loop modes. Frame decoding stays in the frame service (latest request
 * wins), so a slow decoder drops frames instead of building a queue.
 */
public final class Playback {
    private final ViewState state;
    private long last = -1;
    private double carry;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            tick(now);
        }
    };

    public Playback(ViewState state) {
        this.state = state;
        state.playingProperty().addListener((o, a, playing) -> {
            if (playing) {
                last = -1;
                carry = 0;
                timer.start();
            } else {
                timer.stop();
            }
        });
    }

    public void togglePlay() {
        if (state.videoProperty().get() != null) {
            state.playingProperty().set(!state.playingProperty().get());
        }
    }

    /** ±n video frames, clamped. */
    public void step(int n) {
        VideoMeta v = state.videoProperty().get();
        if (v == null) {
            return;
        }
        state.playingProperty().set(false);
        state.playheadProperty().set(Math.max(0, Math.min(v.frameCount() - 1, state.playheadProperty().get() + n)));
    }

    /** To video frame {@code index}, clamped to the video (Home: 0, End: the last). */
    public void goTo(int index) {
        VideoMeta v = state.videoProperty().get();
        if (v == null) {
            return;
        }
        state.playingProperty().set(false);
        state.playheadProperty().set(Math.max(0, Math.min(v.frameCount() - 1, index)));
    }

    /** To the previous (dir < 0) or next sampled clip frame. */
    public void stepClipFrame(int dir) {
        ClipAnalysis a = state.analysisProperty().get();
        int[] frames = a != null ? a.frameIndices() : state.plannedClipProperty().get();
        if (frames == null) {
            return;
        }
        int p = state.playheadProperty().get();
        int target = -1;
        if (dir > 0) {
            for (int f : frames) {
                if (f > p) {
                    target = f;
                    break;
                }
            }
        } else {
            for (int i = frames.length - 1; i >= 0; i--) {
                if (frames[i] < p) {
                    target = frames[i];
                    break;
                }
            }
        }
        if (target >= 0) {
            state.playingProperty().set(false);
            state.playheadProperty().set(target);
        }
    }

    private void tick(long now) {
        VideoMeta v = state.videoProperty().get();
        if (v == null) {
            state.playingProperty().set(false);
            return;
        }
        if (last < 0) {
            last = now;
            return;
        }
        carry += (now - last) / 1e9 * state.fpsProperty().get();
        last = now;
        int advance = (int) carry;
        if (advance == 0) {
            return;
        }
        carry -= advance;
        int lo = 0;
        int hi = v.frameCount() - 1;
        ClipAnalysis a = state.analysisProperty().get();
        if (state.loopProperty().get() == LoopMode.CLIP && a != null) {
            lo = a.firstFrame();
            hi = a.lastFrame();
        }
        int next = state.playheadProperty().get() + advance;
        if (next > hi) {
            if (state.loopProperty().get() == LoopMode.OFF) {
                state.playheadProperty().set(hi);
                state.playingProperty().set(false);
                return;
            }
            next = lo;
        }
        state.playheadProperty().set(Math.max(lo, next));
    }
}
