package org.spacetimelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.Half;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: one forward pass with attention capture, the rollout asked for, and
 * {@code DIR/maps.npz} + {@code DIR/params.json} (everything needed to reproduce the maps).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Run the model on a preprocessed clip and write maps.npz and params.json.")
public final class ExportCommand implements Callable<Integer>, Verbosity {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    RolloutOptions rollout;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if needed)")
    Path out;

    @Option(names = "--fp16", description = "keep the attention record as float16 (half the memory)")
    boolean fp16;

    @Option(names = "--no-attentions", description = "leave spatial_attention and temporal_attention out of maps.npz")
    boolean noAttentions;

    @Option(names = "--verbose", description = "print the stack trace of errors")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        model.checkPaths();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CliException("--out " + out + " exists and is not a folder");
        }
        RolloutParams params = rollout.toParams();
        ModelOptions.ClipTensor clip = model.readClip();
        Files.createDirectories(out);
        try (TimeSformer net = model.load()) {
            TimeSformerConfig config = net.config();
            int gh = clip.height() / config.patchSize();
            int gw = clip.width() / config.patchSize();
            // fail on a bad layer/head/query before the (slow) forward pass
            params.validate(config.numLayers(), config.numHeads(), clip.frames(), gh, gw);
            long start = System.nanoTime();
            ForwardResult result = net.forward(clip.data(), clip.frames(), clip.height(), clip.width(), true, fp16);
            double forwardSeconds = (System.nanoTime() - start) / 1e9;
            AttentionRecord record = result.attention();
            AttentionMaps maps = Rollout.compute(record, params);

            Path npz = out.resolve("maps.npz");
            Map<String, long[]> arrays = writeMaps(npz, result, maps, record);
            Path json = out.resolve("params.json");
            writeParams(json, net, config, clip, params, arrays, forwardSeconds);
            spec.commandLine().getOut().println("wrote " + npz + " (" + String.join(", ", arrays.keySet()) + ") and " + json);
        }
        return 0;
    }

    private Map<String, long[]> writeMaps(Path npz, ForwardResult result, AttentionMaps maps, AttentionRecord record)
            throws java.io.IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long[] mapShape = {maps.frames(), maps.gridH(), maps.gridW()};
        try (NpzWriter writer = new NpzWriter(npz)) {
            shapes.put("logits", new long[] {result.logits().length});
            writer.write("logits", shapes.get("logits"), result.logits());
            shapes.put("rollout", mapShape);
            writer.write("rollout", mapShape, maps.values());
            shapes.put("rollout_raw", mapShape);
            writer.write("rollout_raw", mapShape, maps.raw());
            if (!noAttentions) {
                long layers = record.layers();
                long heads = record.heads();
                long[] spatial = record.type() == AttentionType.JOINT_SPACE_TIME
                        ? new long[] {layers, 1, heads, 1L + (long) record.patches() * record.frames(),
                            1L + (long) record.patches() * record.frames()}
                        : new long[] {layers, record.frames(), heads, record.tokensPerFrame(), record.tokensPerFrame()};
                shapes.put("spatial_attention", spatial);
                writer.write("spatial_attention", spatial, layerChunks(record, false));
                if (record.type() == AttentionType.DIVIDED_SPACE_TIME) {
                    long[] temporal = {layers, record.patches(), heads, record.frames(), record.frames()};
                    shapes.put("temporal_attention", temporal);
                    writer.write("temporal_attention", temporal, layerChunks(record, true));
                }
            }
        }
        return shapes;
    }

    /** One chunk per layer, float16 records widened on the fly. */
    static NpzWriter.Chunks layerChunks(AttentionRecord record, boolean temporal) {
        return new NpzWriter.Chunks() {
            @Override
            public int count() {
                return record.layers();
            }

            @Override
            public float[] chunk(int layer) {
                if (!record.isHalf()) {
                    return temporal ? record.temporalFloat(layer) : record.spatialFloat(layer);
                }
                short[] half = temporal ? record.temporalHalf(layer) : record.spatialHalf(layer);
                float[] values = new float[half.length];
                for (int i = 0; i < half.length; i++) {
                    values[i] = Half.toFloat(half[i]);
                }
                return values;
            }
        };
    }

    private void writeParams(Path json, TimeSformer net, TimeSformerConfig config, ModelOptions.ClipTensor clip,
            RolloutParams params, Map<String, long[]> arrays, double forwardSeconds) throws java.io.IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "export");
        root.put("createdAt", Instant.now().toString());
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("path", model.model.toAbsolutePath().normalize().toString());
        Path weights = net.weightsFile();
        checkpoint.put("weightsFile", weights.toAbsolutePath().normalize().toString());
        checkpoint.put("sha256", Provenance.sha256(weights));
        checkpoint.put("headsOption", model.heads);
        root.put("checkpoint", checkpoint);
        root.put("config", config);
        root.put("preprocess", net.preprocess());
        Map<String, Object> clipInfo = new LinkedHashMap<>();
        clipInfo.put("path", model.clip.toAbsolutePath().normalize().toString());
        clipInfo.put("sha256", Provenance.sha256(model.clip));
        clipInfo.put("shape", clip.shape());
        clipInfo.put("dtype", "float32");
        root.put("clip", clipInfo);
        root.put("rollout", params);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("deviceOption", model.device.name().toLowerCase(java.util.Locale.ROOT));
        run.put("device", net.deviceName());
        run.put("attentionStorage", fp16 ? "float16" : "float32");
        run.put("attentionsWritten", !noAttentions);
        run.put("forwardSeconds", forwardSeconds);
        root.put("run", run);
        root.put("outputs", Map.of("maps.npz", arrays));
        root.put("versions", Provenance.versions());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
    }
}
