package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.OverlayRenderer;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoSource;
import org.spacetimelens.video.testing.TestVideos;

/**
 * {@code export} on synthetic videos (frames that say their own index) with a tiny random checkpoint
 * (4 frames, 16 px, 2×2 patch grid): every format decodes back with the right size and frame count, the
 * npz's frame indices are the sampler's, overlays equal an independent rendering of the npz's maps,
 * replays reproduce, sampling edge cases are reported.
 */
class VideoExportTest {

    static final int FRAMES = 40;
    static final int W = 64;
    static final int H = 48;

    @TempDir
    static Path assets;

    static Path model;
    static Path video;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeModelAndVideo() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        model = TinyModels.hfFolder(assets.resolve("tiny-model"), c, RandomWeights.generate(c, 7));
        video = TestVideos.write(assets.resolve("clip.mp4"), FRAMES, W, H);
    }

    static CliErrorsTest.Result export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--model", model.toString()));
        all.addAll(List.of(args));
        return CliErrorsTest.run(all.toArray(String[]::new));
    }

    static Map<String, float[]> npz(Path out, Map<String, long[]> shapes) throws Exception {
        return TinyModels.readNpz(out.resolve("maps.npz"), shapes);
    }

    static int[] ints(float[] values) {
        return java.util.stream.IntStream.range(0, values.length).map(i -> Math.round(values[i])).toArray();
    }

    @Test
    void everyFormatDecodesBackWithTheExpectedSizeAndFrameCount() throws Exception {
        Path out = dir.resolve("all");
        CliErrorsTest.Result r = export("--clip", video.toString(), "--out", out.toString(),
                "--format", "npz,png,sheet,mp4,gif,webm");
        assertThat(r.code()).as(r.err()).isZero();

        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> maps = npz(out, shapes);
        int[] expected = ClipSampler.uniform(FRAMES, 4);
        assertThat(ints(maps.get("frame_indices"))).containsExactly(expected);
        assertThat(shapes.get("frame_indices")).containsExactly(4);
        for (int t = 0; t < 4; t++) {
            assertThat(maps.get("timestamps")[t]).isCloseTo(expected[t] / 25f, org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(shapes.get("rollout")).containsExactly(4, 2, 2);
        assertThat(maps).containsKeys("logits", "rollout_raw", "spatial_attention", "temporal_attention");

        List<Path> pngs = list(out.resolve("overlays"));
        assertThat(pngs).hasSize(4);
        for (int t = 0; t < 4; t++) {
            assertThat(pngs.get(t).getFileName().toString()).isEqualTo(String.format("overlay_t%02d_%06d.png", t, expected[t]));
            BufferedImage png = ImageIO.read(pngs.get(t).toFile());
            assertThat(png.getWidth()).isEqualTo(W);
            assertThat(png.getHeight()).isEqualTo(H);
        }
        BufferedImage sheet = ImageIO.read(out.resolve("sheet.png").toFile());
        assertThat(sheet.getWidth()).isGreaterThan(4 * 224 * W / H); // four full-frame tiles 224 px tall
        assertThat(sheet.getHeight()).isGreaterThan(2 * 224);

        for (String ext : List.of("mp4", "gif", "webm")) {
            try (VideoSource v = VideoSource.open(out.resolve("overlay." + ext))) {
                assertThat(v.info().frameCount()).as(ext).isEqualTo(FRAMES);
                assertThat(v.info().width()).as(ext).isEqualTo(W);
                assertThat(v.info().height()).as(ext).isEqualTo(H);
                assertThat(v.info().fps()).as(ext).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.5));
            }
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(json.at("/clip/frameIndices").toString()).isEqualTo(Arrays.toString(expected).replace(" ", ""));
        assertThat(json.at("/clip/fingerprint/method").asText()).isEqualTo("sha256");
        assertThat(json.at("/clip/sampling/mode").asText()).isEqualTo("uniform");
        assertThat(json.at("/clip/crop/cropSize").asInt()).isEqualTo(16);
        assertThat(json.at("/preprocess/shortestEdge").asInt()).isEqualTo(16);
        assertThat(json.at("/render/colormap").asText()).isEqualTo("jet");
        assertThat(json.at("/formats").toString()).isEqualTo("[\"npz\",\"png\",\"sheet\",\"mp4\",\"gif\",\"webm\"]");
        assertThat(json.at("/outputs/overlay.mp4/frames").asInt()).isEqualTo(FRAMES);
        assertThat(json.at("/replay/0").asText()).isEqualTo("export");
    }

    /** The PNG of clip position t is the renderer's picture of source frame idx[t] under the npz's map t. */
    @Test
    void overlayPngsAreTheNpzMapsDrawnOnTheSampledFrames() throws Exception {
        Path out = dir.resolve("png");
        CliErrorsTest.Result r = export("--clip", video.toString(), "--out", out.toString(), "--format", "npz,png",
                "--colormap", "viridis", "--blend", "alpha", "--opacity", "0.7", "--upsample", "nearest");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, float[]> maps = npz(out, new HashMap<>());
        int[] idx = ints(maps.get("frame_indices"));
        CropGeometry geom = new Preprocessor(PreprocessConfig.defaults(16)).geometry(W, H);
        RenderOptions opts = RenderOptions.defaults().withColormap(Colormap.VIRIDIS).withBlend(Blend.ALPHA)
                .withOpacity(0.7f).withUpsampling(Upsampling.NEAREST);
        List<Path> pngs = list(out.resolve("overlays"));
        try (VideoSource src = VideoSource.open(video)) {
            for (int t = 0; t < 4; t++) {
                float[] map = Arrays.copyOfRange(maps.get("rollout"), t * 4, t * 4 + 4);
                BufferedImage want = new OverlayRenderer().render(src.frame(idx[t]), map, 2, 2, geom, opts);
                BufferedImage got = ImageIO.read(pngs.get(t).toFile());
                assertThat(TestVideos.samePixels(got, want)).as("overlay %d", t).isTrue();
            }
        }
    }

    /** With a transparent blend the overlay video shows the source frames, in order, one per source frame. */
    @Test
    void overlayVideoFramesFollowTheSourceFramesOverTheChosenSpan() throws Exception {
        Path out = dir.resolve("span");
        CliErrorsTest.Result r = export("--clip", video.toString(), "--out", out.toString(), "--format", "npz,mp4,gif",
                "--sampling", "window", "--at", "20", "--rate", "3", "--video-span", "clip", "--between", "linear",
                "--blend", "alpha", "--opacity", "0", "--outside", "keep");
        assertThat(r.code()).as(r.err()).isZero();
        int[] idx = ints(npz(out, new HashMap<>()).get("frame_indices"));
        assertThat(idx).containsExactly(ClipSampler.window(FRAMES, 4, 3, 20));
        for (String ext : List.of("mp4", "gif")) {
            try (VideoSource v = VideoSource.open(out.resolve("overlay." + ext))) {
                assertThat(v.info().frameCount()).as(ext).isEqualTo(idx[3] - idx[0] + 1);
                for (int k = 0; k < v.info().frameCount(); k++) {
                    assertThat(TestVideos.indexOf(v.frame(k))).as("%s frame %d", ext, k).isEqualTo(idx[0] + k);
                }
            }
        }
    }

    @Test
    void cropOverlaysAreTheCropSquareAtSourceSize() throws Exception {
        Path out = dir.resolve("crop");
        CliErrorsTest.Result r = export("--clip", video.toString(), "--out", out.toString(), "--format", "png,mp4",
                "--on", "crop");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("maps.npz")).doesNotExist();
        for (Path p : list(out.resolve("overlays"))) {
            BufferedImage png = ImageIO.read(p.toFile());
            assertThat(png.getWidth()).isEqualTo(H);
            assertThat(png.getHeight()).isEqualTo(H);
        }
        try (VideoSource v = VideoSource.open(out.resolve("overlay.mp4"))) {
            assertThat(v.info().frameCount()).isEqualTo(FRAMES);
            assertThat(v.info().width()).isEqualTo(H);
        }
    }

    @Test
    void replayReproducesTheArraysAndRefusesAChangedInput() throws Exception {
        Path copy = Files.copy(video, dir.resolve("mine.mp4"));
        Path first = dir.resolve("first");
        CliErrorsTest.Result r = export("--clip", copy.toString(), "--out", first.toString(), "--format", "npz,png",
                "--sampling", "window", "--rate", "4", "--at", "9", "--fusion", "max", "--discard-ratio", "0.2",
                "--query", "1,0,2", "--colormap", "magma", "--fp16");
        assertThat(r.code()).as(r.err()).isZero();
        Path second = dir.resolve("second");
        CliErrorsTest.Result replay = CliErrorsTest.run("export", "--replay", first.resolve("params.json").toString(),
                "--out", second.toString());
        assertThat(replay.code()).as(replay.err()).isZero();

        Map<String, long[]> shapesA = new HashMap<>();
        Map<String, long[]> shapesB = new HashMap<>();
        Map<String, float[]> a = npz(first, shapesA);
        Map<String, float[]> b = npz(second, shapesB);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) {
            assertThat(b.get(k)).as(k).containsExactly(a.get(k));
            assertThat(shapesB.get(k)).as(k).containsExactly(shapesA.get(k));
        }
        List<Path> pa = list(first.resolve("overlays"));
        List<Path> pb = list(second.resolve("overlays"));
        assertThat(pb).hasSameSizeAs(pa);
        for (int i = 0; i < pa.size(); i++) {
            assertThat(TestVideos.samePixels(ImageIO.read(pa.get(i).toFile()), ImageIO.read(pb.get(i).toFile()))).isTrue();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode ja = json.readTree(first.resolve("params.json").toFile());
        JsonNode jb = json.readTree(second.resolve("params.json").toFile());
        for (String key : List.of("/rollout", "/render", "/clip/sampling", "/clip/frameIndices", "/run/attentionStorage")) {
            assertThat(jb.at(key)).as(key).isEqualTo(ja.at(key));
        }
        assertThat(ja.at("/rollout/fusion").asText()).isEqualTo("MAX");
        String replayArgs = ja.get("replay").toString();
        assertThat(replayArgs).contains("\"--device\",\"cpu\"").contains("\"--sampling\",\"window\",\"--at\",\"9\"")
                .contains("\"--fp16\"").contains("\"--colormap\",\"magma\"");

        CliErrorsTest.Result extra = CliErrorsTest.run("export", "--replay", first.resolve("params.json").toString(),
                "--out", second.toString(), "--colormap", "jet");
        assertThat(extra.code()).isEqualTo(1);
        assertThat(extra.err()).contains("only --out").contains("--colormap");

        TestVideos.write(copy, FRAMES + 2, W, H); // the input changes
        CliErrorsTest.Result changed = CliErrorsTest.run("export", "--replay", first.resolve("params.json").toString(),
                "--out", dir.resolve("third").toString());
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.err().strip().lines()).hasSize(1);
        assertThat(changed.err()).contains("mine.mp4 changed since");
    }

    @Test
    void windowSamplingClampsToTheVideoAndReportsAReducedRate() throws Exception {
        Path out = dir.resolve("clamp");
        CliErrorsTest.Result r = export("--clip", video.toString(), "--out", out.toString(), "--format", "npz",
                "--at", "38", "--rate", "5"); // --at/--rate imply window sampling
        assertThat(r.code()).as(r.err()).isZero();
        int[] idx = ints(npz(out, new HashMap<>()).get("frame_indices"));
        assertThat(idx).containsExactly(ClipSampler.window(FRAMES, 4, 5, 38)).containsExactly(24, 29, 34, 39);
        assertThat(r.err()).contains("warning").contains("moved to frames 24..39");

        Path reduced = dir.resolve("reduced");
        r = export("--clip", video.toString(), "--out", reduced.toString(), "--format", "npz", "--sampling", "window");
        assertThat(r.code()).as(r.err()).isZero();
        idx = ints(npz(reduced, new HashMap<>()).get("frame_indices"));
        assertThat(idx).containsExactly(ClipSampler.window(FRAMES, 4, 32, FRAMES / 2));
        assertThat(idx[1] - idx[0]).isEqualTo(13);
        assertThat(r.err()).contains("rate reduced to 13");
        JsonNode json = new ObjectMapper().readTree(reduced.resolve("params.json").toFile());
        assertThat(json.at("/clip/sampling/rate").asInt()).isEqualTo(32);
        assertThat(json.at("/clip/sampling/rateUsed").asInt()).isEqualTo(13);

        r = export("--clip", video.toString(), "--out", dir.resolve("x").toString(), "--sampling", "uniform", "--at", "3");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--at and --rate apply to --sampling window");
    }

    @Test
    void shortVideosFailUnlessPaddedAndExplicitFramesAreChecked() throws Exception {
        Path tiny = TestVideos.write(dir.resolve("three.mp4"), 3, W, H);
        CliErrorsTest.Result r = export("--clip", tiny.toString(), "--out", dir.resolve("a").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("3 frames").contains("--pad");

        r = export("--clip", tiny.toString(), "--out", dir.resolve("b").toString(), "--pad", "--format", "npz,png");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ints(npz(dir.resolve("b"), new HashMap<>()).get("frame_indices"))).containsExactly(0, 1, 2, 2);
        assertThat(list(dir.resolve("b").resolve("overlays"))).hasSize(4); // a repeated frame keeps its own PNG

        r = export("--clip", video.toString(), "--out", dir.resolve("c").toString(), "--frames", "3,1,39,7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ints(npz(dir.resolve("c"), new HashMap<>()).get("frame_indices"))).containsExactly(3, 1, 39, 7);

        r = export("--clip", video.toString(), "--out", dir.resolve("d").toString(), "--frames", "3,40");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("frame 40 requested but the video has 40 frames");

        r = export("--clip", video.toString(), "--out", dir.resolve("e").toString(), "--frames", "1,2", "--rate", "4");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--frames chooses the frames itself");
    }

    @Test
    void tensorClipsDrawOnTheirOwnPicturesButMakeNoVideos() throws Exception {
        Path clip = TinyModels.clip(dir.resolve("clip.npy"), RandomWeights.clip(3, 4, 3, 16, 16), 4, 16, 16);
        CliErrorsTest.Result r = export("--clip", clip.toString(), "--out", dir.resolve("t").toString(), "--format",
                "npz,png,sheet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(list(dir.resolve("t").resolve("overlays"))).hasSize(4);
        assertThat(ints(npz(dir.resolve("t"), new HashMap<>()).get("frame_indices"))).containsExactly(0, 1, 2, 3);

        r = export("--clip", clip.toString(), "--out", dir.resolve("u").toString(), "--format", "mp4");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("format mp4 needs a video");
        r = export("--clip", clip.toString(), "--out", dir.resolve("v").toString(), "--sampling", "window");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("apply to videos");
    }

    /** A frame that fails to decode during the overlay video ends the export with its name, no hang, no partial video. */
    @Test
    void anUndecodableFrameFailsTheOverlayVideoCleanly() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 12; i++) {
            ImageIO.write(TestVideos.pattern(i, 32, 32), "png", frames.resolve(String.format("img_%05d.png", i + 1)).toFile());
        }
        Files.write(frames.resolve("img_00010.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path out = dir.resolve("broken");
        CliErrorsTest.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60), () -> export("--clip", frames.toString(), "--out", out.toString(),
                        "--frames", "0,1,2,3", "--format", "npz,mp4"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("img_00010.png");
        assertThat(out.resolve("overlay.mp4")).doesNotExist();

        r = export("--clip", frames.toString(), "--out", dir.resolve("ok").toString(), "--frames", "0,1,2,3",
                "--format", "mp4", "--video-span", "clip");
        assertThat(r.code()).as(r.err()).isZero();
        try (VideoSource v = VideoSource.open(dir.resolve("ok").resolve("overlay.mp4"))) {
            assertThat(v.info().frameCount()).isEqualTo(4);
        }
    }

    /** A real H.264 file with B-frames: the overlay video has one frame per source frame, the sheet's frames are the sampled ones. */
    @Test
    void aRealVideoWithBFramesExportsEveryFrame() throws Exception {
        String root = System.getProperty("spacetimelens.shared");
        org.junit.jupiter.api.Assumptions.assumeTrue(root != null, "spacetimelens.shared not set");
        Path real = Path.of(root, "videos", "arm_wrestling_h264_high_bframes.mp4");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(real), "shared video absent");
        Path out = dir.resolve("real");
        CliErrorsTest.Result r = export("--clip", real.toString(), "--out", out.toString(), "--format", "npz,mp4",
                "--video-span", "all");
        assertThat(r.code()).as(r.err()).isZero();
        try (VideoSource src = VideoSource.open(real); VideoSource v = VideoSource.open(out.resolve("overlay.mp4"))) {
            assertThat(v.info().frameCount()).isEqualTo(src.info().frameCount()).isEqualTo(280);
            assertThat(v.info().width()).isEqualTo(340);
            assertThat(v.info().height()).isEqualTo(256);
            assertThat(v.info().fps()).isCloseTo(src.info().fps(), org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(ints(npz(out, new HashMap<>()).get("frame_indices"))).containsExactly(ClipSampler.uniform(280, 4));
    }

    /** With neither --model nor --clip the demo assets are used (skipped where the demo is not built yet). */
    @Test
    void theDemoAssetsAreTheDefault() throws Exception {
        var demo = org.spacetimelens.demo.DemoAssets.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(demo.isPresent() && Files.exists(demo.get().video()),
                "demo assets not found");
        Path out = dir.resolve("demo");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--out", out.toString(), "--format", "npz");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("using the demo model");
        JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(Path.of(json.at("/clip/path").asText())).isEqualTo(demo.get().video().toAbsolutePath().normalize());
    }

    static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
