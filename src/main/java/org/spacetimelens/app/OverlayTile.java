package org.spacetimelens.app;

import javafx.scene.canvas.GraphicsContext;

/**
 * Where one frame is drawn on a canvas and what it shows, for {@link Overlay#paint}: source pixel
 * (px, py) of the video frame lies at view point (ox + px·kx, oy + py·ky).
 *
 * @param kind        which view draws the tile (overlays may draw thinner lines on the grid's small tiles)
 * @param analysis    the analysed clip, or null
 * @param clipFrame   the clip frame t whose map the tile shows, or -1 (no map on it)
 * @param videoFrame  the video frame shown, or -1
 * @param clip        view rectangle {x, y, w, h} marks must stay inside, or null (the whole canvas)
 * @param hoverPatch  patch {y, x} under the pointer on this tile, or null
 */
record OverlayTile(Kind kind, ViewState state, ClipAnalysis analysis, int clipFrame, int videoFrame, double ox,
        double oy, double kx, double ky, double[] clip, int[] hoverPatch) {

    /** The single-frame canvas or a grid tile. */
    enum Kind { FRAME, GRID }

    double viewX(double px) {
        return ox + px * kx;
    }

    double viewY(double py) {
        return oy + py * ky;
    }

    /** Whether a map of the analysed clip is drawn on this tile. */
    boolean hasMap() {
        return analysis != null && clipFrame >= 0;
    }

    /** Strokes source rectangle {x, y, w, h} in view space with the current stroke settings. */
    void strokeSource(GraphicsContext g, double[] r) {
        g.strokeRect(viewX(r[0]), viewY(r[1]), r[2] * kx, r[3] * ky);
    }

    /** Source rectangle {x, y, w, h} of patch (y, x) of the analysed clip's token grid. */
    double[] patchRect(int y, int x) {
        return new TokenLocator(analysis.crop(), analysis.record().gridH(), analysis.record().gridW()).patchRect(y, x);
    }
}
