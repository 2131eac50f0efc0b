package org.spacetimelens.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.spacetimelens.render.FigureCaption;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/** Figure titles in words: model, method, layers, heads, predicted class. Layers and heads are 0-based. */
public final class Captions {

    private Captions() {
    }

    private static final Set<String> WEIGHT_FILES = Set.of("model.safetensors", "pytorch_model.bin");
    private static final Set<String> GENERIC_FOLDERS = Set.of("model", "checkpoint", "weights");

    /**
     * A readable model name from a checkpoint path: the folder's name ({@code parent/model} for generic
     * names such as {@code model}), or the file's name without extension for {@code .pyth} files.
     */
    public static String modelName(Path checkpoint) {
        Path p = checkpoint.toAbsolutePath().normalize();
        if (!Files.isDirectory(p) && p.getFileName() != null) {
            String file = p.getFileName().toString();
            if (!WEIGHT_FILES.contains(file)) {
                int dot = file.lastIndexOf('.');
                return dot > 0 ? file.substring(0, dot) : file;
            }
            p = p.getParent();
        }
        if (p == null || p.getFileName() == null) {
            return "model";
        }
        String name = p.getFileName().toString();
        Path parent = p.getParent();
        if (GENERIC_FOLDERS.contains(name.toLowerCase(Locale.ROOT)) && parent != null && parent.getFileName() != null) {
            return parent.getFileName() + "/" + name;
        }
        return name;
    }

    /** The method, e.g. "attention rollout", "spatial attention of patch (3, 7, t=0)". */
    public static String method(RolloutParams p) {
        String base = switch (p.method()) {
            case ROLLOUT -> "attention rollout";
            case SPATIAL -> "spatial attention";
            case TEMPORAL -> "temporal attention";
            case GRAD_ROLLOUT -> "gradient-weighted rollout";
        };
        if (!p.query().cls()) {
            base += String.format(Locale.ROOT, " of patch (y %d, x %d, t %d)", p.query().y(), p.query().x(),
                    p.query().t());
        }
        if (p.discardRatio() > 0) {
            base += String.format(Locale.ROOT, ", discard %.2f", p.discardRatio());
        }
        return base;
    }

    /**
     * "layers 0–11" for a rollout, "layer 11" for a single-layer view: 0-based, as the CLI's options, the npz
     * arrays and the Hugging Face state dict ({@code encoder.layer.N}) number them; the one wording of a layer
     * range for figure titles, sidecars ({@link Sidecar#layers}) and {@code --help}.
     */
    public static String layers(RolloutParams p, int numLayers) {
        int last = p.lastLayer(numLayers);
        boolean range = p.method() == RolloutMethod.ROLLOUT || p.method() == RolloutMethod.GRAD_ROLLOUT;
        return range ? "layers " + p.startLayer() + "–" + last : "layer " + last;
    }

    /** "heads: mean" or "heads 2,5 at layer 3: max". */
    public static String heads(RolloutParams p) {
        String fusion = p.fusion().name().toLowerCase(Locale.ROOT);
        if (p.allHeads()) {
            return "heads: " + fusion;
        }
        String list = p.heads().stream().map(String::valueOf).collect(Collectors.joining(","));
        String at = p.headLayer() == RolloutParams.EVERY_LAYER ? "" : " at layer " + p.headLayer();
        return "heads " + list + at + ": " + fusion;
    }

    public static FigureCaption caption(String model, RolloutParams p, int numLayers, Predictions.Prediction top) {
        return new FigureCaption(model, method(p), layers(p, numLayers), heads(p), top == null ? null : top.label(),
                top == null ? null : top.probability());
    }

    /**
     * The caption of a gradient-weighted rollout: the method names the class explained (and the contrast),
     * and the class shown is the explained one with its probability, whatever the top class.
     */
    public static FigureCaption classCaption(String model, RolloutParams p, int numLayers, float[] logits,
            List<String> labels, org.spacetimelens.model.AttentionGradients g) {
        String target = label(labels, g.targetClass());
        String method = method(p) + " for " + target
                + (g.hasContrast() ? " rather than " + label(labels, g.contrastClass()) : "");
        double prob = Predictions.softmax(logits)[g.targetClass()];
        return new FigureCaption(model, method, layers(p, numLayers), heads(p), target, prob);
    }

    /** The label of a class, or {@code LABEL_i} (as {@link Predictions#top}) when the model has none for it. */
    public static String label(List<String> labels, int index) {
        return labels != null && index < labels.size() && labels.get(index) != null ? labels.get(index)
                : "LABEL_" + index;
    }
}
