package org.spacetimelens.app;

import javafx.scene.paint.Color;

/**
 * Colours for what the canvases draw themselves (CSS cannot reach into a Canvas). Values follow the
 * AtlantaFX Primer light/dark palettes so canvases and controls match.
 */
record Palette(Color background, Color surface, Color foreground, Color muted, Color border, Color accent,
        Color playhead, Color marker) {

    static final Palette LIGHT = new Palette(Color.web("#f6f8fa"), Color.web("#ffffff"), Color.web("#1f2328"),
            Color.web("#656d76"), Color.web("#d0d7de"), Color.web("#0969da"), Color.web("#cf222e"),
            Color.web("#bf8700"));
    static final Palette DARK = new Palette(Color.web("#010409"), Color.web("#161b22"), Color.web("#e6edf3"),
            Color.web("#8d96a0"), Color.web("#30363d"), Color.web("#4493f8"), Color.web("#f85149"),
            Color.web("#d29922"));

    static Palette of(ThemeChoice theme) {
        return theme == ThemeChoice.DARK ? DARK : LIGHT;
    }
}
