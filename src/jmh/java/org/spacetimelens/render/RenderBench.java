package org.spacetimelens.render;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Overlay rendering cost (rollout excluded): a 14×14 map, bilinear, jet, additive — the published look —
 * onto a 224×224 crop and onto a 1280×720 frame with the map on its centre crop.
 *
 * <pre>
 * mvn -B -o -q -Pjmh compile dependency:build-classpath -Dmdep.outputFile=target/jmh.cp
 * java -cp target/classes:$(cat target/jmh.cp) org.openjdk.jmh.Main RenderBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Djava.awt.headless=true"})
public class RenderBench {

    @Param({"224", "720p"})
    public String size;

    @Param({"ADDITIVE", "ALPHA", "CONTOUR"})
    public String blend;

    private BufferedImage frame;
    private BufferedImage dst;
    private float[] map;
    private MapRegion region;
    private RenderOptions opts;
    private OverlayRenderer renderer;

    @Setup
    public void setup() {
        int w = size.equals("224") ? 224 : 1280;
        int h = size.equals("224") ? 224 : 720;
        frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(220, 180, 90)));
        g.fillRect(0, 0, w, h);
        g.dispose();
        map = new float[14 * 14];
        Random r = new Random(1);
        for (int i = 0; i < map.length; i++) {
            map[i] = r.nextFloat();
        }
        region = w == h ? MapRegion.whole(w, h) : new MapRegion((w - h) / 2.0, 0, h, h);
        opts = RenderOptions.defaults().withBlend(Blend.valueOf(blend));
        renderer = new OverlayRenderer();
        dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    /** Steady state: the viewer's renderer and destination are reused across option changes. */
    @Benchmark
    public BufferedImage reused() {
        renderer.renderInto(frame, map, 14, 14, region, opts, dst);
        return dst;
    }

    /** Cold: a fresh renderer and image each time (first render after a size change). */
    @Benchmark
    public BufferedImage fresh() {
        return new OverlayRenderer().render(frame, map, 14, 14, region, opts);
    }
}
