package org.spacetimelens.model;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers of an {@link AttentionRecord} in a temporary file, mapped read-only once written, so that a
 * record larger than the heap (ViViT-B, 32 frames: 2.8 GB in float16, 5.7 GB in float32) costs page cache
 * the OS can drop and re-read instead of heap the JVM must hold.
 *
 * <p>Why a mapped file rather than keeping only what the current view needs and recomputing the rest: every
 * view needs every layer (rollout multiplies all layers below the top one; a head or fusion change re-fuses
 * them all), so "what the view needs" is the whole record, and recomputing means a forward pass (tens of
 * seconds for ViViT-B on a laptop CPU) on each such change. Written once, read many times, sequentially per
 * head map: the access pattern the page cache serves best.
 *
 * <p>Layout: {@code slabs} (for a record: spatial layers, then temporal layers) one after the other, each
 * {@code slabValues[i]} values of float16 bits or float32, native byte order (as the engine hands them over).
 * Each slab is mapped in chunks of at most {@link #CHUNK_BYTES}: a {@link MappedByteBuffer} is int-indexed.
 *
 * <p>Clean-up: on Linux and macOS the file is unlinked as soon as it is opened, so nothing is left on disk even
 * if the process is killed; its space returns to the file system when the channel is closed and the mappings
 * are collected. Where an open file cannot be unlinked (Windows), it is deleted on {@link #close}, when the
 * record is collected unclosed (a {@link Cleaner}), at JVM exit, or by the next start's sweep of files whose
 * process has gone. Mappings are never unmapped by hand: Java 17 has no safe unmap, and unmapping a buffer
 * another thread still reads (a viewer worker on an evicted record) would crash the JVM.
 */
public final class AttentionFile implements AutoCloseable {
    /** Largest mapping; a {@link MappedByteBuffer} is int-indexed (2 GB), 1 GB keeps well inside. */
    static final long CHUNK_BYTES = 1L << 30;
    static final String PREFIX = "attention-";
    static final String SUFFIX = ".bin";

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> LIVE.forEach(AttentionFile::deleteQuietly), "attention-file-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: nothing more to register
        }
    }

    /** Writes a slab's bytes at a file position; the seam tests use to simulate a full disk. */
    @FunctionalInterface
    interface Writer {
        int write(FileChannel channel, ByteBuffer src, long position) throws IOException;
    }

    private final Path dir;
    private final boolean half;
    private final long[] offsets;
    private final long[] values;
    private final State state;
    private final Cleaner.Cleanable cleanable;
    private final Writer writer;
    private final long chunkBytes;
    /** Per slab, per chunk: a ShortBuffer (half) or FloatBuffer view; null until {@link #finish()}. */
    private volatile java.nio.Buffer[][] views;

    /** What the cleaner needs, without a reference to the file object. */
    private static final class State implements Runnable {
        final Path file;
        FileChannel channel;
        volatile boolean deleted;

        State(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void run() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing a read/write channel of a temp file: nothing to recover
            }
            channel = null;
            if (!deleted) {
                deleted = deleteQuietly(file);
            }
            if (deleted) {
                LIVE.remove(file);
            }
        }
    }

    private AttentionFile(Path dir, Path file, FileChannel channel, boolean half, long[] values, Writer writer,
            long chunkBytes) {
        this.dir = dir;
        this.half = half;
        this.values = values.clone();
        this.offsets = new long[values.length];
        long at = 0;
        for (int i = 0; i < values.length; i++) {
            offsets[i] = at;
            at += values[i] * elementBytes();
        }
        this.state = new State(file);
        this.state.channel = channel;
        this.writer = writer;
        this.chunkBytes = chunkBytes;
        this.cleanable = CLEANER.register(this, state);
    }

    /**
     * A new file in {@code dir} for slabs of the given numbers of values, float16 or float32.
     *
     * @throws AttentionStoreException when the folder cannot be created or written, or has too little free
     *                                 space for the whole record (checked now, before the forward pass)
     */
    public static AttentionFile create(Path dir, long[] slabValues, boolean half) {
        return create(dir, slabValues, half, FileChannel::write, true, CHUNK_BYTES);
    }

    /**
     * @param unlinkEarly unlink the file as soon as it is open where the OS allows it (tests of the other path
     *                    turn it off)
     * @param chunkBytes  largest mapping, a multiple of 4 (tests use small ones to cross chunk borders)
     */
    static AttentionFile create(Path dir, long[] slabValues, boolean half, Writer writer, boolean unlinkEarly,
            long chunkBytes) {
        if (chunkBytes <= 0 || chunkBytes % 4 != 0 || chunkBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunk size " + chunkBytes);
        }
        long total = 0;
        for (long v : slabValues) {
            if (v < 0) {
                throw new IllegalArgumentException("negative slab size " + v);
            }
            total += v * (half ? 2 : 4);
        }
        Path d = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new AttentionStoreException("cannot create the folder for the attention record, " + d + " ("
                    + reason(e) + "); " + AttentionStorage.DIR_HELP, e);
        }
        sweep(d);
        try {
            long free = Files.getFileStore(d).getUsableSpace();
            if (free < total) {
                throw new AttentionStoreException(noSpace(d, total, free));
            }
        } catch (IOException e) {
            throw new AttentionStoreException("cannot read the free space of " + d + " (" + reason(e) + "); "
                    + AttentionStorage.DIR_HELP, e);
        }
        Path file = d.resolve(PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + SUFFIX);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new AttentionStoreException("cannot write the attention record to " + d + " (" + reason(e)
                    + "); " + AttentionStorage.DIR_HELP, e);
        }
        LIVE.add(file);
        AttentionFile f = new AttentionFile(d, file, channel, half, slabValues, writer, chunkBytes);
        if (unlinkEarly && !isWindows() && deleteQuietly(file)) {
            f.state.deleted = true;
            LIVE.remove(file);
        }
        return f;
    }

    /** Whether values are float16 bits (else float32). */
    public boolean half() {
        return half;
    }

    /** Bytes per value. */
    public int elementBytes() {
        return half ? 2 : 4;
    }

    /** Number of slabs. */
    public int slabs() {
        return values.length;
    }

    /** Values of slab {@code i}. */
    public long slabValues(int i) {
        return values[i];
    }

    /** Bytes of the whole file. */
    public long bytes() {
        long b = 0;
        for (long v : values) {
            b += v * elementBytes();
        }
        return b;
    }

    /** The file's path (already unlinked where the OS allows it; see the class comment). */
    public Path path() {
        return state.file;
    }

    /** The folder the file lives in. */
    public Path directory() {
        return dir;
    }

    /**
     * Writes slab {@code i} from {@code src} (its remaining bytes: exactly the slab's, native byte order).
     *
     * @throws AttentionStoreException when the write fails (disk full, I/O error)
     */
    public void write(int i, ByteBuffer src) {
        long expected = values[i] * elementBytes();
        if (src.remaining() != expected) {
            throw new IllegalArgumentException("slab " + i + " needs " + expected + " bytes, got " + src.remaining());
        }
        if (views != null) {
            throw new IllegalStateException("the attention file is already mapped");
        }
        FileChannel ch;
        synchronized (state) {
            ch = state.channel;
        }
        if (ch == null) {
            throw new IllegalStateException("the attention file is closed");
        }
        long pos = offsets[i];
        try {
            while (src.hasRemaining()) {
                int n = writer.write(ch, src, pos);
                if (n <= 0 && src.hasRemaining()) {
                    throw new IOException("no bytes written");
                }
                pos += n;
            }
        } catch (IOException e) {
            close();
            throw new AttentionStoreException("could not write the attention record to " + dir + " (" + reason(e)
                    + "); it needs " + gb(bytes()) + " there. Free some space, or "
                    + AttentionStorage.DIR_HELP.substring(0, 1).toLowerCase(Locale.ROOT)
                    + AttentionStorage.DIR_HELP.substring(1), e);
        }
    }

    /** Writes slab {@code i} from float32 values (tests, conversions); the file must be float32. */
    public void write(int i, float[] src) {
        if (half) {
            throw new IllegalStateException("the file holds float16");
        }
        ByteBuffer b = ByteBuffer.allocateDirect(src.length * 4).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(src);
        write(i, b);
    }

    /** Writes slab {@code i} from float16 bits; the file must be float16. */
    public void write(int i, short[] src) {
        if (!half) {
            throw new IllegalStateException("the file holds float32");
        }
        ByteBuffer b = ByteBuffer.allocateDirect(src.length * 2).order(ByteOrder.nativeOrder());
        b.asShortBuffer().put(src);
        write(i, b);
    }

    /**
     * Maps every slab read-only (after all are written) and closes the channel; the mappings stay valid.
     *
     * @throws AttentionStoreException when mapping fails (e.g. address space or map count exhausted)
     */
    public synchronized void finish() {
        if (views != null) {
            return;
        }
        java.nio.Buffer[][] v = new java.nio.Buffer[values.length][];
        synchronized (state) {
            if (state.channel == null) {
                throw new IllegalStateException("the attention file is closed");
            }
            try {
                for (int i = 0; i < values.length; i++) {
                    long bytes = values[i] * elementBytes();
                    int chunks = (int) Math.max(1, (bytes + chunkBytes - 1) / chunkBytes);
                    v[i] = new java.nio.Buffer[chunks];
                    for (int c = 0; c < chunks; c++) {
                        long from = (long) c * chunkBytes;
                        long size = Math.min(chunkBytes, bytes - from);
                        MappedByteBuffer m = state.channel.map(FileChannel.MapMode.READ_ONLY, offsets[i] + from, size);
                        m.order(ByteOrder.nativeOrder());
                        v[i][c] = half ? m.asShortBuffer() : m.asFloatBuffer();
                    }
                }
                state.channel.close();
            } catch (IOException e) {
                throw new AttentionStoreException("could not map the attention record in " + dir + " ("
                        + reason(e) + ")", e);
            }
            state.channel = null;
        }
        views = v;
    }

    /** One value of slab {@code i} as float. */
    public float get(int i, long index) {
        long chunkValues = chunkBytes / elementBytes();
        java.nio.Buffer b = mapped()[i][(int) (index / chunkValues)];
        int at = (int) (index % chunkValues);
        return half ? Half.toFloat(((ShortBuffer) b).get(at)) : ((FloatBuffer) b).get(at);
    }

    /** Copies {@code len} float16 values of slab {@code i} from {@code from} into {@code dst}. */
    public void read(int i, long from, short[] dst, int off, int len) {
        if (!half) {
            throw new IllegalStateException("the file holds float32");
        }
        java.nio.Buffer[] chunks = mapped()[i];
        long chunkValues = chunkBytes / 2;
        while (len > 0) {
            ShortBuffer b = (ShortBuffer) chunks[(int) (from / chunkValues)];
            int at = (int) (from % chunkValues);
            int n = Math.min(len, b.capacity() - at);
            b.get(at, dst, off, n);
            from += n;
            off += n;
            len -= n;
        }
    }

    /** Copies {@code len} float32 values of slab {@code i} from {@code from} into {@code dst}. */
    public void read(int i, long from, float[] dst, int off, int len) {
        if (half) {
            throw new IllegalStateException("the file holds float16");
        }
        java.nio.Buffer[] chunks = mapped()[i];
        long chunkValues = chunkBytes / 4;
        while (len > 0) {
            FloatBuffer b = (FloatBuffer) chunks[(int) (from / chunkValues)];
            int at = (int) (from % chunkValues);
            int n = Math.min(len, b.capacity() - at);
            b.get(at, dst, off, n);
            from += n;
            off += n;
            len -= n;
        }
    }

    private java.nio.Buffer[][] mapped() {
        java.nio.Buffer[][] v = views;
        if (v == null) {
            throw new IllegalStateException("the attention file is not finished (mapped) yet");
        }
        return v;
    }

    /**
     * Closes the channel and deletes the file (where not already unlinked). Mapped views stay readable until
     * they are collected (see the class comment), so a reader racing with close does not crash.
     */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** Whether the file is gone from its folder (unlinked early or deleted on close). */
    boolean deleted() {
        return state.deleted;
    }

    /**
     * Deletes attention files of processes that no longer run (a crash or kill on a system where the file
     * could not be unlinked early). Once per folder per JVM.
     */
    static void sweep(Path dir) {
        if (!SWEPT.add(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int dash = name.indexOf('-', PREFIX.length());
                if (dash < 0) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name.substring(PREFIX.length(), dash));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
                        deleteQuietly(f);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            // an unreadable folder fails clearly when the file is created
        }
    }

    static String noSpace(Path dir, long needed, long free) {
        return "not enough free space for the attention record in " + dir + ": it needs " + gb(needed) + ", "
                + gb(free) + " free. Free some space, or " + AttentionStorage.DIR_HELP.substring(0, 1)
                .toLowerCase(Locale.ROOT) + AttentionStorage.DIR_HELP.substring(1);
    }

    static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null ? kind : kind + ": " + m;
    }

    private static boolean deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
