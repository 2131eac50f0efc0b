package org.spacetimelens.render;

import java.nio.file.Path;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.CropGeometry;

/** Writes example figures for a person to look at: {@code FigureDemo OUTPUT_DIR}. Not a test. */
public final class FigureDemo {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/render-demo");
        Clip clip = Synthetic.clip(640, 360, 8, 8);
        CropGeometry crop = Synthetic.centreCrop(640, 360);
        AttentionMaps maps = Synthetic.maps(crop, 8, 14);
        FigureCaption cap = new FigureCaption("TimeSformer-base K400", "attention rollout (space-time)",
                "layers 0–11", "heads: mean", "juggling balls", 0.873);
        RenderOptions o = RenderOptions.defaults();
        PngExporter.write(ContactSheet.render(clip, maps, crop, cap, o, FigureOptions.defaults()), dir.resolve("sheet.png"));
        PngExporter.write(ContactSheet.render(clip, maps, crop, cap, o.withBarUnits(BarUnits.RAW).withColormap(Colormap.VIRIDIS)
                .withBlend(Blend.ALPHA).withValueWeighted(true).withOpacity(0.8f),
                FigureOptions.defaults().withFullFrame(true).withMaxColumns(4)), dir.resolve("sheet-full-alpha.png"));
        PngExporter.write(ContactSheet.render(clip, maps, crop, cap, o.withBlend(Blend.CONTOUR).withColormap(Colormap.TURBO),
                FigureOptions.defaults().withScale(2)), dir.resolve("sheet-contour-2x.png"));
        PngExporter.write(AnnotatedFrame.render(clip.frames().get(5), maps, 5, crop, clip.frameIndices()[5],
                clip.timestamps()[5], cap, o, FigureOptions.defaults().withFullFrame(true).withTileSize(360)),
                dir.resolve("annotated-full.png"));
        PngExporter.write(AnnotatedFrame.render(clip.frames().get(5), maps, 5, crop, clip.frameIndices()[5],
                clip.timestamps()[5], cap, o.withUpsampling(Upsampling.NEAREST).withShowGrid(true).withColormap(Colormap.INFERNO)
                        .withBlend(Blend.ALPHA), FigureOptions.defaults().withTileSize(320)),
                dir.resolve("annotated-nearest-grid.png"));
        PngExporter.write(new OverlayRenderer().render(clip.frames().get(3), maps.frame(3), 14, 14, crop, o),
                dir.resolve("overlay-full.png"));
        System.out.println("wrote figures to " + dir);
    }
}
