package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.spacetimelens.model.Logits;
import org.spacetimelens.model.PreprocessConfig;

/**
 * Runs a model on the encoded demo video as a user would see it: the decoded frames (codec
 * artefacts included), one window of {@code modelFrames} frames every {@code samplingRate} frames
 * per episode, resized to the model's size.
 */
public final class DemoVideoCheck {
    private DemoVideoCheck() {
    }

    /** One episode's prediction. */
    public record EpisodePrediction(int episode, String truth, String predicted, int[] frames) {
        public boolean correct() {
            return truth.equals(predicted);
        }
    }

    /** Decodes every frame of a video (the demo video is short: a few hundred 384 px frames). */
    public static List<BufferedImage> decode(Path video) throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            g.start();
            Frame f;
            while ((f = g.grabImage()) != null) {
                BufferedImage src = conv.convert(f);
                BufferedImage copy = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
                copy.getGraphics().drawImage(src, 0, 0, null);
                frames.add(copy);
            }
            g.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IOException(video + ": cannot decode (" + e.getMessage() + ")", e);
        }
        return frames;
    }

    /** Predicts each episode from the window starting one sampling step into it. */
    public static List<EpisodePrediction> episodes(Path video, DemoSidecar sidecar, ClipPredictor model,
            PreprocessConfig pp, List<String> labels) throws IOException {
        List<BufferedImage> frames = decode(video);
        if (frames.size() != sidecar.frameCount()) {
            throw new IOException(video + ": decoded " + frames.size() + " frames, sidecar says " + sidecar.frameCount());
        }
        List<EpisodePrediction> out = new ArrayList<>();
        for (DemoSidecar.Episode e : sidecar.episodes()) {
            int[] idx = new int[sidecar.modelFrames()];
            List<BufferedImage> window = new ArrayList<>();
            int offset = Math.min(sidecar.samplingRate() / 2, e.endFrame() - e.startFrame());
            for (int k = 0; k < idx.length; k++) {
                idx[k] = Math.min(e.endFrame(), e.startFrame() + offset + k * sidecar.samplingRate());
                window.add(frames.get(idx[k]));
            }
            float[] logits = model.forward(ClipTensors.of(window, pp), false).logits();
            out.add(new EpisodePrediction(e.index(), e.label(), labels.get(Logits.argmax(logits)), idx));
        }
        return out;
    }
}
