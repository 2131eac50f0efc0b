package org.spacetimelens.render;

/**
 * Brings a {@code gh × gw} patch-grid map to pixel size inside a {@link MapRegion} of a
 * {@code width × height} image, row by row, without allocating per call once sized.
 *
 * <p>BILINEAR follows {@code cv2.resize(m, (W, H), interpolation=INTER_LINEAR)} as the published recipe
 * uses it: source coordinate {@code (d + 0.5)·scale − 0.5}, clamped to the first/last cell at the
 * borders, a horizontal pass then a vertical one, in float. NEAREST gives each pixel the value of the
 * patch its centre falls in (centre-based like {@code INTER_NEAREST_EXACT}), so tokens show as
 * blocks. Hand-written rather than going through java2d's scaler because java2d neither takes float
 * data nor promises these edge semantics.
 *
 * <p>Not thread-safe: one instance per rendering thread.
 */
public final class MapUpsampler {

    private int gh = -1;
    private int gw = -1;
    private int width = -1;
    private int height = -1;
    private MapRegion region;
    private Upsampling mode;

    private int x0;
    private int x1; // covered columns [x0, x1)
    private int y0;
    private int y1; // covered rows [y0, y1)
    private int[] colA = new int[0];
    private int[] colB = new int[0];
    private float[] colWA = new float[0];
    private float[] colWB = new float[0];
    private int[] rowA = new int[0];
    private int[] rowB = new int[0];
    private float[] rowWA = new float[0];
    private float[] rowWB = new float[0];
    private float[] hpass = new float[0]; // gh rows × width, horizontally resampled grid rows

    /**
     * Sizes the sampler; cheap when nothing changed since the last call.
     *
     * @throws IllegalArgumentException for empty grids or images
     */
    public void prepare(int gh, int gw, int width, int height, MapRegion region, Upsampling mode) {
        if (gh <= 0 || gw <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("upsampling needs a non-empty grid and image, got grid " + gh + "×" + gw
                    + " to " + width + "×" + height);
        }
        if (gh == this.gh && gw == this.gw && width == this.width && height == this.height
                && region.equals(this.region) && mode == this.mode) {
            return;
        }
        this.gh = gh;
        this.gw = gw;
        this.width = width;
        this.height = height;
        this.region = region;
        this.mode = mode;
        if (colA.length < width) {
            colA = new int[width];
            colB = new int[width];
            colWA = new float[width];
            colWB = new float[width];
        }
        if (rowA.length < height) {
            rowA = new int[height];
            rowB = new int[height];
            rowWA = new float[height];
            rowWB = new float[height];
        }
        if (hpass.length < gh * width) {
            hpass = new float[gh * width];
        }
        int[] cx = axis(width, region.x(), region.width(), gw, mode, colA, colB, colWA, colWB);
        x0 = cx[0];
        x1 = cx[1];
        int[] cy = axis(height, region.y(), region.height(), gh, mode, rowA, rowB, rowWA, rowWB);
        y0 = cy[0];
        y1 = cy[1];
    }

    /** Runs the horizontal pass for a new map ({@code gh·gw} values, row-major). */
    public void load(float[] grid) {
        if (grid.length != gh * gw) {
            throw new IllegalArgumentException("map has " + grid.length + " values, expected gh·gw = " + gh + "·" + gw);
        }
        for (int r = 0; r < gh; r++) {
            int src = r * gw;
            int dst = r * width;
            for (int x = x0; x < x1; x++) {
                hpass[dst + x] = grid[src + colA[x]] * colWA[x] + grid[src + colB[x]] * colWB[x];
            }
        }
    }

    /** First pixel column the map covers. */
    public int firstColumn() {
        return x0;
    }

    /** One past the last pixel column the map covers. */
    public int endColumn() {
        return x1;
    }

    /** First pixel row the map covers. */
    public int firstRow() {
        return y0;
    }

    /** One past the last pixel row the map covers. */
    public int endRow() {
        return y1;
    }

    /** Fills {@code out[x]} for the covered columns of pixel row {@code y} (which must be covered). */
    public void row(int y, float[] out) {
        int a = rowA[y] * width;
        int b = rowB[y] * width;
        float wa = rowWA[y];
        float wb = rowWB[y];
        for (int x = x0; x < x1; x++) {
            out[x] = hpass[a + x] * wa + hpass[b + x] * wb;
        }
    }

    /** Convenience: the whole image is the map's square; returns a new {@code height × width} row-major field. */
    public static float[] upsample(float[] grid, int gh, int gw, int width, int height, Upsampling mode) {
        MapUpsampler u = new MapUpsampler();
        u.prepare(gh, gw, width, height, MapRegion.whole(width, height), mode);
        u.load(grid);
        float[] out = new float[width * height];
        float[] row = new float[width];
        for (int y = 0; y < height; y++) {
            u.row(y, row);
            System.arraycopy(row, 0, out, y * width, width);
        }
        return out;
    }

    /**
     * Source indices and weights along one axis; returns the covered pixel range. A pixel is covered
     * when its centre lies inside the region.
     */
    private static int[] axis(int n, double start, double extent, int cells, Upsampling mode,
                              int[] ia, int[] ib, float[] wa, float[] wb) {
        // cv2 computes scale as 1/(dst/src); kept in that form so whole-image results match it bit for bit
        double scale = 1.0 / (extent / cells);
        int first = n;
        int end = 0;
        for (int d = 0; d < n; d++) {
            double u = (d + 0.5 - start) * scale; // position in grid cells
            if (!(u >= 0 && u < cells)) {
                continue;
            }
            first = Math.min(first, d);
            end = d + 1;
            if (mode == Upsampling.NEAREST) {
                int s = Math.min((int) Math.floor(u), cells - 1);
                ia[d] = s;
                ib[d] = s;
                wa[d] = 1f;
                wb[d] = 0f;
            } else {
                float f = (float) (u - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                if (s < 0) {
                    s = 0;
                    f = 0f;
                }
                if (s >= cells - 1) {
                    s = cells - 1;
                    f = 0f;
                }
                ia[d] = s;
                ib[d] = Math.min(s + 1, cells - 1);
                wa[d] = 1f - f;
                wb[d] = f;
            }
        }
        if (end == 0) {
            first = 0; // region entirely outside the image
        }
        return new int[] {first, end};
    }
}
