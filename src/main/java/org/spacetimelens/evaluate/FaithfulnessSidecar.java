package org.spacetimelens.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.Fingerprint;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Provenance;

/**
 * {@code faithfulness.params.json}: what an evaluation read (checkpoint with SHA-256, input with its
 * fingerprint and frames), the options it ran with, a few results for a glance, and versions. A plain
 * tree of maps, kept apart from the export's {@code params.json} on purpose.
 */
public final class FaithfulnessSidecar {

    private FaithfulnessSidecar() {
    }

    /** The checkpoint part (the SHA-256 is computed by the caller once per model). */
    public static Map<String, Object> checkpoint(Path given, VideoModel model, String weightsSha256) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("path", given.toAbsolutePath().normalize().toString());
        c.put("weightsFile", model.weightsFile().toAbsolutePath().normalize().toString());
        c.put("sha256", weightsSha256);
        c.put("config", model.config());
        c.put("preprocess", model.preprocess());
        c.put("device", model.deviceName());
        return c;
    }

    /** The input part of a loaded clip (path, kind, fingerprint, shape, frames). */
    public static Map<String, Object> input(LoadedClip loaded) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("path", loaded.path().toAbsolutePath().normalize().toString());
        c.put("kind", loaded.kind().name().toLowerCase(java.util.Locale.ROOT));
        c.put("fingerprint", Fingerprint.of(loaded.path()).describe());
        var t = loaded.tensor();
        c.put("shape", new int[] {t.frames(), 3, t.height(), t.width()});
        c.put("frameIndices", loaded.frameIndices());
        if (loaded.selection() != null) {
            c.put("notes", loaded.notes());
        }
        return c;
    }

    /**
     * The whole sidecar.
     *
     * @param input   from {@link #input} or any description of where the clips came from
     * @param options every option the run used (methods, steps, seed, batch size, rollout, ...)
     * @param result  one clip's result for the glance part, or null (data sets)
     */
    public static Map<String, Object> tree(String command, Map<String, Object> checkpoint, Object input,
            Map<String, Object> options, ClipFaithfulness result, List<String> labels, String toolVersion) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("createdAt", Instant.now().toString());
        root.put("protocol", "ROLLOUT.md, Faithfulness: the perturbation protocol");
        root.put("checkpoint", checkpoint);
        root.put("input", input);
        root.put("options", options);
        if (result != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("targetClass", result.targetClass());
            r.put("targetLabel", result.targetClass() < labels.size() ? labels.get(result.targetClass()) : null);
            r.put("targetChosen", result.targetChosen());
            r.put("patches", result.patches());
            r.put("cleanProbability", result.cleanProbability());
            r.put("emptyProbability", result.emptyProbability());
            r.put("perturbedClips", result.forwardClips());
            r.put("seconds", result.seconds());
            root.put("result", r);
        }
        root.put("versions", Provenance.versions(toolVersion));
        return root;
    }
}
