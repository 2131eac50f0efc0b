package org.spacetimelens.app;

import atlantafx.base.controls.ModalPane;
import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.FadeTransition;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The cards shown over the window: the keyboard sheet ({@code ?}), Messages and About. */
final class ModalSheets {
    private final ModalPane modal = new ModalPane();

    ModalSheets() {
        // Short fades instead of the default slide: calmer, and no half-drawn frames on slow pipelines.
        modal.setInTransitionFactory(node -> fade(node, 0, 1));
        modal.setOutTransitionFactory(node -> fade(node, 1, 0));
    }

    Node pane() {
        return modal;
    }

    boolean showing() {
        return modal.isDisplay();
    }

    void close() {
        modal.hide(true);
    }

    /** Shows the keyboard sheet for these shortcuts, or closes it when it is up. */
    void toggleHelp(List<KeyMap.Shortcut> shortcuts) {
        if (modal.isDisplay()) {
            modal.hide(true);
            return;
        }
        modal.show(KeyMap.sheet(shortcuts, this::close));
    }

    void showAbout() {
        Label text = label("Divided space-time rollout after the published recipe; maps computed by the core, "
                + "drawn by the viewer.", Styles.TEXT_MUTED);
        text.setWrapText(true);
        Button close = new Button("Close");
        close.setOnAction(e -> modal.hide(true));
        VBox box = new VBox(8, label("Spacetime Lens", Styles.TITLE_3),
                new Label("Attention rollout for video transformers: TimeSformer, VideoMAE, ViViT."), text, close);
        box.getStyleClass().add("modal-card");
        box.setMaxSize(420, Region.USE_PREF_SIZE);
        box.setPadding(new Insets(20));
        modal.show(box);
    }

    /** View ▸ Messages: every error and warning of the session, newest last, with its time. */
    void showMessages(MessageLog log) {
        javafx.scene.control.ListView<MessageLog.Entry> list = new javafx.scene.control.ListView<>(log.entries());
        list.setId("messageList");
        list.setPlaceholder(new Label("No errors or warnings so far."));
        list.setPrefSize(720, 320);
        if (!log.entries().isEmpty()) {
            list.scrollTo(log.entries().size() - 1);
        }
        Button close = new Button("Close");
        close.setOnAction(e -> modal.hide(true));
        VBox box = new VBox(8, label("Messages", Styles.TITLE_3), list, close);
        box.getStyleClass().add("modal-card");
        box.setMaxSize(760, Region.USE_PREF_SIZE);
        box.setPadding(new Insets(20));
        modal.show(box);
    }

    static Label label(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().add(style);
        return l;
    }

    private static Animation fade(Node node, double from, double to) {
        FadeTransition f = new FadeTransition(Duration.millis(120), node);
        f.setFromValue(from);
        f.setToValue(to);
        return f;
    }
}
