package org.spacetimelens.app;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs once per run when the first frame with a map reaches the screen, counted from the JVM's start: the
 * viewer's cold start to first map (issue 14's bar for a base-size VideoMAE), read from {@code viewer.log}.
 */
final class FirstMapLog {
    private static final Logger LOG = LoggerFactory.getLogger(FirstMapLog.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private FirstMapLog() {
    }

    /** Call when a frame drawn with maps is shown (FX thread). */
    static void shown(ClipAnalysis a) {
        if (a != null && DONE.compareAndSet(false, true)) {
            LOG.info("first map on screen {} s after the JVM started (clip of {} frames, forward pass {} s, "
                    + "attention {} on the {})", String.format("%.2f", ManagementFactory.getRuntimeMXBean().getUptime()
                    / 1e3), a.frameCount(), String.format("%.2f", a.seconds()), Format.bytes(a.record().byteSize()),
                    a.record().isMapped() ? "mapped file" : "heap");
        }
    }
}
