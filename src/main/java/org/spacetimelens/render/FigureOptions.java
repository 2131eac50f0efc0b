package org.spacetimelens.render;

/**
 * Layout choices for figures.
 *
 * @param tileSize   height of one frame tile in layout units (the model's 224 px by default)
 * @param scale      export scale: every length (tiles, text, margins, lines) is multiplied by it, so 2 and 4
 *                   give 2×/4× figures with the same look; source pixels are used, not an upscaled 1× image
 * @param fullFrame  show the whole source frame with the map on the crop square (outside per
 *                   {@link OutsideCrop}) instead of the crop alone
 * @param maxColumns frames per row of the contact sheet before it wraps (clips of 16 or 96 frames)
 * @param rowLabels  label the sheet's rows ("input", "attention") at the left
 */
public record FigureOptions(int tileSize, double scale, boolean fullFrame, int maxColumns, boolean rowLabels) {

    public FigureOptions {
        if (tileSize < 16 || tileSize > 4096) {
            throw new IllegalArgumentException("tile size must be 16..4096 px, got " + tileSize);
        }
        if (!(scale >= 0.25 && scale <= 8)) {
            throw new IllegalArgumentException("figure scale must be in [0.25, 8], got " + scale);
        }
        if (maxColumns < 1) {
            throw new IllegalArgumentException("max columns must be at least 1, got " + maxColumns);
        }
    }

    /** 224 px tiles at 1×, crops only, 8 frames per row, row labels on. */
    public static FigureOptions defaults() {
        return new FigureOptions(224, 1.0, false, 8, true);
    }

    public FigureOptions withScale(double s) {
        return new FigureOptions(tileSize, s, fullFrame, maxColumns, rowLabels);
    }

    public FigureOptions withTileSize(int t) {
        return new FigureOptions(t, scale, fullFrame, maxColumns, rowLabels);
    }

    public FigureOptions withFullFrame(boolean f) {
        return new FigureOptions(tileSize, scale, f, maxColumns, rowLabels);
    }

    public FigureOptions withMaxColumns(int c) {
        return new FigureOptions(tileSize, scale, fullFrame, c, rowLabels);
    }

    public FigureOptions withRowLabels(boolean r) {
        return new FigureOptions(tileSize, scale, fullFrame, maxColumns, r);
    }

    /** A layout length at this scale, in pixels. */
    int px(double units) {
        return (int) Math.round(units * scale);
    }
}
