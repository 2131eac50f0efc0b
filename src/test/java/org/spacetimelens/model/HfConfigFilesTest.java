package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.testing.TinyConfigs;

class HfConfigFilesTest {
    @TempDir
    Path dir;

    private Path json(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void missingFieldsTakeTheHfDefaults() throws Exception {
        TimeSformerConfig c = HfConfigFiles.readConfig(json("config.json", "{}"));
        assertThat(c).isEqualTo(new TimeSformerConfig(224, 16, 3, 8, 768, 12, 12, 3072, "gelu", 1e-6, true,
                AttentionType.DIVIDED_SPACE_TIME, 2, java.util.List.of("LABEL_0", "LABEL_1")));
        assertThat(HfConfigFiles.readConfig(json("c2.json", "{\"num_labels\": 3}")).labels())
                .containsExactly("LABEL_0", "LABEL_1", "LABEL_2");
        assertThat(HfConfigFiles.readConfig(json("c3.json", "{}"), 400).numLabels()).isEqualTo(400);
    }

    @Test
    void realStyleConfigIsParsedWithLabelsOrderedById() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 11; i >= 0; i--) { // keys out of order and "10" sorting before "2" as strings
            labels.append(i == 11 ? "" : ",").append("\"").append(i).append("\": \"label ").append(i).append("\"");
        }
        TimeSformerConfig c = HfConfigFiles.readConfig(json("config.json", "{\"architectures\": "
                + "[\"TimesformerForVideoClassification\"], \"attention_type\": \"divided_space_time\", "
                + "\"hidden_size\": 768, \"image_size\": 448, \"num_frames\": 16, \"layer_norm_eps\": 1e-06, "
                + "\"model_type\": \"timesformer\", \"qkv_bias\": true, \"id2label\": {" + labels + "}}"));
        assertThat(c.imageSize()).isEqualTo(448);
        assertThat(c.numFrames()).isEqualTo(16);
        assertThat(c.numLabels()).isEqualTo(12);
        assertThat(c.labels().get(2)).isEqualTo("label 2");
        assertThat(c.labels().get(10)).isEqualTo("label 10");
        assertThat(c.gridSize()).isEqualTo(28);
    }

    @Test
    void writtenConfigReadsBackEqual() throws Exception {
        for (AttentionType t : AttentionType.values()) {
            TimeSformerConfig c = TinyConfigs.withQkvBias(TinyConfigs.of(t, 3, 32, 4, 6, 32, 8, 4), false, 1e-5);
            Path f = dir.resolve(t + ".json");
            HfConfigFiles.writeConfig(f, c);
            assertThat(HfConfigFiles.readConfig(f)).isEqualTo(c);
        }
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("a.json", "{\"attention_type\": \"axial\"}")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("a.json")
                .hasMessageContaining("'attention_type'").hasMessageContaining("axial");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("b.json", "{\"hidden_act\": \"gelu_new\"}")))
                .hasMessageContaining("'hidden_act'").hasMessageContaining("gelu_new");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("c.json", "{\"hidden_size\": 100, \"num_attention_heads\": 12}")))
                .hasMessageContaining("not divisible");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("d.json", "{\"num_frames\": -2}")))
                .hasMessageContaining("'num_frames' must be a positive integer");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("e.json", "{\"image_size\": \"big\"}")))
                .hasMessageContaining("'image_size'");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("f.json", "{\"id2label\": {\"0\": \"a\", \"2\": \"c\"}}")))
                .hasMessageContaining("id 1 is missing");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("g.json", "{\"id2label\": {\"x\": \"a\"}}")))
                .hasMessageContaining("non-integer id 'x'");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("h.json", "{\"model_type\": \"videomae\"}")))
                .hasMessageContaining("'model_type'");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("i.json", "{\"hidden_size\": 768,")))
                .hasMessageContaining("i.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(json("j.json", "{\"image_size\": [224, 160]}")))
                .hasMessageContaining("only square");
        assertThatThrownBy(() -> HfConfigFiles.readConfig(dir.resolve("none.json"))).hasMessageContaining("not found");
    }

    @Test
    void preprocessorSizesInEveryHfSpelling() throws Exception {
        PreprocessConfig a = HfConfigFiles.readPreprocess(json("p1.json", "{\"size\": {\"shortest_edge\": 448}, "
                + "\"crop_size\": {\"height\": 448, \"width\": 448}, \"rescale_factor\": 0.00392156862745098, "
                + "\"image_mean\": [0.45, 0.45, 0.45], \"image_std\": [0.225, 0.225, 0.225]}"));
        assertThat(a.shortestEdge()).isEqualTo(448);
        assertThat(a.cropSize()).isEqualTo(448);
        assertThat(a.rescaleFactor()).isEqualTo(1 / 255.0, org.assertj.core.data.Offset.offset(1e-12));
        PreprocessConfig b = HfConfigFiles.readPreprocess(json("p2.json", "{\"size\": 256, \"crop_size\": 224}"));
        assertThat(b.shortestEdge()).isEqualTo(256);
        assertThat(b.cropSize()).isEqualTo(224);
        // fields left out take VideoMAEImageProcessor's defaults, as from_pretrained does
        assertThat(b.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(b.std()).containsExactly(0.5f, 0.5f, 0.5f);
        PreprocessConfig c = HfConfigFiles.readPreprocess(json("p3.json", "{\"size\": {\"height\": 240, \"width\": 320}, "
                + "\"image_mean\": [0.485, 0.456, 0.406], \"image_std\": 0.5, \"do_rescale\": false}"));
        assertThat(c.shortestEdge()).isEqualTo(240);
        assertThat(c.cropSize()).as("HF's default crop").isEqualTo(224);
        assertThat(c.exactResize()).as("HF resizes {height, width} exactly").isTrue();
        assertThat(c.resizeWidth()).isEqualTo(320);
        assertThat(c.resizeHeight()).isEqualTo(240);
        assertThat(a.exactResize()).isFalse();
        assertThat(b.exactResize()).isFalse();
        Path exact = dir.resolve("exact.json");
        HfConfigFiles.writePreprocess(exact, c);
        PreprocessConfig exactBack = HfConfigFiles.readPreprocess(exact);
        assertThat(exactBack.resizeWidth()).isEqualTo(320);
        assertThat(exactBack.resizeHeight()).isEqualTo(240);
        assertThat(c.mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(c.std()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(c.rescaleFactor()).isEqualTo(1.0);
        PreprocessConfig d = HfConfigFiles.readPreprocess(json("p4.json", "{}"));
        assertThat(d.shortestEdge()).isEqualTo(224);
        assertThat(d.cropSize()).isEqualTo(224);
        assertThat(d.exactResize()).isFalse();
        assertThat(d.rescaleFactor()).isEqualTo(1 / 255.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> HfConfigFiles.readPreprocess(json("p5.json", "{\"crop_size\": {\"h\": 1}}")))
                .hasMessageContaining("p5.json").hasMessageContaining("'crop_size'");
        assertThatThrownBy(() -> HfConfigFiles.readPreprocess(json("p6.json", "{\"image_std\": [1, 0, 1]}")))
                .hasMessageContaining("'image_std' must be positive");
        PreprocessConfig round = PreprocessConfig.defaults(448);
        Path w = dir.resolve("written.json");
        HfConfigFiles.writePreprocess(w, round);
        PreprocessConfig back = HfConfigFiles.readPreprocess(w);
        assertThat(back.shortestEdge()).isEqualTo(448);
        assertThat(back.cropSize()).isEqualTo(448);
        assertThat(back.mean()).containsExactly(round.mean());
        assertThat(back.std()).containsExactly(round.std());
    }
}
