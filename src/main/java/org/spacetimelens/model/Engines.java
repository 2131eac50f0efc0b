package org.spacetimelens.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

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
     * starts. The project never needs the network at run time.
     */
    public static void ensureOffline() {
        System.setProperty("ai.djl.offline", "true");
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
