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
        returnFreedTensorMemory();
    }

    private static final AtomicBoolean MALLOC_POLICY_SET = new AtomicBoolean();
    /** Allocations at least this large get their own mapping, returned to the system when freed. */
    static final int MMAP_THRESHOLD_BYTES = 1 << 20;
    /** Free memory at the top of a malloc heap beyond this is returned to the system. */
    static final int TRIM_THRESHOLD_BYTES = 8 << 20;

    /**
     * Fixes glibc's mmap and trim thresholds ({@code mallopt}) so that memory libtorch frees after a
     * forward pass goes back to the system.
     *
     * <p>Why: glibc raises its mmap threshold to the size of every large block freed (up to 32 MB),
     * so after the first pass most tensors of a later pass (attention maps and MLP activations,
     * 1–20 MB each) come from the malloc heaps, which fragment and keep their pages. Measured on the
     * viewer with the base model and five cached clips (ViewerBench, memory part): 2.15 GB resident
     * with glibc's defaults, 1.5 GB with fixed thresholds. Calling {@code mallopt} also turns the
     * dynamic adjustment off. Skipped where the user set {@code MALLOC_MMAP_THRESHOLD_} or
     * {@code MALLOC_TRIM_THRESHOLD_}, and off Linux/glibc (the call simply fails to link).
     */
    static void returnFreedTensorMemory() {
        if (!MALLOC_POLICY_SET.compareAndSet(false, true) || !Platform.isLinux()
                || "default".equals(System.getProperty("spacetimelens.malloc"))) {
            return;
        }
        try {
            if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null) {
                LibC.INSTANCE.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
            }
            if (System.getenv("MALLOC_TRIM_THRESHOLD_") == null) {
                LibC.INSTANCE.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // not glibc: its allocator keeps its own policy
        }
    }

    /** glibc's {@code mallopt} parameter numbers (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

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
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // no libc through JNA: OpenMP keeps its default policy, which is only slower under load
        }
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        int mallopt(int param, int value);
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
