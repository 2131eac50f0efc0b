package org.spacetimelens.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.spacetimelens.files.AtomicFiles;

/**
 * Writes a numpy {@code .npz} (a zip of {@code name.npy} entries, stored uncompressed as
 * {@code numpy.savez} does) of float32 arrays, streaming each array from chunks, plus small 1-D int64 /
 * float64 arrays (frame indices, timestamps).
 *
 * <p>Why not DJL's {@code NDList.encode(os, NPZ)}? It does write numpy-readable named arrays (checked
 * with numpy 1.x/2.x), but every array must first be one engine NDArray: the attention record would be
 * copied from the heap to native memory whole (~180 MB per base clip, twice for a stack), a float16
 * record converted first, and arrays over 2 GB (the 96-frame model's spatial attention, 2.1 GB) do not
 * fit a Java buffer at all. Streaming layer by layer avoids all three; Zip64 covers entries over 4 GB.
 */
public final class NpzWriter implements Closeable {

    /** An array's values as consecutive chunks (e.g. one layer each), re-readable. */
    public interface Chunks {
        int count();

        /** Chunk i; may be a shared array that must not be modified, or a fresh conversion. */
        float[] chunk(int i);
    }

    private final ZipOutputStream zip;
    private final byte[] buffer = new byte[1 << 16];
    private final Path file;
    private final Path temp;
    private boolean failed;

    /**
     * Writes to a temporary name beside {@code file}; {@link #close()} renames it to {@code file}, unless
     * a write failed or {@link #abort()} was called (then nothing appears under that name).
     */
    public NpzWriter(Path file) throws IOException {
        this.file = file;
        this.temp = AtomicFiles.begin(file);
        OutputStream out = Files.newOutputStream(temp);
        zip = new ZipOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        zip.setMethod(ZipOutputStream.STORED);
    }

    /** Drops the file being written: {@link #close()} then deletes it instead of putting it in place. */
    public void abort() {
        failed = true;
    }

    public void write(String name, long[] shape, float[] values) throws IOException {
        write(name, shape, new Chunks() {
            @Override
            public int count() {
                return 1;
            }

            @Override
            public float[] chunk(int i) {
                return values;
            }
        });
    }

    /** Writes {@code name.npy}; the chunks must hold exactly the shape's number of values. */
    public void write(String name, long[] shape, Chunks chunks) throws IOException {
        boolean ok = false;
        try {
            writeChunks(name, shape, chunks);
            ok = true;
        } finally {
            failed |= !ok;
        }
    }

    private void writeChunks(String name, long[] shape, Chunks chunks) throws IOException {
        long expected = 1;
        for (long d : shape) {
            expected *= d;
        }
        byte[] header = NpyFile.header(shape);
        // STORED entries need their CRC and size before the data: one pass to checksum, one to write.
        CRC32 crc = new CRC32();
        crc.update(header);
        long values = 0;
        for (int c = 0; c < chunks.count(); c++) {
            float[] chunk = chunks.chunk(c);
            values += chunk.length;
            encode(chunk, crc, null);
        }
        if (values != expected) {
            throw new IllegalArgumentException(name + ": " + values + " values for a shape of " + expected);
        }
        ZipEntry entry = entry(name);
        entry.setSize(header.length + 4 * values);
        entry.setCompressedSize(header.length + 4 * values);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(header);
        for (int c = 0; c < chunks.count(); c++) {
            encode(chunks.chunk(c), null, zip);
        }
        zip.closeEntry();
    }

    /** Writes {@code name.npy}, a 1-D int64 array. */
    public void writeInt64(String name, long[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        writeSmall(name, new long[] {values.length}, "<i8", bytes.array());
    }

    /** Writes {@code name.npy}, a 1-D float64 array. */
    public void writeFloat64(String name, double[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(values);
        writeSmall(name, new long[] {values.length}, "<f8", bytes.array());
    }

    private void writeSmall(String name, long[] shape, String descr, byte[] data) throws IOException {
        boolean ok = false;
        try {
            writeSmallEntry(name, shape, descr, data);
            ok = true;
        } finally {
            failed |= !ok;
        }
    }

    private void writeSmallEntry(String name, long[] shape, String descr, byte[] data) throws IOException {
        byte[] header = NpyFile.header(shape, descr);
        CRC32 crc = new CRC32();
        crc.update(header);
        crc.update(data);
        ZipEntry entry = entry(name);
        entry.setSize(header.length + (long) data.length);
        entry.setCompressedSize(header.length + (long) data.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    /** Little-endian bytes of the chunk, a buffer at a time, into the checksum or the stream. */
    private void encode(float[] chunk, CRC32 crc, OutputStream out) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int perBuffer = buffer.length / 4;
        for (int from = 0; from < chunk.length; from += perBuffer) {
            int n = Math.min(perBuffer, chunk.length - from);
            bytes.clear();
            bytes.asFloatBuffer().put(chunk, from, n);
            if (crc != null) {
                crc.update(buffer, 0, n * 4);
            } else {
                out.write(buffer, 0, n * 4);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } catch (IOException | RuntimeException e) {
            AtomicFiles.abort(temp);
            throw e;
        }
        if (failed) {
            AtomicFiles.abort(temp);
        } else {
            AtomicFiles.commit(temp, file);
        }
    }

    /**
     * A stored entry with a fixed timestamp (1980-01-01, the zip format's epoch; numpy's {@code savez} writes
     * the current time): the same arrays give the same bytes, so an export can be checked by checksum (the
     * viewer's export during a forward pass is compared so with one made after it).
     */
    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setTimeLocal(FIXED_TIME);
        return entry;
    }

    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);
}
