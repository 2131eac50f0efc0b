package org.spacetimelens.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Ground truth of the demo video ({@code demo.json}): per-frame target boxes in video pixels
 * ({@code [x0, y0, x1, y1]}, exclusive ends) and labels, plus the episodes and how the model is
 * meant to sample the video (windows of {@code modelFrames} frames every {@code samplingRate}
 * frames — one such window inside an episode is exactly a training clip).
 */
public record DemoSidecar(String video, int width, int height, double fps, int frameCount, int modelFrames,
        int samplingRate, int episodeFrames, long seed, List<String> labels, List<Episode> episodes,
        List<FrameTruth> frames) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One episode: frames [startFrame, endFrame] (inclusive) of one scene and one label. */
    public record Episode(int index, int startFrame, int endFrame, String label, int labelId) {
    }

    /** One video frame's truth. */
    public record FrameTruth(int frame, int episode, String label, double[] box, boolean visible,
            double visibleFraction, boolean partlyOutOfFrame, boolean occluded) {
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads a sidecar; the message names the file when it is missing or malformed. */
    public static DemoSidecar read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), DemoSidecar.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable demo sidecar (" + e.getMessage() + ")", e);
        }
    }
}
