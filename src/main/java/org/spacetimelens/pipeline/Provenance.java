package org.spacetimelens.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checksums, input fingerprints and version strings recorded in params.json. */
public final class Provenance {

    private Provenance() {
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** CPU time of the whole process (all threads, native code included) in nanoseconds, or -1 when unknown. */
    public static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Tool, Java, DJL, engine and OS versions (the engine is already started by the model).
     *
     * @param toolVersion the tool's version when the jar manifest does not say (classes run from a build folder)
     */
    public static Map<String, String> versions(String toolVersion) {
        Map<String, String> v = new LinkedHashMap<>();
        String tool = Provenance.class.getPackage().getImplementationVersion();
        v.put("spacetimeLens", tool != null ? tool : toolVersion);
        v.put("java", System.getProperty("java.runtime.version"));
        v.put("djl", ai.djl.engine.Engine.getDjlVersion());
        try {
            ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
            v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        } catch (RuntimeException e) {
            v.put("engine", "unavailable: " + e.getMessage());
        }
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return v;
    }
}
