package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.testing.DamagedVideos;

/**
 * {@code export} on damaged and hostile clips ({@link DamagedVideos}): each is decoded around the damage
 * (maps written; frames the decoder had to conceal counted in one warning and in the sidecar's
 * {@code clip.decodeErrors}) or refused with exit 1, one line on stderr and nothing under {@code --out}.
 */
class DamagedVideoTest {

    @TempDir
    static Path dir;
    static Path model;
    static Map<String, Path> clips;

    /** Cases that must decode (the damage leaves frames to decode); the rest may be refused. */
    static final Set<String> DECODABLE = Set.of("bit-flips-few", "bit-flips-many", "huge-mp4-header",
            "variable-frame-rate", "truncated-mkv-0.5", "truncated-mkv-0.9", "zero-fps-y4m");

    @BeforeAll
    static void setUp() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        model = TinyModels.hfFolder(dir.resolve("model"), c, RandomWeights.generate(c, 5));
        clips = DamagedVideos.all(dir.resolve("clips"));
    }

    static Stream<String> cases() throws Exception {
        return Stream.of("bit-flips-few", "bit-flips-many", "truncated-0.02", "truncated-0.3", "truncated-0.6",
                "truncated-0.95", "truncated-mkv-0.5", "truncated-mkv-0.9", "zero-length", "huge-y4m",
                "huge-mp4-header", "zero-fps-y4m", "zero-timescale-mp4", "variable-frame-rate");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodedAroundTheDamageOrRefusedInOneLine(String name) throws Exception {
        Path clip = clips.get(name);
        Path out = dir.resolve("out-" + name);
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--clip", clip.toString(),
                "--out", out.toString(), "--format", "npz", "--pad");
        List<String> err = r.err().strip().lines().filter(l -> !l.isBlank()).toList();
        assertThat(err).as(name).noneMatch(l -> l.contains("@ 0x") || l.contains("Exception") || l.contains("\tat "));
        if (DECODABLE.contains(name)) {
            assertThat(r.code()).as(name + ": " + r.err()).isZero();
        }
        if (r.code() == 0) {
            assertThat(out.resolve("maps.npz")).as(name).exists();
            JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
            int damaged = json.at("/clip/decodeErrors").asInt(-1);
            assertThat(damaged).as(name).isGreaterThanOrEqualTo(0);
            List<String> decodeWarnings = err.stream().filter(l -> l.contains("decode errors")).toList();
            assertThat(decodeWarnings).as(name).hasSize(damaged > 0 ? 1 : 0);
            assertThat(err).as(name).allMatch(l -> l.startsWith("export: warning: "));
        } else {
            assertThat(r.code()).as(name + ": " + r.err()).isEqualTo(1);
            assertThat(err).as(name).hasSize(1);
            assertThat(err.get(0)).as(name).startsWith("export: error: ");
            assertThat(!Files.exists(out) || isEmpty(out)).as(name + ": nothing written to --out").isTrue();
        }
        if (name.equals("bit-flips-many")) {
            assertThat(r.err()).contains("sampled frames had decode errors");
        }
    }

    private static boolean isEmpty(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }
}
