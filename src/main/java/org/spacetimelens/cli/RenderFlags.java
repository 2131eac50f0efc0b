package org.spacetimelens.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.VideoSpan;
import org.spacetimelens.render.BarUnits;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.MapTimeline;
import org.spacetimelens.render.OutsideCrop;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.render.Upsampling;
import picocli.CommandLine.Option;

/** What {@code export} writes and how maps are drawn (a picocli mixin). */
public final class RenderFlags {

    @Option(names = "--format", paramLabel = "F[,F...]",
            description = "any of npz, png, sheet, mp4, gif, webm (default npz,sheet; npz for a .npy clip)")
    String formats;

    @Option(names = "--on", paramLabel = "full|crop",
            description = "draw maps on the full source frame (default; outside the model's crop dimmed) or on the "
                    + "crop alone")
    String on = "full";

    @Option(names = "--video-span", paramLabel = "all|clip",
            description = "overlay video of the whole source video (default) or from the clip's first to last frame")
    String videoSpan = "all";

    @Option(names = "--between", paramLabel = "hold|linear",
            description = "maps of video frames between sampled ones: nearest sampled map (default) or interpolated")
    String between = "hold";

    @Option(names = "--colormap", paramLabel = "NAME",
            description = "jet (default), viridis, inferno, magma, turbo or gray")
    String colormap = "jet";

    @Option(names = "--blend", paramLabel = "additive|alpha|contour",
            description = "additive (published look, default), alpha (--opacity) or contour lines")
    String blend = "additive";

    @Option(names = "--opacity", paramLabel = "A", description = "heat weight of the alpha blend, 0..1 (default 0.5)")
    float opacity = 0.5f;

    @Option(names = {"--upsample", "--upsampling"}, paramLabel = "bilinear|nearest",
            description = "patch grid to pixels: bilinear (default) or nearest (shows tokens)")
    String upsample = "bilinear";

    @Option(names = "--threshold", paramLabel = "V", description = "leave map values below V undrawn, 0..1 (default 0)")
    float threshold = 0f;

    @Option(names = "--contour-levels", split = ",", paramLabel = "L[,L...]", hideParamSyntax = true,
            description = "iso-levels of the contour blend (default 0.25,0.5,0.75)")
    List<Float> contourLevels;

    @Option(names = "--value-weighted", description = "alpha blend: opacity × map value (low attention transparent)")
    boolean valueWeighted;

    @Option(names = "--grid", description = "draw the patch (token) grid")
    boolean grid;

    @Option(names = "--no-color-bar", description = "leave the colour bar off the sheet")
    boolean noColorBar;

    @Option(names = "--bar-units", paramLabel = "normalised|raw",
            description = "colour bar scale: normalised map values (default) or raw rollout mass")
    String barUnits = "normalised";

    @Option(names = "--outside", paramLabel = "dim|keep",
            description = "full-frame drawings outside the model's crop: dimmed (default) or unchanged")
    String outside = "dim";

    @Option(names = "--scale", paramLabel = "S", description = "contact sheet scale, 0.25..8 (default 1; 2 for print)")
    double scale = 1.0;

    @Option(names = "--overlay-scale", paramLabel = "S",
            description = "overlay PNGs and overlay videos drawn at S times the source frame size, 0.25..4 (default 1)")
    double overlayScale = 1.0;

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "model name in the sheet's title (default: the checkpoint's folder name)")
    String modelName;

    /** The drawing options; bad names become {@link IllegalArgumentException}s listing the choices. */
    RenderOptions toRenderOptions() {
        RenderOptions r = RenderOptions.defaults().withColormap(Colormap.byName(colormap)).withBlend(Blend.byName(blend))
                .withOpacity(opacity).withUpsampling(Upsampling.byName(upsample)).withThreshold(threshold)
                .withValueWeighted(valueWeighted).withShowGrid(grid).withColorBar(!noColorBar)
                .withBarUnits(barUnits(barUnits)).withOutsideCrop(OutsideCrop.byName(outside));
        return contourLevels == null ? r : r.withContourLevels(contourLevels);
    }

    /** "normalized" is accepted too. */
    private static BarUnits barUnits(String name) {
        return BarUnits.byName(name.trim().toLowerCase(Locale.ROOT).equals("normalized") ? "normalised" : name);
    }

    /** Everything but sampling and rollout, on top of {@code base}. */
    ExportSettings.Builder apply(ExportSettings.Builder base) throws CliException {
        boolean full = switch (on.trim().toLowerCase(Locale.ROOT)) {
            case "full" -> true;
            case "crop" -> false;
            default -> throw new CliException("--on '" + on + "' is not full or crop");
        };
        Set<ExportFormat> f = formats == null ? Set.of() : ExportFormat.parseList(formats);
        return base.render(toRenderOptions()).formats(f).fullFrame(full).videoSpan(VideoSpan.byName(videoSpan))
                .between(MapTimeline.Mode.byName(between)).figureScale(scale).modelName(modelName)
                .overlayScale(overlayScale);
    }

}
