package org.spacetimelens.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.TinyConfigs;

/**
 * Developer preview (not a test): opens the real viewer on a small random-weight model and a video,
 * for looking at the layout under a real or virtual display.
 * {@code ViewerPreview [VIDEO] [--dark] [--grid]}; without a video a generated frame folder is used.
 */
public final class ViewerPreview {
    private ViewerPreview() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "stl-preview");
        Path model = tmp.resolve("model");
        if (!Files.exists(model.resolve("config.json"))) {
            TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 6, 96, 6, 8, 224, 16, 10);
            ViewerFixtures.checkpoint(model, c, 7);
        }
        Path video = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model")) {
                model = Path.of(args[++i]);
            } else if (args[i].equals("--size")) {
                String[] wh = args[++i].split("x");
                var prefs = java.util.prefs.Preferences.userRoot().node(AppPreferences.NODE);
                prefs.putDouble("window.w", Double.parseDouble(wh[0]));
                prefs.putDouble("window.h", Double.parseDouble(wh[1]));
                prefs.putDouble("window.x", 0);
                prefs.putDouble("window.y", 0);
                prefs.flush();
            } else if (!args[i].startsWith("--")) {
                video = Path.of(args[i]);
            }
        }
        if (video == null) {
            video = tmp.resolve("frames");
            if (!Files.exists(video)) {
                ViewerFixtures.frameFolder(video, 120, 480, 270);
            }
        }
        System.exit(ViewerLauncher.launch(video, model));
    }
}
