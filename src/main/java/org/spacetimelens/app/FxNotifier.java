package org.spacetimelens.app;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Inline ControlsFX notifications in the window's corner; errors stay longer than infos. */
final class FxNotifier implements Notifier {
    private final Window owner;
    private final ViewState state;

    FxNotifier(Window owner, ViewState state) {
        this.owner = owner;
        this.state = state;
    }

    @Override
    public void error(String title, String message) {
        create(title, message, 10).showError();
    }

    @Override
    public void info(String title, String message) {
        create(title, message, 4).showInformation();
    }

    private Notifications create(String title, String message, double seconds) {
        Notifications n = Notifications.create().owner(owner).title(title).text(message)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(seconds));
        if (state.themeProperty().get() == ThemeChoice.DARK) {
            n = n.darkStyle();
        }
        return n;
    }
}
