package org.spacetimelens.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Engine start-up and device choice shared by every code path that touches DJL. Call
 * {@link #ensureOffline()} (or {@link #selectDevice}) before creating the first {@code NDManager}.
 */
public final class Engines {
    private Engines() {
    }

    /** A chosen device and, when the request could not be honoured, why (else null). */
    public record DeviceChoice(Device device, String warning) {
    }

    /**
     * Sets {@code ai.djl.offline=true}: without it DJL makes telemetry connections when the engine
     * starts. The project never needs the network at run time. Also sets the OpenMP wait policy
     * (see {@link #passiveOpenMpThreads()}).
     */
    public static void ensureOffline() {
        System.setProperty("ai.djl.offline", "true");
        passiveOpenMpThreads();
    }

    /**
     * Hands memory that libtorch freed back to the system ({@code malloc_trim(0)}); call after a
     * forward pass. Returns whether it ran (glibc only).
     *
     * <p>Why: glibc raises its mmap threshold to the size of every large block freed (up to 32 MB),
     * so after the first pass the tensors of later passes (attention maps and MLP activations,
     * 1–20 MB each) come from the malloc heaps, whose freed pages stay resident. Trimming after each
     * pass releases them. Measured on the viewer with the base model and five cached float16 clips
     * (ViewerBench, memory part, same session): 1.83 GB resident without, 1.54 GB with. Fixing the
     * thresholds with {@code mallopt} instead gave the same memory but made every pass ~20% slower (each tensor
     * then gets fresh, zero-filled pages: bench case 3, forward share of GEMM throughput 64% vs 83%).
     * Off Linux/glibc, or with {@code -Dspacetimelens.malloc=default}, it does nothing.
     */
    public static boolean releaseFreedMemory() {
        if (!Platform.isLinux() || "default".equals(System.getProperty("spacetimelens.malloc"))
                || TRIM_UNAVAILABLE.get()) {
            return false;
        }
        try {
            LibC.INSTANCE.malloc_trim(0);
            return true;
        } catch (LinkageError | RuntimeException e) {
            TRIM_UNAVAILABLE.set(true); // not glibc (or no libc through JNA): its allocator keeps its own policy
            return false;
        }
    }

    private static final AtomicBoolean TRIM_UNAVAILABLE = new AtomicBoolean();

    private static final AtomicBoolean OPENMP_POLICY_SET = new AtomicBoolean();

    /**
     * Puts {@code OMP_WAIT_POLICY=PASSIVE} into this process's environment (unless the user set it),
     * before the PyTorch engine loads its OpenMP runtime, which reads it once at start-up.
     *
     * <p>Why: by default OpenMP threads spin between parallel regions. Whenever the cores are shared
     * (the JIT and GC at start-up, the JavaFX thread, other programs), a spinning thread holds a core
     * the region's other threads need, and every operator waits for a descheduled thread. Measured on
     * the 2-core development machine under load (bench case 3 and 7, same run conditions): base-size
     * forward 10.9 s → 4.3 s, the demo's first forward 1.6–2.1 s → 0.11–0.16 s. On an idle machine
     * sleeping instead of spinning costs a futex wake per parallel operator (microseconds).
     *
     * <p>Java cannot change its own environment, so this calls libc's {@code setenv} through JNA (a
     * dependency of DJL). It has no effect once the engine is loaded, and none on Windows.
     */
    static void passiveOpenMpThreads() {
        if (!OPENMP_POLICY_SET.compareAndSet(false, true) || Platform.isWindows()) {
            return;
        }
        try {
            LibC.INSTANCE.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        } catch (LinkageError | RuntimeException e) {
            // no libc through JNA: OpenMP keeps its default policy, which is only slower under load
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        int malloc_trim(long pad);
    }

    /**
     * Resolves "auto" (GPU when DJL sees one, else CPU), "cpu" or "gpu" (falls back to CPU with a
     * warning when no GPU is usable).
     *
     * @throws IllegalArgumentException for any other spelling
     */
    public static DeviceChoice selectDevice(String spec) {
        ensureOffline();
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (!s.equals("auto") && !s.equals("cpu") && !s.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + spec + "' (expected auto, cpu or gpu)");
        }
        if (s.equals("cpu")) {
            return new DeviceChoice(Device.cpu(), null);
        }
        int gpus;
        try {
            gpus = Engine.getEngine("PyTorch").getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return new DeviceChoice(Device.cpu(), s.equals("gpu")
                    ? "GPU requested but the PyTorch engine could not query GPUs (" + e.getMessage() + "); using the CPU"
                    : null);
        }
        if (gpus > 0) {
            return new DeviceChoice(Device.gpu(), null);
        }
        return new DeviceChoice(Device.cpu(), s.equals("gpu")
                ? "GPU requested but DJL sees none: either this is the CPU build (rebuild or reinstall the GPU "
                        + "flavour: mvn -Pgpu package, or packaging/build-app.sh --flavour gpu) or no CUDA device and "
                        + "driver are usable here (check nvidia-smi); using the CPU"
                : null);
    }
}
