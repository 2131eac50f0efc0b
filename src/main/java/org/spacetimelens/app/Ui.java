package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.Property;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Small builders so every panel uses the same spacing, type scale and control styles. */
final class Ui {
    static final double GAP = 8;
    static final double LABEL_WIDTH = 92;

    private Ui() {
    }

    /** A titled block of the side panel. */
    static VBox section(String title, String icon, Node... content) {
        Label head = new Label(title.toUpperCase(java.util.Locale.ROOT), Icons.icon(icon, 14));
        head.getStyleClass().add("section-title");
        VBox box = new VBox(GAP, head);
        box.getChildren().addAll(content);
        box.getStyleClass().add("side-section");
        box.setPadding(new Insets(12, 14, 14, 14));
        return box;
    }

    /** "Label   control" with a fixed label column so rows line up. */
    static HBox row(String label, Node control) {
        Label l = new Label(label);
        l.getStyleClass().add("row-label");
        l.setMinWidth(LABEL_WIDTH);
        l.setPrefWidth(LABEL_WIDTH);
        HBox.setHgrow(control, Priority.ALWAYS);
        if (control instanceof Region r) {
            r.setMaxWidth(Double.MAX_VALUE);
        }
        HBox box = new HBox(GAP, l, control);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** A pill-shaped segmented choice bound both ways to {@code property}. */
    static <E> HBox segmented(List<E> values, Property<E> property, Function<E, String> label, String id) {
        ToggleGroup group = new ToggleGroup();
        HBox box = new HBox();
        box.setId(id);
        for (int i = 0; i < values.size(); i++) {
            E v = values.get(i);
            ToggleButton b = new ToggleButton(label.apply(v));
            b.setUserData(v);
            b.setToggleGroup(group);
            b.setId(id + "-" + v.toString().toLowerCase(java.util.Locale.ROOT));
            b.setFocusTraversable(false);
            b.getStyleClass().add(values.size() == 1 ? "" : i == 0 ? Styles.LEFT_PILL
                    : i == values.size() - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
            box.getChildren().add(b);
        }
        Runnable sync = () -> group.getToggles().forEach(t -> t.setSelected(java.util.Objects.equals(t.getUserData(), property.getValue())));
        sync.run();
        property.addListener((o, a, b) -> sync.run());
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                sync.run(); // a segmented control always has one choice
            } else {
                property.setValue(cast(b.getUserData()));
            }
        });
        return box;
    }

    @SuppressWarnings("unchecked")
    private static <E> E cast(Object o) {
        return (E) o;
    }

    /** A combo box over {@code values} bound both ways to {@code property}. */
    static <E> ComboBox<E> combo(List<E> values, Property<E> property, Function<E, String> label, String id) {
        ComboBox<E> box = new ComboBox<>();
        box.getItems().setAll(values);
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(E e) {
                return e == null ? "" : label.apply(e);
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        });
        box.valueProperty().bindBidirectional(property);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setFocusTraversable(false);
        return box;
    }

    /** A slider with its value printed beside it, bound both ways to {@code property}. */
    static HBox slider(DoubleProperty property, double min, double max, String format, String id, String tip) {
        Slider s = new Slider(min, max, property.get());
        s.setId(id);
        s.valueProperty().bindBidirectional(property);
        s.setFocusTraversable(false);
        Label value = new Label();
        value.getStyleClass().add("value-label");
        value.setMinWidth(40);
        value.setAlignment(Pos.CENTER_RIGHT);
        value.textProperty().bind(property.asString(format));
        HBox.setHgrow(s, Priority.ALWAYS);
        HBox box = new HBox(6, s, value);
        box.setAlignment(Pos.CENTER_LEFT);
        if (tip != null) {
            Tooltip.install(s, new Tooltip(tip));
        }
        return box;
    }

    /** Muted helper text. */
    static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        l.setWrapText(true);
        return l;
    }

    /** Title-cases an enum constant: GLOBAL_MAX → "Global max". */
    static String pretty(Enum<?> e) {
        String s = e.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
