package org.spacetimelens.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code params.json} sidecar: written by {@link ClipExport} (and by the viewer beside its exports),
 * read back for {@code export --replay}. The part a replay needs:
 * <ul>
 *   <li>{@code replay}: the {@code spacetime-lens export} arguments, every option spelled out (defaults
 *       included, so a later change of defaults does not change the replay), starting with {@code "export"};</li>
 *   <li>{@code clip.path} and {@code clip.fingerprint} ({@link Fingerprint}): to refuse replaying on an input
 *       that changed.</li>
 * </ul>
 */
public final class Sidecar {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Sidecar() {
    }

    /** Writes a sidecar (any tree of maps, lists, records and plain values) as indented JSON. */
    public static void write(Path file, Map<String, Object> root) throws IOException {
        JSON.writeValue(file.toFile(), root);
    }

    /**
     * What a replay reads from a sidecar.
     *
     * @param args          the recorded {@code export} arguments
     * @param input         the recorded input ({@code clip.path}), or {@code null}
     * @param fingerprint   the input's recorded fingerprint, or {@code null}
     * @param weightsFile   the checkpoint's weights file ({@code checkpoint.weightsFile}), or {@code null}
     * @param weightsSha256 its recorded SHA-256, or {@code null}
     */
    public record Replay(List<String> args, Path input, Fingerprint fingerprint, Path weightsFile,
                         String weightsSha256) {
        public Replay {
            args = List.copyOf(args);
        }
    }

    /**
     * Reads the replay arguments and the recorded input of a sidecar.
     *
     * @throws IOException naming the file when it is not JSON or has no {@code replay} list of strings
     */
    public static Replay readReplay(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a params.json sidecar (invalid JSON: " + e.getOriginalMessage() + ")");
        }
        JsonNode replay = root == null ? null : root.get("replay");
        if (replay == null || !replay.isArray() || replay.isEmpty()) {
            throw new IOException(file + ": has no \"replay\" argument list; only sidecars written by export or the "
                    + "viewer can be replayed");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : replay) {
            if (!a.isTextual()) {
                throw new IOException(file + ": \"replay\" must be a list of strings, found " + a);
            }
            args.add(a.asText());
        }
        JsonNode clip = root.get("clip");
        Path input = clip != null && clip.hasNonNull("path") ? Path.of(clip.get("path").asText()) : null;
        Fingerprint fp = clip != null && clip.has("fingerprint")
                ? Fingerprint.fromMap(JSON.convertValue(clip.get("fingerprint"), Map.class)) : null;
        JsonNode ckpt = root.get("checkpoint");
        Path weights = ckpt != null && ckpt.hasNonNull("weightsFile") ? Path.of(ckpt.get("weightsFile").asText()) : null;
        String sha = ckpt != null && ckpt.hasNonNull("sha256") ? ckpt.get("sha256").asText() : null;
        return new Replay(args, input, fp, weights, sha);
    }
}
