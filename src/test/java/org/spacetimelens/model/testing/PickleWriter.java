package org.spacetimelens.model.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal pickle (protocol 2) opcode writer, enough to produce what {@code torch.save} writes for
 * a state dict — and hostile variants. Globals are memoized (BINPUT/BINGET) as Python's pickler does.
 * Calls chain: {@code new PickleWriter().proto().global("os", "system")...stop()}.
 */
public final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();

    /** PROTO 2. */
    public PickleWriter proto() {
        return raw(0x80, 2);
    }

    /** GLOBAL "module\nname\n" (or BINGET when already written). */
    public PickleWriter global(String module, String name) {
        String key = module + "\n" + name + "\n";
        Integer slot = memo.get(key);
        if (slot != null) {
            return raw('h', slot);
        }
        raw('c');
        bytes(key.getBytes(StandardCharsets.UTF_8));
        slot = memo.size();
        memo.put(key, slot);
        return raw('q', slot);
    }

    public PickleWriter mark() {
        return raw('(');
    }

    public PickleWriter tuple() {
        return raw('t');
    }

    public PickleWriter emptyTuple() {
        return raw(')');
    }

    public PickleWriter emptyDict() {
        return raw('}');
    }

    public PickleWriter setItems() {
        return raw('u');
    }

    public PickleWriter reduce() {
        return raw('R');
    }

    public PickleWriter build() {
        return raw('b');
    }

    public PickleWriter binPersId() {
        return raw('Q');
    }

    public PickleWriter none() {
        return raw('N');
    }

    public PickleWriter bool(boolean v) {
        return raw(v ? 0x88 : 0x89);
    }

    /** BINUNICODE. */
    public PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        raw('X');
        int32(b.length);
        return bytes(b);
    }

    /** The smallest integer opcode that holds {@code v} (BININT1, BININT2, BININT or LONG1). */
    public PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            return raw('K', (int) v);
        }
        if (v >= 0 && v < 65536) {
            return raw('M', (int) (v & 0xFF), (int) (v >> 8));
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            raw('J');
            return int32((int) v);
        }
        raw(0x8a, 8);
        for (int i = 0; i < 8; i++) {
            raw((int) ((v >> (8 * i)) & 0xFF));
        }
        return this;
    }

    /** A tuple of integers (MARK ... TUPLE). */
    public PickleWriter intTuple(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** {@code collections.OrderedDict()} (empty; add items with MARK ... SETITEMS). */
    public PickleWriter orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}
     * with storage persistent id {@code ('storage', torch.<storageType>, key, 'cpu', numel)}.
     */
    public PickleWriter tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().string("storage").global("torch", storageType).string(key).string("cpu").integer(numel).tuple().binPersId();
        integer(offset).intTuple(size).intTuple(stride).bool(false).orderedDict();
        return tuple().reduce();
    }

    /** Arbitrary bytes (for hostile pickles). */
    public PickleWriter raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public PickleWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    private PickleWriter int32(int v) {
        return raw(v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >>> 24) & 0xFF);
    }

    /** Writes STOP and returns the pickle. */
    public byte[] stop() {
        raw('.');
        return out.toByteArray();
    }

    /** The bytes so far, without STOP (to build truncated pickles). */
    public byte[] bytesSoFar() {
        return out.toByteArray();
    }
}
