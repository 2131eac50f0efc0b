package org.spacetimelens.app;

/** How maps are drawn: colormap name (as the core spells it), opacity 0..1, blend, upsampling. */
public record RenderSettings(String colormap, double opacity, Blend blend, Upsampling upsampling) {
}
