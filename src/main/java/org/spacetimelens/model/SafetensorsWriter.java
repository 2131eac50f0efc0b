package org.spacetimelens.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Writes a {@code .safetensors} file that Hugging Face {@code transformers} loads.
 *
 * <p>Why not DJL's {@code NDList.encode(..., SAFETENSORS)}: it writes no {@code __metadata__}, and
 * {@code transformers}' {@code load_state_dict} refuses safetensors files whose metadata lacks
 * {@code "format": "pt"}; it also leaves the header unpadded, so float32 data can start at an
 * address that is not a multiple of 4, which loaders that view the memory map as float tensors
 * reject (safetensors issues #231 and #607). The reference writer pads the header with spaces to a
 * multiple of 8; so does this one. The format is otherwise one length, one JSON object and the bytes.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /** Writes the tensors, in iteration order, with their stored dtype and bytes. */
    public static void write(Path file, Collection<RawTensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (RawTensor t : tensors) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long size = t.data().remaining();
            e.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        StringBuilder h = new StringBuilder(JSON.writeValueAsString(header));
        while (h.length() % 8 != 0) {
            h.append(' '); // 8 + header length is then a multiple of 8
        }
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length).array());
            out.write(hb);
            WritableByteChannel ch = Channels.newChannel(out);
            for (RawTensor t : tensors) {
                ByteBuffer b = t.data();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }
    }
}
