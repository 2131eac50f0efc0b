package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.scene.image.Image;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The one observable model of the viewer (the "M" of MVC). Views bind to these properties;
 * controllers change them; nothing here computes. Touch it on the FX thread only.
 *
 * <p>Derived snapshots ({@link #rolloutParams()}, {@link #renderOptions()}, {@link #samplingSettings()})
 * turn the many controls into the core's immutable parameter values, which also serve as cache keys.
 */
public final class ViewState {

    // --- inputs --------------------------------------------------------------------------------
    private final ObjectProperty<Path> videoPath = new SimpleObjectProperty<>(this, "videoPath");
    private final ObjectProperty<Path> modelPath = new SimpleObjectProperty<>(this, "modelPath");
    private final ObjectProperty<VideoMeta> video = new SimpleObjectProperty<>(this, "video");
    private final ObjectProperty<VideoHints> hints = new SimpleObjectProperty<>(this, "hints");
    private final BooleanProperty showTruth = new SimpleBooleanProperty(this, "showTruth", true);
    private final ObjectProperty<ModelSummary> model = new SimpleObjectProperty<>(this, "model");

    // --- playback ------------------------------------------------------------------------------
    private final IntegerProperty playhead = new SimpleIntegerProperty(this, "playhead", 0);
    private final BooleanProperty playing = new SimpleBooleanProperty(this, "playing", false);
    private final BooleanProperty scrubbing = new SimpleBooleanProperty(this, "scrubbing", false);
    private final DoubleProperty fps = new SimpleDoubleProperty(this, "fps", 12);
    private final ObjectProperty<LoopMode> loop = new SimpleObjectProperty<>(this, "loop", LoopMode.VIDEO);

    // --- sampling ------------------------------------------------------------------------------
    private final ObjectProperty<SamplingMode> samplingMode =
            new SimpleObjectProperty<>(this, "samplingMode", SamplingMode.UNIFORM);
    private final IntegerProperty windowRate = new SimpleIntegerProperty(this, "windowRate", 4);

    // --- map settings --------------------------------------------------------------------------
    private final ObjectProperty<RolloutMethod> method =
            new SimpleObjectProperty<>(this, "method", RolloutMethod.ROLLOUT);
    private final IntegerProperty startLayer = new SimpleIntegerProperty(this, "startLayer", 0);
    private final IntegerProperty layer = new SimpleIntegerProperty(this, "layer", 0);
    private final BooleanProperty singleLayer = new SimpleBooleanProperty(this, "singleLayer", false);
    private final ObservableSet<Integer> heads = FXCollections.observableSet(new TreeSet<>());
    private final ObjectProperty<HeadFusion> fusion = new SimpleObjectProperty<>(this, "fusion", HeadFusion.MEAN);
    private final DoubleProperty discardRatio = new SimpleDoubleProperty(this, "discardRatio", 0);
    private final DoubleProperty residualWeight = new SimpleDoubleProperty(this, "residualWeight", 0.5);
    private final ObjectProperty<MapNormalization> normalisation =
            new SimpleObjectProperty<>(this, "normalisation", MapNormalization.GLOBAL_MAX);
    private final ObjectProperty<QueryToken> query = new SimpleObjectProperty<>(this, "query", QueryToken.CLS);
    private final ObjectProperty<ClassChoice> classChoice = new SimpleObjectProperty<>(this, "classChoice",
            ClassChoice.TOP);
    private final StringProperty evidenceStatus = new SimpleStringProperty(this, "evidenceStatus", "");

    // --- render settings -----------------------------------------------------------------------
    private final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(this, "colormap", Colormap.JET);
    private final DoubleProperty opacity = new SimpleDoubleProperty(this, "opacity", 0.6);
    private final BooleanProperty valueWeighted = new SimpleBooleanProperty(this, "valueWeighted", true);
    private final BooleanProperty tokenGrid = new SimpleBooleanProperty(this, "tokenGrid", false);
    private final ObjectProperty<Blend> blend = new SimpleObjectProperty<>(this, "blend", Blend.ADDITIVE);
    private final ObjectProperty<Upsampling> upsampling =
            new SimpleObjectProperty<>(this, "upsampling", Upsampling.BILINEAR);
    private final BooleanProperty overlayVisible = new SimpleBooleanProperty(this, "overlayVisible", true);
    private final BooleanProperty canvasColourBar = new SimpleBooleanProperty(this, "canvasColourBar", true);

    // --- view ----------------------------------------------------------------------------------
    private final BooleanProperty gridMode = new SimpleBooleanProperty(this, "gridMode", false);
    private final BooleanProperty gridFullFrame = new SimpleBooleanProperty(this, "gridFullFrame", false);
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final BooleanProperty fitToWindow = new SimpleBooleanProperty(this, "fitToWindow", true);
    private final ObjectProperty<ThemeChoice> theme = new SimpleObjectProperty<>(this, "theme", ThemeChoice.LIGHT);
    private final StringProperty hoverText = new SimpleStringProperty(this, "hoverText", "");

    // --- results (written by controllers when background work completes) -----------------------
    private final ObjectProperty<int[]> plannedClip = new SimpleObjectProperty<>(this, "plannedClip");
    private final ObjectProperty<ClipAnalysis> analysis = new SimpleObjectProperty<>(this, "analysis");
    private final ObjectProperty<AttentionMaps> maps = new SimpleObjectProperty<>(this, "maps");
    private final ObjectProperty<Image> frameImage = new SimpleObjectProperty<>(this, "frameImage");
    private final ObjectProperty<ScaledFrame> scaledFrame = new SimpleObjectProperty<>(this, "scaledFrame");
    private final DoubleProperty displayScale = new SimpleDoubleProperty(this, "displayScale", 1);
    private final IntegerProperty frameImageIndex = new SimpleIntegerProperty(this, "frameImageIndex", -1);
    private final IntegerProperty shownClipFrame = new SimpleIntegerProperty(this, "shownClipFrame", -1);
    private final ObservableList<Image> gridFrames = FXCollections.observableArrayList();
    private final ObservableList<Image> gridOverlays = FXCollections.observableArrayList();
    private final ObservableList<Thumbnail> thumbnails = FXCollections.observableArrayList();
    private final ObservableList<Prediction> predictions = FXCollections.observableArrayList();

    // --- status --------------------------------------------------------------------------------
    private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "Ready");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final BooleanProperty halfAttention = new SimpleBooleanProperty(this, "halfAttention", true);
    private final StringProperty timingText = new SimpleStringProperty(this, "timingText", "");
    private final LongProperty cacheBytes = new SimpleLongProperty(this, "cacheBytes", 0);
    private final LongProperty cacheBudget = new SimpleLongProperty(this, "cacheBudget",
            ViewerController.DEFAULT_RECORD_CACHE_BYTES);
    private final IntegerProperty cacheEntries = new SimpleIntegerProperty(this, "cacheEntries", 0);
    private final StringProperty lastError = new SimpleStringProperty(this, "lastError");
    private final MessageLog messageLog = new MessageLog();
    private final ObservableList<Path> recentVideos = FXCollections.observableArrayList();
    private final ObservableList<Path> recentModels = FXCollections.observableArrayList();

    private final List<Overlay> overlays = Overlays.standard(this);
    private CompareMode compare; // made on first use: its panes hold view-states of their own
    private final ObjectBinding<RolloutParams> rolloutParams;
    private final ObjectBinding<RenderOptions> renderOptions;
    private final ObjectBinding<SamplingSettings> samplingSettings;

    public ViewState() {
        rolloutParams = Bindings.createObjectBinding(this::snapshotRollout, method, startLayer, layer, singleLayer,
                heads, fusion, discardRatio, residualWeight, normalisation, query, model);
        renderOptions = Bindings.createObjectBinding(() -> Overlays.bake(overlays), colormap, opacity,
                valueWeighted, blend, upsampling, tokenGrid, canvasColourBar);
        samplingSettings = Bindings.createObjectBinding(() -> new SamplingSettings(samplingMode.get(),
                windowRate.get()), samplingMode, windowRate);
        LayerRange.install(startLayer, layer, singleLayer);
    }

    private RolloutParams snapshotRollout() {
        ModelSummary card = model.get();
        int totalHeads = card == null ? 0 : card.heads();
        // All heads selected = the core's "all heads" (empty list): one cache entry, the recipe's spelling.
        List<Integer> selected = heads.size() == totalHeads ? List.of() : new ArrayList<>(heads);
        int last = layer.get();
        // Single-layer views ignore the start layer: fold it so equal views share a cache entry.
        int start = !LayerRange.oneLayer(method.get(), singleLayer.get()) ? Math.min(startLayer.get(), last) : last;
        // Class evidence is I + the relevance, not renormalised: it takes no discard ratio or residual weight.
        boolean grad = method.get() == RolloutMethod.GRAD_ROLLOUT;
        return RolloutParams.builder().method(method.get()).startLayer(start).upToLayer(last).fusion(fusion.get())
                .heads(selected).discardRatio(grad ? 0 : Math.min(discardRatio.get(), 0.99))
                .residualWeight(grad ? 0.5 : residualWeight.get()).query(query.get())
                .normalization(normalisation.get()).build();
    }

    /** Resets layer range and heads to "all" for a freshly loaded model. */
    public void resetForModel(ModelSummary card) {
        startLayer.set(0);
        layer.set(card.layers() - 1);
        heads.clear();
        HeadSelection.selectAll(heads, card.heads());
        query.set(QueryToken.CLS);
        classChoice.set(ClassChoice.TOP); // class indices are the previous model's
        if (method.get() == RolloutMethod.TEMPORAL && !card.hasTemporalView()) {
            method.set(RolloutMethod.ROLLOUT); // the control is hidden for this model
        }
    }

    /** Forgets the previous video's results for a freshly opened one (its sidecar may set the sampling). */
    void clearForVideo(Path path, VideoHints videoHints, VideoMeta meta) {
        analysis.set(null);
        maps.set(null);
        plannedClip.set(null);
        predictions.clear();
        gridFrames.clear();
        gridOverlays.clear();
        thumbnails.clear();
        videoPath.set(path);
        hints.set(videoHints);
        if (videoHints != null && videoHints.samplingRate() > 0) {
            // The sidecar says how the model is meant to see this video (the demo: 8 frames every 4).
            windowRate.set(videoHints.samplingRate());
            samplingMode.set(SamplingMode.WINDOW);
        }
        video.set(meta);
        playhead.set(0);
        if (meta != null && meta.fps() > 0) {
            fps.set(Math.max(1, Math.min(120, meta.fps()))); // playback at the video's own rate
        }
    }

    /** Clicking a head chip: toggles it, but never leaves the selection empty. */
    public void toggleHead(int head) {
        HeadSelection.toggle(heads, head);
    }

    /** Double-clicking a head chip: only that head (again: all heads). */
    public void soloHead(int head, int totalHeads) {
        HeadSelection.solo(heads, head, totalHeads);
    }

    /** "H": cycles solo heads 1..H, then back to all. */
    public void nextHead(int totalHeads) {
        HeadSelection.next(heads, totalHeads);
    }

    /** "All heads": every head of the loaded model (none loaded: nothing changes). */
    public void selectAllHeads() {
        if (model.get() != null) {
            HeadSelection.selectAll(heads, model.get().heads());
        }
    }

    /** "[" / "]": the layer {@code d} steps down or up, within the loaded model (none loaded: nothing changes). */
    public void stepLayer(int d) {
        if (model.get() != null) {
            layer.set(LayerRange.step(layer.get(), d, model.get().layers()));
        }
    }

    /** Whether the map uses one layer only (single-layer methods, or "Only ℓ"). */
    public boolean oneLayer() {
        return LayerRange.oneLayer(method.get(), singleLayer.get());
    }

    public ObjectProperty<Path> videoPathProperty() { return videoPath; }
    public ObjectProperty<Path> modelPathProperty() { return modelPath; }
    public ObjectProperty<VideoMeta> videoProperty() { return video; }
    public ObjectProperty<ModelSummary> modelProperty() { return model; }
    /** Ground truth of the open video from its sidecar (the demo's), or null. */
    public ObjectProperty<VideoHints> hintsProperty() { return hints; }
    /** Draw the ground-truth target boxes when the video has them. */
    public BooleanProperty showTruthProperty() { return showTruth; }
    public IntegerProperty playheadProperty() { return playhead; }
    public BooleanProperty playingProperty() { return playing; }
    public BooleanProperty scrubbingProperty() { return scrubbing; }
    public DoubleProperty fpsProperty() { return fps; }
    public ObjectProperty<LoopMode> loopProperty() { return loop; }
    public ObjectProperty<SamplingMode> samplingModeProperty() { return samplingMode; }
    public IntegerProperty windowRateProperty() { return windowRate; }
    public ObjectProperty<RolloutMethod> methodProperty() { return method; }
    public IntegerProperty startLayerProperty() { return startLayer; }
    public IntegerProperty layerProperty() { return layer; }
    /** "Only ℓ" instead of "up to ℓ": the start layer follows the layer. */
    public BooleanProperty singleLayerProperty() { return singleLayer; }
    public ObservableSet<Integer> heads() { return heads; }
    public ObjectProperty<HeadFusion> fusionProperty() { return fusion; }
    public DoubleProperty discardRatioProperty() { return discardRatio; }
    public DoubleProperty residualWeightProperty() { return residualWeight; }
    public ObjectProperty<MapNormalization> normalisationProperty() { return normalisation; }
    public ObjectProperty<QueryToken> queryProperty() { return query; }
    /** The class the "Class evidence" map explains (the prediction panel picks it). */
    public ObjectProperty<ClassChoice> classChoiceProperty() { return classChoice; }
    /** While the class-evidence map waits for its gradients, what is computed ("" otherwise). */
    public StringProperty evidenceStatusProperty() { return evidenceStatus; }
    public ObjectProperty<Colormap> colormapProperty() { return colormap; }
    public DoubleProperty opacityProperty() { return opacity; }
    /** Alpha blend: opacity scaled by the map value, so low attention stays transparent. */
    public BooleanProperty valueWeightedProperty() { return valueWeighted; }
    /** Draw the patch (token) grid over the map. */
    public BooleanProperty tokenGridProperty() { return tokenGrid; }
    public ObjectProperty<Blend> blendProperty() { return blend; }
    public ObjectProperty<Upsampling> upsamplingProperty() { return upsampling; }
    public BooleanProperty overlayVisibleProperty() { return overlayVisible; }
    /** Draw the colour bar on the canvas too (not only in the side panel). */
    public BooleanProperty canvasColourBarProperty() { return canvasColourBar; }
    public BooleanProperty gridModeProperty() { return gridMode; }
    /** The grid shows whole source frames instead of the model's crop (the figure's default). */
    public BooleanProperty gridFullFrameProperty() { return gridFullFrame; }
    public DoubleProperty zoomProperty() { return zoom; }
    public BooleanProperty fitToWindowProperty() { return fitToWindow; }
    public ObjectProperty<ThemeChoice> themeProperty() { return theme; }
    public StringProperty hoverTextProperty() { return hoverText; }
    public ObjectProperty<int[]> plannedClipProperty() { return plannedClip; }
    public ObjectProperty<ClipAnalysis> analysisProperty() { return analysis; }
    public ObjectProperty<AttentionMaps> mapsProperty() { return maps; }
    public ObjectProperty<Image> frameImageProperty() { return frameImage; }
    /** The shown frame already resampled to the canvas scale (set just before {@link #frameImageProperty()}), or null. */
    public ObjectProperty<ScaledFrame> scaledFrameProperty() { return scaledFrame; }
    /** Image-to-view scale the frame canvas last drew with (the frame jobs resample to it). */
    public DoubleProperty displayScaleProperty() { return displayScale; }
    public IntegerProperty frameImageIndexProperty() { return frameImageIndex; }
    /** The clip frame t whose map is drawn on the shown frame, or -1 when no map is drawn. */
    public IntegerProperty shownClipFrameProperty() { return shownClipFrame; }
    public ObservableList<Image> gridFrames() { return gridFrames; }
    public ObservableList<Image> gridOverlays() { return gridOverlays; }
    public ObservableList<Thumbnail> thumbnails() { return thumbnails; }
    public ObservableList<Prediction> predictions() { return predictions; }
    public StringProperty statusTextProperty() { return statusText; }
    public DoubleProperty progressProperty() { return progress; }
    /**
     * Keep cached attention as float16 (the default): half the memory per cached clip, so the base
     * model and four clips fit in 2 GB; normalised maps move by at most ~5e-4 (float16 keeps 11
     * significant bits), below one colour level.
     * Exports re-run the clip in float32, so written numbers are exact either way.
     */
    public BooleanProperty halfAttentionProperty() { return halfAttention; }
    /** How long the last map and frame took (rollout, decode, draw), for the status bar. */
    public StringProperty timingTextProperty() { return timingText; }
    public LongProperty cacheBytesProperty() { return cacheBytes; }
    /** Most bytes of attention (with their clip frames) the clip cache keeps (a preference). */
    public LongProperty cacheBudgetProperty() { return cacheBudget; }
    public IntegerProperty cacheEntriesProperty() { return cacheEntries; }
    public StringProperty lastErrorProperty() { return lastError; }
    /** Every error and warning of the session, and the last load error of the model and the video. */
    MessageLog messageLog() { return messageLog; }
    public ObservableList<Path> recentVideos() { return recentVideos; }
    public ObservableList<Path> recentModels() { return recentModels; }
    public ObjectBinding<RolloutParams> rolloutParams() { return rolloutParams; }
    /** What the core bakes into frames: the heat map's and token grid's settings. */
    public ObjectBinding<RenderOptions> renderOptions() { return renderOptions; }
    /** The overlay layers, bottom to top, that both the frame canvas and the grid draw. */
    List<Overlay> overlays() { return overlays; }
    public ObjectBinding<SamplingSettings> samplingSettings() { return samplingSettings; }

    /** The compare mode: panes side by side with their own map settings. */
    CompareMode compare() {
        if (compare == null) {
            compare = new CompareMode();
        }
        return compare;
    }
}
