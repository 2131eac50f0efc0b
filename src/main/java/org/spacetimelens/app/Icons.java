package org.spacetimelens.app;

import org.kordamp.ikonli.javafx.FontIcon;

/** Material Design 2 icon names used by the viewer, in one place so the look stays consistent. */
final class Icons {
    static final String OPEN_VIDEO = "mdi2m-movie-open-outline";
    static final String OPEN_MODEL = "mdi2b-brain";
    static final String PLAY = "mdi2p-play";
    static final String PAUSE = "mdi2p-pause";
    static final String STEP_BACK = "mdi2s-step-backward";
    static final String STEP_FORWARD = "mdi2s-step-forward";
    static final String CLIP_BACK = "mdi2s-skip-previous";
    static final String CLIP_FORWARD = "mdi2s-skip-next";
    static final String GRID = "mdi2v-view-grid-outline";
    static final String FIT = "mdi2f-fit-to-screen-outline";
    static final String ACTUAL = "mdi2n-numeric-1-box";
    static final String ZOOM_IN = "mdi2m-magnify-plus";
    static final String ZOOM_OUT = "mdi2m-magnify-minus";
    static final String SCREENSHOT = "mdi2c-camera";
    static final String EXPORT = "mdi2e-export";
    static final String COPY = "mdi2c-clipboard-outline";
    static final String DARK = "mdi2w-weather-night";
    static final String LIGHT = "mdi2w-white-balance-sunny";
    static final String HELP = "mdi2k-keyboard-outline";
    static final String OVERLAY = "mdi2e-eye-outline";
    static final String QUERY = "mdi2c-crosshairs-gps";
    static final String LAYERS = "mdi2l-layers-triple-outline";
    static final String PALETTE = "mdi2p-palette";
    static final String TUNE = "mdi2t-tune";
    static final String MODEL = "mdi2c-cube-outline";
    static final String CHART = "mdi2c-chart-bar";
    static final String FILMSTRIP = "mdi2f-filmstrip";
    static final String MEMORY = "mdi2m-memory";
    static final String DEVICE = "mdi2c-cog-outline";
    static final String LOOP = "mdi2r-repeat";

    private Icons() {
    }

    static FontIcon icon(String name) {
        return new FontIcon(name);
    }

    static FontIcon icon(String name, int size) {
        FontIcon i = new FontIcon(name);
        i.setIconSize(size);
        return i;
    }
}
