package org.spacetimelens.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The video transformer architectures Spacetime Lens loads, by Hugging Face {@code model_type}. */
public enum ModelFamily {
    /** {@code TimesformerForVideoClassification} (and facebookresearch {@code .pyth} files). */
    TIMESFORMER("timesformer", "TimeSformer"),
    /** {@code VideoMAEForVideoClassification}: joint attention over tubelets, no CLS, mean pooling. */
    VIDEOMAE("videomae", "VideoMAE"),
    /** {@code VivitForVideoClassification}: joint attention over tubelets with a CLS token. */
    VIVIT("vivit", "ViViT");

    private final String modelType;
    private final String displayName;

    ModelFamily(String modelType, String displayName) {
        this.modelType = modelType;
        this.displayName = displayName;
    }

    /** The {@code model_type} of {@code config.json}. */
    public String modelType() {
        return modelType;
    }

    public String displayName() {
        return displayName;
    }

    /** The family of a {@code model_type}, or null when none has it. */
    public static ModelFamily ofModelType(String modelType) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(modelType.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** "timesformer, videomae, vivit". */
    public static String supported() {
        return Arrays.stream(values()).map(ModelFamily::modelType).collect(Collectors.joining(", "));
    }
}
