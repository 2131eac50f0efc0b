package org.spacetimelens.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.spacetimelens.demo.DemoSidecar;

/** Ground truth and sampling advice for a video from a demo sidecar beside it. */
final class DemoHints {
    private DemoHints() {
    }

    /**
     * Reads a demo sidecar ({@code <stem>.json} or {@code demo.json} beside the video) that describes
     * this video; anything unreadable or describing another file is ignored (hints are optional).
     */
    static Optional<VideoHints> of(Path video) {
        Path dir = video.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(video)) {
            return Optional.empty();
        }
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        for (Path candidate : List.of(dir.resolve((dot > 0 ? name.substring(0, dot) : name) + ".json"),
                dir.resolve("demo.json"))) {
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            try {
                DemoSidecar s = DemoSidecar.read(candidate);
                if (!name.equals(s.video()) || s.frames() == null) {
                    continue;
                }
                List<String> labels = new ArrayList<>();
                List<double[]> boxes = new ArrayList<>();
                for (DemoSidecar.FrameTruth f : s.frames()) {
                    labels.add(f.label());
                    boxes.add(f.visible() ? f.box() : null);
                }
                return Optional.of(new VideoHints(s.modelFrames(), s.samplingRate(), labels, boxes));
            } catch (IOException | RuntimeException e) {
                // Not a demo sidecar: the video opens without hints.
            }
        }
        return Optional.empty();
    }
}
