package org.spacetimelens.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.render.MapRegion;
import org.spacetimelens.render.OverlayRenderer;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.Preprocessor;

/**
 * Case 5: what the viewer does on an option change, without the window: rollout with the changed
 * options, then one overlay image (bilinear upsampling, jet, additive blend — the defaults) through the
 * same {@link OverlayRenderer} call the viewer makes, at the model's crop size and on a full 1280×720
 * frame whose centre crop the map covers.
 *
 * <p>Two kinds of change: one that reuses the fused layers (layer range, query, normalisation: what a
 * slider or a click on the frame sends) and one that must fuse every layer's heads again (fusion or
 * head choice), simulated by clearing the cache before each run.
 */
final class ViewerCase {

    private static final double BAR_224_S = 30e-3;
    private static final double BAR_720_S = 60e-3;

    private ViewerCase() {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        Shapes sh = ctx.shapes;
        ctx.log("case 5: option change → overlay image");
        Rollout rollout = new Rollout(ctx.baseRecord());
        List<RolloutParams> changes = changes(sh);
        rollout.compute(changes.get(0));

        int crop = sh.imageSize();
        BufferedImage small = frame(crop, crop);
        BufferedImage hd = frame(sh.videoWidth(), sh.videoHeight());
        CropGeometry geometry = new Preprocessor(PreprocessConfig.defaults(crop)).geometry(hd.getWidth(), hd.getHeight());
        MapRegion smallRegion = MapRegion.whole(crop, crop);
        MapRegion hdRegion = MapRegion.ofCrop(geometry, hd.getWidth(), hd.getHeight());
        OverlayRenderer renderer = new OverlayRenderer();
        RenderOptions options = RenderOptions.defaults();
        int[] counter = {0};
        Measure.Action smallStep = () -> step(rollout, changes, counter, renderer, small, smallRegion, options);
        Measure.Action hdStep = () -> step(rollout, changes, counter, renderer, hd, hdRegion, options);

        int warm = ctx.reps(30, 10);
        int runs = ctx.reps(40, 10);
        Timing[] cached = Measure.interleaved(warm, 1, List.of(
                new Measure.Op("224", smallStep, runs), new Measure.Op("720p", hdStep, runs)));
        int coldRuns = ctx.reps(15, 4);
        Timing[] cold = Measure.interleaved(ctx.reps(3, 1), 1, List.of(
                new Measure.Op("224", rollout::clearCache, smallStep, coldRuns),
                new Measure.Op("720p", rollout::clearCache, hdStep, coldRuns)));

        String hdName = hd.getWidth() + "×" + hd.getHeight();
        String smallName = crop + "×" + crop;
        boolean bars = ctx.barsApply();
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.timed(5, "layer/query/normalisation change → overlay ready, " + smallName
                + " (rollout on cached fused layers + upsample + jet + blend)", cached[0], BAR_224_S, bars));
        rows.add(BenchRow.timed(5, "same, on a " + hdName + " frame (map on its centre crop)", cached[1], BAR_720_S, bars));
        rows.add(BenchRow.timed(5, "head/fusion change → overlay ready, " + smallName + " (every layer fused again)",
                cold[0], BAR_224_S, bars));
        rows.add(BenchRow.timed(5, "same, on a " + hdName + " frame", cold[1], BAR_720_S, bars));
        return rows;
    }

    private static void step(Rollout rollout, List<RolloutParams> changes, int[] counter, OverlayRenderer renderer,
            BufferedImage frame, MapRegion region, RenderOptions options) {
        int i = counter[0]++;
        AttentionMaps maps = rollout.compute(changes.get(i % changes.size()));
        int t = i % maps.frames();
        Measure.consume(renderer.render(frame, maps.frame(t), maps.gridH(), maps.gridW(), region, options));
    }

    /** Option sets that share the fused layers (the cache key holds fusion, heads, discard, residual). */
    private static List<RolloutParams> changes(Shapes sh) {
        RolloutParams d = RolloutParams.defaults();
        int mid = sh.grid() / 2;
        return List.of(d,
                d.withUpToLayer(sh.layers() - 2),
                d.withNormalization(MapNormalization.PER_FRAME),
                d.withQuery(QueryToken.patch(mid, mid, sh.frames() / 2)),
                d.withStartLayer(1),
                d.withUpToLayer(sh.layers() / 2));
    }

    /** A textured frame: gradients and shapes, so nothing is uniform. */
    static BufferedImage frame(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(220, 180, 90)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(230, 80, 40));
        g.fillOval(w / 3, h / 3, w / 4, h / 4);
        g.setColor(new Color(30, 140, 60));
        g.fillRect(w / 2, h / 2, w / 5, h / 3);
        g.dispose();
        return img;
    }
}
