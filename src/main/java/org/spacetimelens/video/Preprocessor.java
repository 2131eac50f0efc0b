package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;
import org.spacetimelens.model.PreprocessConfig;

/**
 * Turns decoded frames into the model's input exactly as the Hugging Face {@code
 * TimesformerImageProcessor} (classic, PIL-based) does, frame by frame:
 * <ol>
 *   <li>RGB;</li>
 *   <li>resize the shortest edge to {@code shortestEdge}, the other to {@code int(S * long / short)}
 *       — or, for a {@code size: {height, width}} preprocessor, to exactly that —
 *       (HF {@code get_resize_output_image_size}), with PIL's antialiased BILINEAR on 8-bit pixels
 *       ({@link PilBilinear}, bit-exact);</li>
 *   <li>centre crop {@code cropSize}: {@code top = (h - crop) // 2}, {@code left = (w - crop) // 2} — HF's
 *       {@code image_transforms.center_crop} floors, where torchvision rounds ({@code int(round(...))});
 *       a frame smaller than the crop is padded with zeros as HF does;</li>
 *   <li>{@code x * rescaleFactor} computed in double then stored as float32, then {@code (x - mean) / std} in
 *       float32 — the same operations and precisions as HF's {@code rescale} and {@code normalize}.</li>
 * </ol>
 * Newer transformers releases also ship a torchvision-based {@code TimesformerVideoProcessor}; its
 * antialiased uint8 bilinear follows PIL, but its centre crop rounds, so results can differ by one
 * column when {@code (w - crop)} is odd.
 *
 * <p>Immutable and thread-safe; frames of a clip are processed in parallel.
 */
public final class Preprocessor {

    private final PreprocessConfig config;

    public Preprocessor(PreprocessConfig config) {
        if (config.shortestEdge() < 1 || config.cropSize() < 1) {
            throw new IllegalArgumentException("shortest edge and crop size must be >= 1, got "
                    + config.shortestEdge() + " and " + config.cropSize());
        }
        if (config.mean().length != 3 || config.std().length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB), got "
                    + config.mean().length + " and " + config.std().length);
        }
        for (float s : config.std()) {
            if (s == 0f || Float.isNaN(s)) {
                throw new IllegalArgumentException("std values must be non-zero numbers");
            }
        }
        this.config = config;
    }

    public PreprocessConfig config() {
        return config;
    }

    /** Size {@code {width, height}} a {@code width x height} frame is resized to before the crop. */
    public int[] resizedSize(int width, int height) {
        if (config.exactResize()) {
            return new int[] {config.resizeWidth(), config.resizeHeight()}; // HF: size {height, width}
        }
        int s = config.shortestEdge();
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        // Python: int(size * long / short), true division then truncation.
        int newLong = (int) ((double) ((long) s * longSide) / shortSide);
        return width <= height ? new int[] {s, newLong} : new int[] {newLong, s};
    }

    /**
     * Where the crop sits for frames of this size. {@code scale} is {@code shortestEdge / shortSide}
     * (exact on the short axis; on the long axis the resized length was truncated to an integer, which
     * moves edges by less than one resized pixel). With an exact resize the two axes scale separately.
     */
    public CropGeometry geometry(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        int[] r = resizedSize(width, height);
        int crop = config.cropSize();
        if (config.exactResize()) {
            return new CropGeometry(width, height, (double) r[0] / width, Math.floorDiv(r[0] - crop, 2),
                    Math.floorDiv(r[1] - crop, 2), crop, (double) r[1] / height);
        }
        double scale = (double) config.shortestEdge() / Math.min(width, height);
        return new CropGeometry(width, height, scale, Math.floorDiv(r[0] - crop, 2), Math.floorDiv(r[1] - crop, 2),
                crop);
    }

    /** Preprocesses a clip's frames. */
    public ClipTensor apply(Clip clip) {
        return apply(clip.frames());
    }

    /** Preprocesses frames of one size into {@code (T, 3, crop, crop)}. */
    public ClipTensor apply(List<BufferedImage> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to preprocess");
        }
        int width = frames.get(0).getWidth();
        int height = frames.get(0).getHeight();
        for (BufferedImage f : frames) {
            if (f.getWidth() != width || f.getHeight() != height) {
                throw new IllegalArgumentException("frames of one clip must share a size: " + width + "x" + height
                        + " and " + f.getWidth() + "x" + f.getHeight());
            }
        }
        int s = config.cropSize();
        int plane = s * s;
        float[] data = new float[frames.size() * 3 * plane];
        double rescale = config.rescaleFactor();
        float[] mean = config.mean();
        float[] std = config.std();
        IntStream.range(0, frames.size()).parallel().forEach(t -> {
            Pixels px = cropped(frames.get(t));
            int base = t * 3 * plane;
            for (int c = 0; c < 3; c++) {
                int offset = px.offsetOf(c);
                float m = mean[c];
                float sd = std[c];
                int dst = base + c * plane;
                for (int i = 0; i < plane; i++) {
                    float x = (float) ((px.bytes[i * 3 + offset] & 0xFF) * rescale);
                    data[dst + i] = (x - m) / sd;
                }
            }
        });
        return new ClipTensor(data, frames.size(), s, s, geometry(width, height));
    }

    /**
     * The 8-bit picture the model sees for this frame (resized and cropped, before rescale and
     * normalisation), as a {@code crop x crop} {@code TYPE_3BYTE_BGR} image.
     */
    public BufferedImage modelView(BufferedImage frame) {
        Pixels px = cropped(frame);
        int s = config.cropSize();
        BufferedImage out = new BufferedImage(s, s, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = Frames.bgrData(out);
        for (int i = 0; i < s * s; i++) {
            dst[i * 3] = px.bytes[i * 3 + px.offsetOf(2)];
            dst[i * 3 + 1] = px.bytes[i * 3 + px.offsetOf(1)];
            dst[i * 3 + 2] = px.bytes[i * 3 + px.offsetOf(0)];
        }
        return out;
    }

    /** Packed 3-channel pixels, RGB or BGR order. */
    private record Pixels(byte[] bytes, boolean bgr) {
        /** Byte offset of channel c (0 = R) within a pixel. */
        int offsetOf(int c) {
            return bgr ? 2 - c : c;
        }
    }

    /**
     * Resized and cropped pixels ({@code crop*crop*3}); zero where the crop overhangs the frame. BGR
     * frames (what the sources return) are resampled as stored: the filter works per channel, and
     * skipping the RGB copy saves a pass over the full frame.
     */
    private Pixels cropped(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        boolean bgr = Frames.isPlainBgr(frame);
        byte[] src = bgr ? Frames.bgrData(frame) : Frames.toRgb(frame);
        int[] r = resizedSize(w, h);
        CropGeometry g = geometry(w, h);
        int s = config.cropSize();
        // Part of the crop that lies inside the resized frame.
        int x0 = Math.max(g.cropX(), 0);
        int y0 = Math.max(g.cropY(), 0);
        int x1 = Math.min(g.cropX() + s, r[0]);
        int y1 = Math.min(g.cropY() + s, r[1]);
        byte[] window = PilBilinear.resizeWindow(src, w, h, r[0], r[1], x0, y0, x1 - x0, y1 - y0);
        if (x0 - g.cropX() == 0 && y0 - g.cropY() == 0 && x1 - x0 == s && y1 - y0 == s) {
            return new Pixels(window, bgr);
        }
        byte[] out = new byte[s * s * 3];
        int rowBytes = (x1 - x0) * 3;
        for (int y = y0; y < y1; y++) {
            System.arraycopy(window, (y - y0) * rowBytes, out, ((y - g.cropY()) * s + (x0 - g.cropX())) * 3, rowBytes);
        }
        return new Pixels(out, bgr);
    }
}
