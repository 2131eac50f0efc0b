package org.spacetimelens.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * CPU time of the whole process, all threads (native ones included). Java's
 * {@code OperatingSystemMXBean.getProcessCpuTime} counts in scheduler ticks on Linux (10 ms here),
 * useless for millisecond operations, so on Linux this asks libc's
 * {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} through JNA (a dependency of DJL), which is exact to
 * the nanosecond; elsewhere it falls back to the MXBean.
 */
final class ProcessCpu {

    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final LibC LIBC = load();

    private ProcessCpu() {
    }

    /** Nanoseconds of CPU the process has used, or -1 when unknown. */
    static long nanos() {
        if (LIBC != null) {
            TimeSpec ts = new TimeSpec();
            if (LIBC.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, ts) == 0) {
                return ts.tv_sec * 1_000_000_000L + ts.tv_nsec;
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static LibC load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    private interface LibC extends Library {
        int clock_gettime(int clock, TimeSpec ts);
    }

    /** {@code struct timespec} on 64-bit Linux. */
    @Structure.FieldOrder({"tv_sec", "tv_nsec"})
    public static final class TimeSpec extends Structure {
        public long tv_sec;
        public long tv_nsec;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("tv_sec", "tv_nsec");
        }
    }
}
