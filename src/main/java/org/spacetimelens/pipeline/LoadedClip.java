package org.spacetimelens.pipeline;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoInfo;
import org.spacetimelens.video.VideoSource;

/**
 * An input made ready for the model: the clip's frames sampled and preprocessed (or a tensor read as is),
 * with what is needed to draw on it. For videos the source stays open (for an overlay video of the whole
 * span) until {@link #close()}.
 *
 * @param path      the input
 * @param kind      tensor, video file or frame folder
 * @param tensor    the model's input {@code (T, 3, H, W)}; its geometry places the crop in the source
 *                  frames (for a tensor, the whole frame)
 * @param clip      source frames with indices and timestamps; for a tensor, its de-normalised pictures with
 *                  indices 0..T-1 and NaN timestamps, or {@code null} when not asked for
 * @param source    the open video, {@code null} for a tensor
 * @param selection how the frames were chosen, {@code null} for a tensor
 * @param notes     warnings worth showing (sampling changes, video quirks)
 */
public record LoadedClip(Path path, InputKind kind, ClipTensor tensor, Clip clip, VideoSource source,
                         Sampling.Selection selection, List<String> notes) implements AutoCloseable {

    public LoadedClip {
        notes = List.copyOf(notes);
    }

    /**
     * Loads any input: a {@code .npy} tensor, a video file or a frame folder.
     *
     * @param sampling   which frames (videos only)
     * @param pre        the checkpoint's preprocessing
     * @param clipLength frames the model takes (uniform and window sampling)
     * @param pictures   for a tensor: also make pictures to draw on
     * @throws VideoException an unreadable video or a clip the video cannot give
     * @throws IOException    an unreadable or malformed tensor
     */
    public static LoadedClip load(Path path, Sampling sampling, PreprocessConfig pre, int clipLength, boolean pictures)
            throws IOException, VideoException {
        InputKind kind = InputKind.of(path);
        if (kind == InputKind.TENSOR) {
            return tensor(path, pre, pictures);
        }
        if (!Files.exists(path)) {
            throw new VideoException(VideoException.Kind.NOT_FOUND, path, "no such video file or frame folder");
        }
        VideoSource source = VideoSource.open(path);
        try {
            VideoInfo info = source.info();
            Sampling.Selection sel = sampling.select(info.frameCount(), clipLength);
            Clip clip = source.clip(sel.indices());
            if (source.redecodeIfDamaged()) {
                clip = source.clip(sel.indices()); // damaged stream: again, without thread-timing dependence
            }
            ClipTensor tensor = new Preprocessor(pre).apply(clip);
            List<String> notes = new ArrayList<>(info.notes());
            notes.addAll(sel.notes());
            int damaged = source.framesWithDecodeErrors();
            if (damaged > 0) {
                notes.add(damaged + " of the " + sel.indices().length + " sampled frames had decode errors (damaged "
                        + "stream; FFmpeg concealed them, so those maps may be unreliable)");
            }
            return new LoadedClip(path, kind, tensor, clip, source, sel, notes);
        } catch (VideoException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * Reads and checks a preprocessed {@code .npy} clip: float32, {@code (T, 3, H, W)}. Its geometry is the
     * identity (the whole {@code W × H} frame, square or not).
     *
     * @throws IOException naming the file and the defect
     */
    public static ClipTensor readTensor(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        NpyFile.Array array = NpyFile.readFloat32(path);
        int[] s = array.shape();
        if (s.length != 4 || s[1] != 3 || s[0] < 1 || s[2] < 1 || s[3] < 1) {
            throw new IOException(path + ": shape " + Arrays.toString(s) + " is not (T, 3, H, W) with T, H, W >= 1");
        }
        CropGeometry geometry = CropGeometry.identity(s[3], s[2]);
        return new ClipTensor(array.data(), s[0], s[2], s[3], geometry);
    }

    private static LoadedClip tensor(Path path, PreprocessConfig pre, boolean pictures) throws IOException {
        ClipTensor tensor = readTensor(path);
        int[] s = {tensor.frames(), 3, tensor.height(), tensor.width()};
        Clip clip = null;
        if (pictures) {
            List<BufferedImage> images = TensorFrames.images(tensor, pre);
            int[] idx = new int[s[0]];
            double[] times = new double[s[0]];
            for (int t = 0; t < idx.length; t++) {
                idx[t] = t;
                times[t] = Double.NaN;
            }
            clip = new Clip(idx, times, images);
        }
        return new LoadedClip(path, InputKind.TENSOR, tensor, clip, null, null, List.of());
    }

    /** Source frame index per clip position (0..T-1 for a tensor). */
    public int[] frameIndices() {
        if (clip != null) {
            return clip.frameIndices().clone();
        }
        int[] idx = new int[tensor.frames()];
        Arrays.setAll(idx, t -> t);
        return idx;
    }

    /** Seconds per clip position (NaN for a tensor). */
    public double[] timestamps() {
        if (clip != null) {
            return clip.timestamps().clone();
        }
        double[] t = new double[tensor.frames()];
        Arrays.fill(t, Double.NaN);
        return t;
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }
}
