package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Proves that TestFX drives a real stage under headless Monocle with the pom's versions. */
@ExtendWith(ApplicationExtension.class)
class MonocleSmokeTest {
    private int clicks;

    @Start
    void start(Stage stage) {
        Button b = new Button("press");
        b.setId("b");
        b.setOnAction(e -> clicks++);
        stage.setScene(new Scene(new StackPane(b), 200, 100));
        stage.show();
    }

    @Test
    void clickReachesButton(FxRobot robot) {
        robot.clickOn("#b");
        assertThat(clicks).isEqualTo(1);
    }
}
