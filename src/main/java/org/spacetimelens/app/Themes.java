package org.spacetimelens.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** Applies the AtlantaFX Primer theme for a {@link ThemeChoice} (application-wide). */
final class Themes {
    private Themes() {
    }

    static void apply(ThemeChoice choice) {
        Application.setUserAgentStylesheet(choice == ThemeChoice.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }
}
