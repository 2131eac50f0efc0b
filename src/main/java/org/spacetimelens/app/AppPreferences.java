package org.spacetimelens.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the viewer remembers between runs ({@link java.util.prefs}): every view option
 * ({@link ViewSettings}), theme, fps, float16 attention, cache budget, last folders, recent files
 * and window geometry. Values that no longer parse (renamed enum,
 * deleted file) fall back to defaults instead of failing the start.
 */
public final class AppPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(AppPreferences.class);
    /** Default preferences node; tests pass their own so they never touch the user's. */
    public static final String NODE = "org/spacetimelens/viewer";

    private final Preferences prefs;

    public AppPreferences(String node) {
        this.prefs = Preferences.userRoot().node(node);
    }

    public static AppPreferences user() {
        return new AppPreferences(NODE);
    }

    /** Loads stored values into the state and keeps storing them as they change. */
    public void bind(ViewState state) {
        for (ViewSettings.Setting<?> setting : ViewSettings.VIEW) {
            setting.bind(state, prefs);
        }
        state.themeProperty().set(parse(ThemeChoice.class, prefs.get("theme", null), state.themeProperty().get()));
        state.fpsProperty().set(clamp(prefs.getDouble("fps", state.fpsProperty().get()), 1, 120));
        state.halfAttentionProperty().set(prefs.getBoolean("halfAttention", state.halfAttentionProperty().get()));
        long budget = prefs.getLong("cacheBudget", state.cacheBudgetProperty().get());
        state.cacheBudgetProperty().set(Math.max(64L << 20, budget));
        state.recentVideos().setAll(paths(prefs.get("recentVideos", "")));
        state.recentModels().setAll(paths(prefs.get("recentModels", "")));

        state.themeProperty().addListener((o, a, b) -> put("theme", b.name()));
        state.fpsProperty().addListener((o, a, b) -> prefs.putDouble("fps", b.doubleValue()));
        state.halfAttentionProperty().addListener((o, a, b) -> prefs.putBoolean("halfAttention", b));
        state.cacheBudgetProperty().addListener((o, a, b) -> prefs.putLong("cacheBudget", b.longValue()));
        state.recentVideos().addListener((ListChangeListener<Path>) c -> put("recentVideos", join(state.recentVideos())));
        state.recentModels().addListener((ListChangeListener<Path>) c -> put("recentModels", join(state.recentModels())));
    }

    /** Last folder used by a file chooser of this kind ("video", "model", "export"), if it still exists. */
    public Path lastFolder(String kind) {
        String s = prefs.get("folder." + kind, null);
        if (s == null) {
            return null;
        }
        Path p = Path.of(s);
        return Files.isDirectory(p) ? p : null;
    }

    public void setLastFolder(String kind, Path folder) {
        if (folder != null) {
            put("folder." + kind, folder.toAbsolutePath().toString());
        }
    }

    /** Restores size and position (only if still on a sensible area) and saves them on close. */
    public void bindWindow(Stage stage) {
        double w = prefs.getDouble("window.w", 1480);
        double h = prefs.getDouble("window.h", 920);
        stage.setWidth(clamp(w, 800, 10000));
        stage.setHeight(clamp(h, 560, 10000));
        double x = prefs.getDouble("window.x", Double.NaN);
        double y = prefs.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && x > -100 && y > -50) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("window.maximized", false));
        stage.setOnHidden(e -> saveWindow(stage));
    }

    public void saveWindow(Stage stage) {
        prefs.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("window.x", stage.getX());
            prefs.putDouble("window.y", stage.getY());
            prefs.putDouble("window.w", stage.getWidth());
            prefs.putDouble("window.h", stage.getHeight());
        }
        flush();
    }

    public void flush() {
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            LOG.warn("could not save preferences: {}", e.toString());
        }
    }

    /** Removes this node (tests). */
    public void clear() {
        try {
            prefs.removeNode();
        } catch (BackingStoreException e) {
            LOG.warn("could not clear preferences: {}", e.toString());
        }
    }

    String get(String key) {
        return prefs.get(key, null);
    }

    private void put(String key, String value) {
        prefs.put(key, value);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? lo : Math.max(lo, Math.min(hi, v));
    }

    private static String join(List<Path> paths) {
        StringBuilder sb = new StringBuilder();
        for (Path p : paths) {
            sb.append(p).append('\n');
        }
        return sb.toString();
    }

    private static List<Path> paths(String joined) {
        List<Path> out = new ArrayList<>();
        for (String s : joined.split("\n")) {
            if (!s.isBlank()) {
                try {
                    Path p = Path.of(s);
                    if (Files.exists(p)) {
                        out.add(p);
                    }
                } catch (RuntimeException ignored) {
                    // An unparsable stored path is simply forgotten.
                }
            }
        }
        return out;
    }
}
