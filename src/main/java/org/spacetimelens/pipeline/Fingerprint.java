package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What identifies an input file in the params sidecar, so a replay can tell whether it still reads the
 * same data:
 * <ul>
 *   <li>files up to {@link #SHA256_LIMIT} bytes: their SHA-256 (and size);</li>
 *   <li>larger files: size + modification time only — hashing many gigabytes would cost more than the
 *       export itself (a 10 GB video takes ~30 s to hash), and a copy or edit almost always changes one
 *       of the two;</li>
 *   <li>frame folders: number of regular files, their total size and the latest modification time.</li>
 * </ul>
 *
 * @param method   "sha256", "size-mtime" or "folder"
 * @param sha256   hex digest ("sha256" only, else {@code null})
 * @param size     bytes (folders: the sum over their files)
 * @param modified latest modification time, ISO-8601 ("size-mtime" and "folder", else {@code null})
 * @param files    files in the folder ("folder" only, else 0)
 */
public record Fingerprint(String method, String sha256, long size, String modified, int files) {

    /** Files up to this size are hashed (256 MiB). */
    public static final long SHA256_LIMIT = 256L << 20;

    public static Fingerprint of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            long total = 0;
            long latest = 0;
            int count = 0;
            try (Stream<Path> s = Files.list(path)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        total += a.size();
                        latest = Math.max(latest, a.lastModifiedTime().toMillis());
                        count++;
                    }
                }
            }
            return new Fingerprint("folder", null, total, java.time.Instant.ofEpochMilli(latest).toString(), count);
        }
        long size = Files.size(path);
        if (size <= SHA256_LIMIT) {
            return new Fingerprint("sha256", Provenance.sha256(path), size, null, 0);
        }
        return new Fingerprint("size-mtime", null, size, Files.getLastModifiedTime(path).toInstant().toString(), 0);
    }

    /** Reads one back from its {@link #describe()} form; {@code null} when the map is not one. */
    public static Fingerprint fromMap(Map<?, ?> m) {
        if (m == null || !(m.get("method") instanceof String method)) {
            return null;
        }
        Object size = m.get("size");
        Object files = m.get("files");
        return new Fingerprint(method, (String) m.get("sha256"), size instanceof Number n ? n.longValue() : -1,
                (String) m.get("modified"), files instanceof Number f ? f.intValue() : 0);
    }

    /** Plain fields for the sidecar (absent ones left out). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        if (sha256 != null) {
            m.put("sha256", sha256);
        }
        m.put("size", size);
        if (modified != null) {
            m.put("modified", modified);
        }
        if (method.equals("folder")) {
            m.put("files", files);
        }
        return m;
    }
}
