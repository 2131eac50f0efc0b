package org.spacetimelens.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a viewer screenshot shows, in full: which view (the single frame or the grid of clip frames),
 * the frame or frames, where they sit in the picture, every overlay drawn over them and the colours
 * of the theme. Recorded in the screenshot's sidecar ({@code view}); {@link ViewShotRenderer} draws
 * the picture from it and the maps, in the viewer and in {@code export --replay}, so both give the
 * same pixels. The map options themselves (rollout, colormap, blend, opacity, weight by value,
 * upsampling, token grid) are the sidecar's {@code rollout} and {@code render}.
 *
 * <p>Lengths are in view (screen) pixels of the viewer's canvas; the picture is {@code scale} times
 * larger ({@code round(width·scale) × round(height·scale)} pixels before the colour bar and caption).
 *
 * @param view        {@link #FRAME} or {@link #GRID}
 * @param scale       output pixels per view pixel (1, 2, 4)
 * @param width       width of the pictured part of the canvas (the frame's visible part: no letterbox)
 * @param height      its height
 * @param canvasWidth  the whole canvas the view was drawn on (for the record: the picture is the part above)
 * @param canvasHeight its height
 * @param theme       the viewer theme and the canvas colours it gives
 * @param overlay     the heat map is drawn (View ▸ Show overlay)
 * @param range       how map values reach the colours: {@code "normalised"} (0…1 as rolled out) or
 *                    {@code "auto"} (raw mass divided by the clip maximum, so the colours span 0 … max)
 * @param rangeMax    the top of the colour scale in the map's units: 1, or the clip's raw maximum
 * @param queryMarker the query patch (a patch query, not CLS) is outlined on the tile of its frame
 * @param truthBox    the video sidecar's ground-truth boxes are drawn (those of {@code frame.truthBox}
 *                    and {@code grid.truthBoxes}, in source pixels)
 * @param colorBar    a colour bar is drawn right of the view, in the units of {@code range}
 * @param caption     the title line drawn above the view, or null (none)
 * @param frame       the frame view's geometry and frame (view {@code frame}), else null
 * @param grid        the grid view's layout and frames (view {@code grid}), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"view", "scale", "width", "height", "canvasWidth", "canvasHeight", "theme", "overlay", "range", "rangeMax", "queryMarker",
    "truthBox", "colorBar", "caption", "frame", "grid"})
public record ViewShot(String view, int scale, double width, double height, double canvasWidth,
        double canvasHeight, Theme theme, boolean overlay,
        String range, double rangeMax, boolean queryMarker, boolean truthBox, boolean colorBar, String caption,
        FrameView frame, GridView grid) {

    /** {@link #view} of the single-frame canvas. */
    public static final String FRAME = "frame";
    /** {@link #view} of the grid of all clip frames. */
    public static final String GRID = "grid";
    /** {@link #range}: map values as rolled out. */
    public static final String NORMALISED = "normalised";
    /** {@link #range}: raw mass auto-ranged to the clip maximum. */
    public static final String AUTO = "auto";

    public ViewShot {
        if (!FRAME.equals(view) && !GRID.equals(view)) {
            throw new IllegalArgumentException("view must be \"frame\" or \"grid\", got " + view);
        }
        if (scale < 1 || scale > 8) {
            throw new IllegalArgumentException("screenshot scale must be 1..8, got " + scale);
        }
        if (!(width > 0 && width <= 20000 && height > 0 && height <= 20000)) {
            throw new IllegalArgumentException("screenshot size must be positive and at most 20000, got " + width
                    + " × " + height);
        }
        if (FRAME.equals(view) ? frame == null : grid == null) {
            throw new IllegalArgumentException("a " + view + " screenshot needs its \"" + view + "\" block");
        }
        if (theme == null) {
            throw new IllegalArgumentException("a screenshot needs its theme colours");
        }
    }

    /**
     * The theme and the colours the canvas draws with, as {@code #rrggbb}.
     *
     * @param name       light or dark
     * @param background the canvas background (around frames and tiles)
     * @param marker     the query marker
     * @param accent     the grid's outline of the playhead's frame
     * @param muted      the grid's tile labels
     */
    @JsonPropertyOrder({"name", "background", "marker", "accent", "muted"})
    public record Theme(String name, String background, String marker, String accent, String muted) {
    }

    /**
     * The frame view: one video frame (the playhead's), drawn at {@code zoom} with its top-left at
     * ({@code originX}, {@code originY}) of the picture (negative when zoomed in and panned).
     *
     * @param frameIndex    the video frame shown (source frame index)
     * @param timestamp     its time in seconds, or null when unknown
     * @param clipFrame     the clip frame t whose map is drawn on it, or -1 (no map: overlay off, or outside
     *                      the analysed window)
     * @param mapFrameIndex the source frame that clip frame was sampled from, or null
     * @param originX       where the frame's left edge lies in the picture, view pixels
     * @param originY       where its top edge lies
     * @param zoom          view pixels per frame pixel
     * @param truthBox      the ground-truth box drawn, {x0, y0, x1, y1} in source pixels, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"frameIndex", "timestamp", "clipFrame", "mapFrameIndex", "originX", "originY", "zoom",
        "truthBox"})
    public record FrameView(int frameIndex, Double timestamp, int clipFrame, Integer mapFrameIndex, double originX,
            double originY, double zoom, double[] truthBox) {

        public FrameView {
            if (!(zoom > 0) || !Double.isFinite(originX) || !Double.isFinite(originY)) {
                throw new IllegalArgumentException("frame view: zoom must be positive and the origin finite");
            }
        }
    }

    /**
     * The grid view, the published figure's layout: clip frame t's frame tile at ({@code tileX(t)},
     * {@code frameY(t)}) and its overlay tile right beneath, {@code columns} per row, each showing the
     * {@code window} of the source frame; a label under each overlay tile.
     *
     * @param columns      tiles per row
     * @param tileWidth    tile size, view pixels
     * @param tileHeight   tile size
     * @param x0           left edge of the first column
     * @param y0           top edge of the first row
     * @param gap          gap between tiles
     * @param labelHeight  height of the label line under an overlay tile
     * @param window       the part of each source frame a tile shows {x, y, w, h}, source pixels
     * @param fullFrames   the window is the whole source frame (else the model's crop)
     * @param currentFrame the clip frame outlined as the playhead's, or -1
     * @param frameIndices the source frame of each tile (the clip's)
     * @param truthBoxes   per tile, the ground-truth box drawn {x0, y0, x1, y1} (source pixels) or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"columns", "tileWidth", "tileHeight", "x0", "y0", "gap", "labelHeight", "window",
        "fullFrames", "currentFrame", "frameIndices", "truthBoxes"})
    public record GridView(int columns, double tileWidth, double tileHeight, double x0, double y0, double gap,
            double labelHeight, double[] window, boolean fullFrames, int currentFrame, int[] frameIndices,
            double[][] truthBoxes) {

        public GridView {
            if (columns < 1 || !(tileWidth > 0) || !(tileHeight > 0) || window == null || window.length != 4
                    || frameIndices == null) {
                throw new IllegalArgumentException("grid view: columns, tile size, window {x, y, w, h} and frame "
                        + "indices must be given");
            }
        }

        public double tileX(int t) {
            return x0 + (t % columns) * (tileWidth + gap);
        }

        public double frameY(int t) {
            return y0 + (t / columns) * (2 * tileHeight + gap + labelHeight + 2 * gap);
        }

        public double overlayY(int t) {
            return frameY(t) + tileHeight + gap;
        }
    }
}
