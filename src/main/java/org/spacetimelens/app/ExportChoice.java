package org.spacetimelens.app;

import java.util.Set;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.VideoSpan;

/**
 * What the export dialog asks of the pipeline besides the view's own settings: the formats, the scale
 * of the drawn ones (the sheet's figure scale, and overlay PNGs and videos drawn at that many times the
 * source size), the span of an overlay video, and whether existing files may be replaced.
 *
 * @param formats   the pipeline formats to write
 * @param scale     1, 2 or 4 (any value {@link ExportSettings} accepts)
 * @param videoSpan frames an overlay video covers, or null for the view's default (the clip's span in
 *                  window sampling, else the whole video)
 * @param replace   replace existing files (the user said so; the CLI's {@code --force})
 */
public record ExportChoice(Set<ExportFormat> formats, double scale, VideoSpan videoSpan, boolean replace) {

    public ExportChoice {
        formats = Set.copyOf(formats);
    }

    /** The formats at scale 1, the default span, refusing to overwrite (the menu's single-format exports). */
    public static ExportChoice of(Set<ExportFormat> formats) {
        return new ExportChoice(formats, 1, null, false);
    }

    /** The same choice, replacing existing files. */
    public ExportChoice replacing() {
        return new ExportChoice(formats, scale, videoSpan, true);
    }

    /** {@code base} with this choice's scale and span. */
    ExportSettings apply(ExportSettings base) {
        ExportSettings.Builder b = base.toBuilder().figureScale(scale).overlayScale(scale);
        if (videoSpan != null) {
            b.videoSpan(videoSpan);
        }
        return b.build();
    }
}
