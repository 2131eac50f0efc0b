package org.spacetimelens.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Where this process's memory is, at one moment: resident set from {@code /proc/self/status}
 * (anonymous and file-backed parts, and the peak), Java heap used and committed, NIO direct buffers
 * (DJL keeps CPU tensors it created from Java data there), and the JVM's own native memory when
 * Native Memory Tracking is on ({@code -XX:NativeMemoryTracking=summary}). "Heap + native" in the
 * viewer's memory bar is the resident set: everything the process holds in RAM.
 *
 * @param values name → megabytes (MiB), in a fixed order; absent where the OS does not say
 */
public record MemoryReport(Map<String, Double> values) {

    private static final double MIB = 1024.0 * 1024.0;

    /** Measures now (no GC is forced; call {@link System#gc()} first for a settled figure). */
    public static MemoryReport now() {
        Map<String, Double> v = new LinkedHashMap<>();
        Map<String, Long> status = procStatusKb();
        put(v, "resident", status.get("VmRSS"));
        put(v, "resident anonymous", status.get("RssAnon"));
        put(v, "resident file-backed", status.get("RssFile"));
        put(v, "resident peak", status.get("VmHWM"));
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        v.put("heap used", heap.getUsed() / MIB);
        v.put("heap committed", heap.getCommitted() / MIB);
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                v.put("direct buffers", b.getMemoryUsed() / MIB);
            }
        }
        return new MemoryReport(v);
    }

    /**
     * Resets this process's peak resident set ({@code VmHWM}) to its current size (Linux 4.0+:
     * {@code echo 5 > /proc/self/clear_refs}), so that the next reading's peak is of what follows; false where
     * that is not possible.
     */
    public static boolean resetPeak() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** One line: "resident 1234 MB (anonymous …, file-backed …, peak …) · heap used … / committed … · direct …". */
    public String line() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "resident %.0f MB (anonymous %.0f, file-backed %.0f, peak %.0f)",
                get("resident"), get("resident anonymous"), get("resident file-backed"), get("resident peak")));
        sb.append(String.format(Locale.ROOT, " · heap used %.0f / committed %.0f MB · direct buffers %.0f MB",
                get("heap used"), get("heap committed"), get("direct buffers")));
        return sb.toString();
    }

    private double get(String key) {
        return values.getOrDefault(key, Double.NaN);
    }

    /**
     * The JVM's Native Memory Tracking summary (heap, class, thread, code, GC, internal... but not
     * libtorch's or FFmpeg's malloc), or a line saying it is off.
     */
    public static String nativeMemorySummary() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=MB"}}, new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (Exception e) {
            return "native memory tracking unavailable: " + e.getMessage();
        }
    }

    private static void put(Map<String, Double> v, String key, Long kb) {
        if (kb != null) {
            v.put(key, kb / 1024.0);
        }
    }

    private static Map<String, Long> procStatusKb() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.endsWith("kB")) {
                    out.put(line.substring(0, colon), Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or /proc hidden: the report simply lacks the resident figures
        }
        return out;
    }
}
