package org.spacetimelens.app;

import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * The viewer's memory policy over time: after a forward pass or a cache change, once nothing has
 * run for {@link HeapPolicy#IDLE_SECONDS} (no job, no playback, no scrubbing), hands the memory they
 * left behind back to the system ({@link HeapPolicy#trim}). A user who keeps working postpones it;
 * it never runs during interaction.
 */
final class IdleTrimmer implements AutoCloseable {
    private final BooleanSupplier active;
    private final ExecutorService trimThread = DaemonThreads.single("trim");
    private PauseTransition idle;

    /** {@code active}: true while the viewer works or the user interacts (checked on the FX thread). */
    IdleTrimmer(BooleanSupplier active) {
        this.active = active;
    }

    /** (Re)starts the idle countdown (FX thread). */
    void schedule() {
        if (idle == null) {
            idle = new PauseTransition(Duration.seconds(HeapPolicy.IDLE_SECONDS));
            idle.setOnFinished(e -> {
                if (active.getAsBoolean()) {
                    idle.playFromStart();
                } else {
                    trimThread.execute(HeapPolicy::trim);
                }
            });
        }
        idle.playFromStart();
    }

    /**
     * Background work just ended: a pending countdown starts again, so the trim (a full, stop-the-world
     * collection) waits for {@link HeapPolicy#IDLE_SECONDS} without any work, not merely for a moment
     * without work. Checking only when the countdown ends let it fire between two option changes or scrub
     * steps: the soak test logged 300–550 ms FX pulse gaps from it on a busy machine.
     */
    void postpone() {
        if (idle != null && idle.getStatus() == javafx.animation.Animation.Status.RUNNING) {
            idle.playFromStart();
        }
    }

    @Override
    public void close() {
        if (idle != null) {
            idle.stop();
        }
        trimThread.shutdown();
    }
}
