package org.spacetimelens.demo;

import java.util.List;

/**
 * The demo task's classes: what the red target does over a clip. Every class needs several
 * frames to tell apart (one frame shows a position, never a motion); distractors use the same
 * vocabulary, so the model must find the target first and then follow it.
 */
public enum Motion {
    LEFT("moves left"),
    RIGHT("moves right"),
    UP("moves up"),
    DOWN("moves down"),
    CIRCLES("circles"),
    STILL("stays still");

    private final String label;

    Motion(String label) {
        this.label = label;
    }

    /** The readable class name written to {@code id2label}. */
    public String label() {
        return label;
    }

    /** Class names in id order (index = class id). */
    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(Motion::label).toList();
    }
}
