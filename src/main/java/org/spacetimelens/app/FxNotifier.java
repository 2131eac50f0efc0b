package org.spacetimelens.app;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Inline ControlsFX notifications in the window's corner; errors stay longer than infos. Styled in
 * app.css with the theme's colours (ControlsFX puts its popups under the owner scene's stylesheets).
 */
final class FxNotifier implements Notifier {
    private final Window owner;

    FxNotifier(Window owner) {
        this.owner = owner;
    }

    @Override
    public void error(String title, String message) {
        create(title, message, 10, "mdi2a-alert-circle-outline", "notify-error").show();
    }

    @Override
    public void info(String title, String message) {
        create(title, message, 4, "mdi2c-check-circle-outline", "notify-info").show();
    }

    private Notifications create(String title, String message, double seconds, String icon, String style) {
        FontIcon graphic = Icons.icon(icon, 24);
        graphic.getStyleClass().add(style);
        return Notifications.create().owner(owner).title(title).text(message).graphic(graphic)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(seconds)).styleClass("stl-notification");
    }
}
