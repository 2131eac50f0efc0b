package org.spacetimelens.app;

/** Light or dark AtlantaFX theme. */
public enum ThemeChoice {
    LIGHT, DARK;

    public ThemeChoice toggled() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
