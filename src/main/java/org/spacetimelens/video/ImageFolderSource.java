package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of numbered frame images, the layout video tooling extracts into ({@code img_00001.jpg},
 * {@code 000001.png}...). Files are ordered by natural numeric order of their names. When the folder
 * mixes several numbered series (mmaction's rawframes put {@code img_*}, {@code flow_x_*} and {@code
 * flow_y_*} side by side) the {@code img} series is used, else the largest; the others are named in
 * {@link VideoInfo#notes()}.
 */
final class ImageFolderSource extends AbstractVideoSource {

    private static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final List<Path> files;
    private final int width;
    private final int height;

    private ImageFolderSource(VideoInfo info, VideoOptions options, List<Path> files) {
        super(info, options);
        this.files = files;
        this.width = info.width();
        this.height = info.height();
    }

    static ImageFolderSource open(Path dir, VideoOptions options) throws VideoException {
        List<Path> images;
        try (Stream<Path> list = Files.list(dir)) {
            images = list.filter(Files::isRegularFile).filter(ImageFolderSource::isImage).toList();
        } catch (IOException e) {
            throw new VideoException(VideoException.Kind.UNREADABLE, dir,
                    "cannot list the frame folder (" + e.getMessage() + "); check permissions", e);
        }
        if (images.isEmpty()) {
            throw new VideoException(VideoException.Kind.NO_FRAMES, dir,
                    "the folder holds no frame images (" + String.join(", ", EXTENSIONS)
                            + "); point to a video file or a folder of extracted frames");
        }
        List<String> notes = new ArrayList<>();
        List<Path> series = chooseSeries(images, notes);
        series = new ArrayList<>(series);
        series.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), ImageFolderSource::compareNatural));

        BufferedImage first = read(dir, series.get(0));
        int codedW = first.getWidth();
        int codedH = first.getHeight();
        int[] size = scaledSize(codedW, codedH, options.maxFrameSide());
        if (size[0] != codedW || size[1] != codedH) {
            notes.add("frames are " + codedW + "x" + codedH + ", decoded scaled to " + size[0] + "x" + size[1]);
        }
        notes.add("image folders carry no timing; assumed " + options.folderFps() + " fps");
        String ext = extension(series.get(0));
        VideoInfo info = new VideoInfo(dir, "images(" + ext + ")", series.size(), FrameCountMethod.FILE_COUNT, -1,
                options.folderFps(), series.size() / options.folderFps(), size[0], size[1], codedW, codedH, 0, notes);
        return new ImageFolderSource(info, options, List.copyOf(series));
    }

    @Override
    BufferedImage decode(int index) throws VideoException {
        Path file = files.get(index);
        BufferedImage image = read(info().path(), file);
        int[] expected = {info().codedWidth(), info().codedHeight()};
        if (image.getWidth() != expected[0] || image.getHeight() != expected[1]) {
            throw new VideoException(VideoException.Kind.UNSUPPORTED_SIZE, info().path(),
                    "frame file " + file.getFileName() + " is " + image.getWidth() + "x" + image.getHeight()
                            + " but the first frame is " + expected[0] + "x" + expected[1]
                            + "; all frames of a folder must share one size");
        }
        BufferedImage bgr = Frames.toBgr(image);
        if (bgr.getWidth() != width || bgr.getHeight() != height) {
            bgr = Frames.fit(bgr, Math.max(width, height));
        }
        return bgr;
    }

    @Override
    void release() {
        // Nothing native to free.
    }

    /** The files of the folder, in frame order. */
    List<Path> files() {
        return files;
    }

    static int[] scaledSize(int w, int h, int maxSide) {
        if (Math.max(w, h) <= maxSide) {
            return new int[] {w, h};
        }
        double scale = (double) maxSide / Math.max(w, h);
        return new int[] {Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale))};
    }

    /** Frames larger than this many pixels are refused (a 16384 x 16384 picture, as for video files). */
    static final long MAX_PIXELS = 1L << 28;
    /**
     * Most decoded bytes (3 per pixel) a file may claim per byte it holds. Deflate (PNG) expands at most
     * ~1032:1; JPEG of flat colour reaches a few hundred to one. A header claiming more is damaged or
     * hostile (found by fuzzing: a 185-byte PNG claiming 67108868 x 3 pixels took 7.6 s and 600 MB).
     */
    static final long MAX_EXPANSION = 4096;

    private static BufferedImage read(Path dir, Path file) throws VideoException {
        try {
            BufferedImage image = readChecked(dir, file);
            if (image == null) {
                throw new VideoException(VideoException.Kind.DECODE_FAILED, dir, "frame file " + file.getFileName()
                        + " is not a readable image; re-extract the frames or remove the file");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            // ImageIO throws unchecked exceptions on some corrupt files (e.g. CMYK JPEGs, bad headers).
            throw new VideoException(VideoException.Kind.DECODE_FAILED, dir, "frame file " + file.getFileName()
                    + " could not be read (" + e + "); re-extract the frames or remove the file", e);
        }
    }

    /**
     * {@code ImageIO.read}, with the size the header claims checked before any pixel buffer is made:
     * the same reader choice and calls, split to look at the header first.
     */
    private static BufferedImage readChecked(Path dir, Path file) throws IOException, VideoException {
        long fileBytes = Files.size(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS || w * h * 3 > MAX_EXPANSION * Math.max(fileBytes, 1)) {
                    throw new VideoException(VideoException.Kind.UNSUPPORTED_SIZE, dir, "frame file " + file.getFileName()
                            + " claims " + w + "x" + h + " pixels, " + (w * h > MAX_PIXELS ? "more than the 16384x16384 limit"
                                    : "more than its " + fileBytes + " bytes can hold (damaged file)")
                            + "; re-extract the frames or remove the file");
                }
                checkBmpData(dir, file, reader, fileBytes);
                return reader.read(0, reader.getDefaultReadParam());
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The JDK's BMP reader allocates a buffer of the size the header claims for compressed data (RLE:
     * {@code biSizeImage}, or {@code bfSize - bfOffBits} when that is 0; embedded JPEG/PNG: {@code
     * biSizeImage}) before reading it, up to 2 GB for a 70-byte file (found by fuzzing: one input took
     * 3 s of CPU zeroing the buffer). A compressed BMP claiming more data bytes than the file holds is
     * refused here, before that allocation; uncompressed BMPs are covered by the pixel check above.
     */
    private static void checkBmpData(Path dir, Path file, ImageReader reader, long fileBytes)
            throws IOException, VideoException {
        if (!"bmp".equalsIgnoreCase(reader.getFormatName())) {
            return;
        }
        byte[] head; // the 14-byte file header and the info header up to biSizeImage
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(38);
        }
        if (head.length < 38) {
            return; // too short to reach the fields: the reader itself refuses it
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long fileSize = Integer.toUnsignedLong(header.getInt(2));
        long offset = Integer.toUnsignedLong(header.getInt(10));
        long infoSize = Integer.toUnsignedLong(header.getInt(14));
        if (infoSize < 40) {
            return; // OS/2 1.x header: uncompressed only
        }
        long compression = Integer.toUnsignedLong(header.getInt(30));
        long imageSize = Integer.toUnsignedLong(header.getInt(34));
        if (compression != 1 && compression != 2 && compression != 4 && compression != 5) {
            return;
        }
        long claimed = imageSize != 0 ? imageSize : fileSize - offset;
        if (claimed < 0 || claimed > fileBytes) {
            throw new VideoException(VideoException.Kind.UNSUPPORTED_SIZE, dir, "frame file " + file.getFileName()
                    + " claims " + claimed + " bytes of compressed image data but holds " + fileBytes
                    + " (damaged file); re-extract the frames or remove the file");
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        return !name.startsWith(".") && EXTENSIONS.contains(extension(p));
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Groups files by name pattern (digit runs replaced) and picks the frame series. */
    private static List<Path> chooseSeries(List<Path> images, List<String> notes) {
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        for (Path p : images) {
            String pattern = DIGITS.matcher(p.getFileName().toString().toLowerCase(Locale.ROOT)).replaceAll("#");
            groups.computeIfAbsent(pattern, k -> new ArrayList<>()).add(p);
        }
        if (groups.size() == 1) {
            return images;
        }
        String chosen = groups.keySet().stream().filter(k -> k.startsWith("img")).findFirst()
                .orElseGet(() -> groups.entrySet().stream()
                        .max(Comparator.comparingInt((Map.Entry<String, List<Path>> e) -> e.getValue().size()))
                        .orElseThrow().getKey());
        for (Map.Entry<String, List<Path>> e : groups.entrySet()) {
            if (!e.getKey().equals(chosen)) {
                notes.add("ignored " + e.getValue().size() + " files named like " + e.getKey()
                        + " (frames are the " + chosen + " series)");
            }
        }
        return groups.get(chosen);
    }

    /** Natural order: digit runs compare as numbers, the rest case-insensitively; ties by plain order. */
    static int compareNatural(String a, String b) {
        Matcher ma = DIGITS.matcher(a);
        Matcher mb = DIGITS.matcher(b);
        int ia = 0;
        int ib = 0;
        while (true) {
            boolean fa = ma.find(ia);
            boolean fb = mb.find(ib);
            String textA = a.substring(ia, fa ? ma.start() : a.length());
            String textB = b.substring(ib, fb ? mb.start() : b.length());
            int c = textA.compareToIgnoreCase(textB);
            if (c != 0) {
                return c;
            }
            if (!fa || !fb) {
                if (fa != fb) {
                    return fa ? 1 : -1;
                }
                return a.compareTo(b);
            }
            c = new BigInteger(ma.group()).compareTo(new BigInteger(mb.group()));
            if (c != 0) {
                return c;
            }
            ia = ma.end();
            ib = mb.end();
        }
    }
}
