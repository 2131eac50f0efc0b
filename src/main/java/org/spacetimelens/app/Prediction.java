package org.spacetimelens.app;

/** One class of the model's output with its softmax probability. */
public record Prediction(int classIndex, String label, double probability) {
}
