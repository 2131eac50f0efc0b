package org.spacetimelens.app;

import javafx.scene.image.Image;

/** A filmstrip tile: the source frame it shows and its small image. */
public record Thumbnail(int frame, Image image) {
}
