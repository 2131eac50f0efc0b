package org.spacetimelens.app;

import java.util.List;
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
import javafx.scene.image.Image;
import org.spacetimelens.render.MapDifference;

/**
 * The compare mode's observable state (part of {@link ViewState}): whether it is on, how many panes
 * (2 or 4), which one the side panel edits, whether the difference A − B is shown, the shared pan and
 * hover point, and what was drawn. Touch it on the FX thread only; {@link CompareController} does the work.
 */
final class CompareMode {
    static final List<String> LABELS = List.of("A", "B", "C", "D");

    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);
    private final IntegerProperty paneCount = new SimpleIntegerProperty(this, "paneCount", 2);
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", 0);
    private final BooleanProperty difference = new SimpleBooleanProperty(this, "difference", false);
    private final List<ComparePane> panes = LABELS.stream().map(ComparePane::new).toList();
    // shared by every pane: pan in view pixels, the hovered image point (NaN: none)
    private final DoubleProperty panX = new SimpleDoubleProperty(this, "panX", 0);
    private final DoubleProperty panY = new SimpleDoubleProperty(this, "panY", 0);
    private final ObjectProperty<double[]> hoverPoint = new SimpleObjectProperty<>(this, "hoverPoint");
    private final StringProperty readOut = new SimpleStringProperty(this, "readOut", "");
    // results
    private final ObjectProperty<Image> differenceImage = new SimpleObjectProperty<>(this, "differenceImage");
    private final ObjectProperty<MapDifference> differenceMaps = new SimpleObjectProperty<>(this, "differenceMaps");
    private final StringProperty differenceMessage = new SimpleStringProperty(this, "differenceMessage", "");
    private final StringProperty differenceUnits = new SimpleStringProperty(this, "differenceUnits", "");
    private final IntegerProperty shownFrame = new SimpleIntegerProperty(this, "shownFrame", -1);
    private final IntegerProperty shownClipFrame = new SimpleIntegerProperty(this, "shownClipFrame", -1);
    private final LongProperty drawn = new SimpleLongProperty(this, "drawn", 0);

    /** Compare mode on: the centre shows the panes instead of the single frame. */
    BooleanProperty activeProperty() { return active; }
    /** 2 or 4. */
    IntegerProperty paneCountProperty() { return paneCount; }
    /** Index of the pane the side panel edits. */
    IntegerProperty selectedProperty() { return selected; }
    /** Show the difference A − B as an extra pane. */
    BooleanProperty differenceProperty() { return difference; }
    /** All four panes; the first {@link #paneCountProperty()} are shown. */
    List<ComparePane> panes() { return panes; }
    /** The panes shown now. */
    List<ComparePane> shownPanes() { return panes.subList(0, Math.max(1, Math.min(4, paneCount.get()))); }
    ComparePane selectedPane() { return panes.get(selected.get()); }
    DoubleProperty panXProperty() { return panX; }
    DoubleProperty panYProperty() { return panY; }
    /** The source-image point under the cursor in any pane ({x, y}), or null. */
    ObjectProperty<double[]> hoverPointProperty() { return hoverPoint; }
    /** The hover read-out every pane shows: each pane's value under the cursor, and A − B. */
    StringProperty readOutProperty() { return readOut; }
    ObjectProperty<Image> differenceImageProperty() { return differenceImage; }
    ObjectProperty<MapDifference> differenceMapsProperty() { return differenceMaps; }
    /** Why no difference can be drawn (maps of different shapes), or "". */
    StringProperty differenceMessageProperty() { return differenceMessage; }
    /** A − B's units in words, for its colour bar. */
    StringProperty differenceUnitsProperty() { return differenceUnits; }
    /** The video frame the panes show, or -1. */
    IntegerProperty shownFrameProperty() { return shownFrame; }
    /** The clip frame t whose maps the panes draw, or -1 (outside the analysed clip). */
    IntegerProperty shownClipFrameProperty() { return shownClipFrame; }
    /** Counts the draws put on screen (tests and the benchmark wait on it). */
    LongProperty drawnProperty() { return drawn; }
}
