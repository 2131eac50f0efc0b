package org.spacetimelens.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file: validates the whole header against the file, then hands out
 * each tensor as a file region that is read (or mapped) only when its values are used.
 *
 * <p>Why not DJL's {@code NDList.decode}: in DJL 0.32 its safetensors path (read from the
 * bytecode of {@code NDList.decodeSafetensors}) converts the 8-byte header length with
 * {@code Math.toIntExact} and allocates that many bytes before reading, then reads the whole data
 * section into one heap array sized by the largest end offset, and never checks that
 * {@code begin <= end}, that the span matches shape × dtype, or that offsets stay inside the file.
 * A hostile or truncated file therefore gives an ArithmeticException, an OutOfMemoryError or
 * a silently wrong tensor, and even a valid 500 MB file is copied twice through the heap.
 * The format is one length, one JSON object and raw bytes, so the checks below are the whole
 * reader; Jackson does the JSON.
 */
public final class SafetensorsReader {
    /** Largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final int MAX_RANK = 8;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafetensorsReader() {
    }

    /**
     * All tensors of the file in header order; their data are read-only mapped views.
     *
     * @throws CheckpointException naming the file and the field or tensor that is wrong
     */
    public static Map<String, RawTensor> read(Path file) throws CheckpointException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read safetensors file: " + e.getMessage(), e);
        }
    }

    private static Map<String, RawTensor> read(Path file, FileChannel ch) throws IOException, CheckpointException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointException(file, "not a safetensors file: only " + size
                    + " bytes, shorter than the 8-byte header length (truncated download?)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
            throw new CheckpointException(file, "safetensors header length is "
                    + Long.toUnsignedString(headerLen) + " bytes, more than the " + MAX_HEADER_BYTES
                    + "-byte limit (corrupt file or not safetensors)");
        }
        if (headerLen > size - 8) {
            throw new CheckpointException(file, "safetensors header claims " + headerLen
                    + " bytes but the file has only " + (size - 8) + " after the length field (truncated file)");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
        readFully(ch, headerBuf, 8);
        JsonNode header;
        try {
            header = JSON.readTree(headerBuf.array());
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "safetensors header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointException(file, "safetensors header must be a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;

        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if ("__metadata__".equals(f.getKey())) {
                if (!f.getValue().isObject()) {
                    throw new CheckpointException(file, "safetensors __metadata__ must be a JSON object");
                }
                continue;
            }
            entries.add(parseEntry(file, f.getKey(), f.getValue(), dataSize));
        }
        checkNoOverlap(file, entries);

        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            long span = e.end - e.begin;
            if (span > Integer.MAX_VALUE) {
                throw new CheckpointException(file, "tensor " + e.name + " spans " + span
                        + " bytes; tensors over 2 GiB are not supported");
            }
            out.put(e.name, RawTensor.inFile(e.name, e.dtype, e.shape, file, dataStart + e.begin));
        }
        return out;
    }

    private record Entry(String name, TensorDType dtype, long[] shape, long begin, long end) {
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize) throws CheckpointException {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new CheckpointException(file, where + ": header entry must be an object with dtype, shape, data_offsets");
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new CheckpointException(file, where + ": field 'dtype' is missing or not a string");
        }
        TensorDType dtype = TensorDType.fromSafetensors(dt.asText());
        if (dtype == null) {
            throw new CheckpointException(file, where + ": unsupported dtype '" + dt.asText()
                    + "' (supported: F32, F16, BF16, F64; integer types are recognised but not usable as weights)");
        }
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray() || sh.size() > MAX_RANK) {
            throw new CheckpointException(file, where + ": field 'shape' must be an array of at most "
                    + MAX_RANK + " non-negative integers");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(file, where, "shape", sh.get(i));
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2) {
            throw new CheckpointException(file, where + ": field 'data_offsets' must be [begin, end]");
        }
        long begin = nonNegativeLong(file, where, "data_offsets", off.get(0));
        long end = nonNegativeLong(file, where, "data_offsets", off.get(1));
        if (begin > end) {
            throw new CheckpointException(file, where + ": data_offsets [" + begin + ", " + end + "] has begin after end");
        }
        if (end > dataSize) {
            throw new CheckpointException(file, where + ": data_offsets end " + end + " is past the end of the data section ("
                    + dataSize + " bytes; truncated file?)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(RawTensor.numel(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, where + ": shape " + RawTensor.shapeString(shape) + " is absurdly large");
        }
        if (expected != end - begin) {
            throw new CheckpointException(file, where + ": shape " + RawTensor.shapeString(shape) + " " + dtype
                    + " needs " + expected + " bytes but data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long nonNegativeLong(Path file, String where, String field, JsonNode v) throws CheckpointException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new CheckpointException(file, where + ": field '" + field + "' holds " + v
                    + ", expected a non-negative integer");
        }
        return v.asLong();
    }

    private static void checkNoOverlap(Path file, List<Entry> entries) throws CheckpointException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry prev = null;
        for (Entry e : sorted) {
            if (e.end == e.begin) {
                continue;
            }
            if (prev != null && e.begin < prev.end) {
                throw new CheckpointException(file, "tensors '" + prev.name + "' and '" + e.name
                        + "' overlap in the data section (corrupt or hostile file)");
            }
            prev = e;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }
}
