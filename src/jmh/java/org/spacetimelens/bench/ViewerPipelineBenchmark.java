package org.spacetimelens.bench;

import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.render.MapRegion;
import org.spacetimelens.render.OverlayRenderer;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.Preprocessor;

/**
 * Issue 6, case 5 (the {@code bench} command's viewer case under JMH): an option change to an overlay
 * image ready — rollout on the base-size record (12 layers × 8 frames × 197 tokens × 12 heads), then
 * bilinear upsampling, jet and the additive blend via {@link OverlayRenderer#render}, at the 224 px crop
 * and on a 1280×720 frame (map on its centre crop). Bars: ≤ 30 ms / ≤ 60 ms.
 *
 * <p>{@code optionChange}: layer range / normalisation changes that reuse the cached fused layers;
 * {@code fusionChange}: the fused-layer cache is cleared first (a head or fusion change).
 *
 * <pre>
 * mvn -B -o -q -Pjmh package -DskipTests
 * java -jar target/benchmarks.jar ViewerPipelineBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Djava.awt.headless=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ViewerPipelineBenchmark {

    @Param({"224", "720p"})
    public String size;

    private Rollout rollout;
    private BufferedImage frame;
    private MapRegion region;
    private final OverlayRenderer renderer = new OverlayRenderer();
    private final RenderOptions options = RenderOptions.defaults();
    private final RolloutParams[] changes = {
        RolloutParams.defaults(), RolloutParams.defaults().withUpToLayer(10),
        RolloutParams.defaults().withNormalization(MapNormalization.PER_FRAME), RolloutParams.defaults().withStartLayer(1)};
    private int step;

    @Setup(Level.Trial)
    public void setUp() {
        Shapes sh = Shapes.BASE;
        AttentionRecord record = SyntheticAttention.divided(sh.layers(), sh.frames(), sh.grid(), sh.grid(), sh.heads(), 1);
        rollout = new Rollout(record);
        rollout.compute(changes[0]);
        if (size.equals("224")) {
            frame = ViewerCase.frame(224, 224);
            region = MapRegion.whole(224, 224);
        } else {
            frame = ViewerCase.frame(1280, 720);
            CropGeometry crop = new Preprocessor(PreprocessConfig.defaults(224)).geometry(1280, 720);
            region = MapRegion.ofCrop(crop, 1280, 720);
        }
    }

    @Benchmark
    public BufferedImage optionChange() {
        return overlay();
    }

    @Benchmark
    public BufferedImage fusionChange() {
        rollout.clearCache();
        return overlay();
    }

    private BufferedImage overlay() {
        int i = step++;
        AttentionMaps maps = rollout.compute(changes[i % changes.length]);
        return renderer.render(frame, maps.frame(i % maps.frames()), maps.gridH(), maps.gridW(), region, options);
    }
}
