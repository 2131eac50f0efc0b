package org.spacetimelens.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.spacetimelens.model.Engines;

/**
 * The machine a run measured: what a reader needs to compare figures across machines.
 *
 * @param details ordered name → value pairs (cores, CPU model, Java, heap, DJL engine, device...)
 */
public record MachineInfo(Map<String, String> details) {

    public MachineInfo {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * Collects the details; starts the DJL engine to learn its version and resolve {@code device}.
     *
     * @param choice the device the DJL cases run on
     */
    static MachineInfo collect(Engines.DeviceChoice choice) {
        Map<String, String> d = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        d.put("CPU", cpuModel().orElse(System.getProperty("os.arch")));
        d.put("cores (JVM)", String.valueOf(rt.availableProcessors()));
        d.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        d.put("Java", System.getProperty("java.vm.name") + " " + Runtime.version());
        d.put("max heap", String.format(Locale.ROOT, "%.1f GB", rt.maxMemory() / 1e9));
        try {
            Engine engine = Engine.getEngine("PyTorch");
            d.put("DJL", Engine.getDjlVersion() + ", engine " + engine.getEngineName() + " " + engine.getVersion());
            d.put("GPUs visible to DJL", String.valueOf(engine.getGpuCount()));
            d.put("PyTorch threads (intra-op / inter-op)",
                    ai.djl.pytorch.jni.JniUtils.getNumThreads() + " / " + ai.djl.pytorch.jni.JniUtils.getNumInteropThreads());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            d.put("DJL", "engine unavailable: " + e.getMessage());
        }
        Device device = choice.device();
        d.put("device (DJL cases)", device + (choice.warning() == null ? "" : " (" + choice.warning() + ")"));
        return new MachineInfo(d);
    }

    /** System load average over the last minute (-1 where the OS does not report it). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The first "model name" of /proc/cpuinfo (Linux), if readable. */
    static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
