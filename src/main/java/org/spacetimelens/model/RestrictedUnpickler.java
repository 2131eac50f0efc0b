package org.spacetimelens.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * razorvine's unpickler limited to what a PyTorch state dict needs — our {@code weights_only}.
 *
 * <p>Globals are resolved here, per instance, instead of through razorvine's static (JVM-wide)
 * constructor registry, whose fallback silently builds a {@code ClassDict} for any unknown class.
 * The only names allowed are {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter},
 * the {@code torch.*Storage} types and {@code collections.OrderedDict}; every other global (e.g.
 * {@code os.system}, {@code builtins.eval}) stops the load before anything is constructed.
 * Length-prefixed opcodes are checked against the bytes that remain, so a forged length cannot
 * make the unpickler allocate gigabytes.
 */
final class RestrictedUnpickler extends Unpickler {

    /** Thrown for anything the restricted unpickler refuses. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** A storage type global such as {@code torch.FloatStorage}. */
    record StorageType(String name, TensorDType dtype) {
    }

    /** What a persistent id resolves to; the caller decides how to read its bytes. */
    interface StorageResolver {
        Object resolve(Object[] pid);
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)} before its bytes are read. */
    record TensorRef(Object storage, long offset, long[] size, long[] stride) {
    }

    /** An OrderedDict that, unlike razorvine's default, keeps its items when BUILD sets {@code _metadata}. */
    public static final class PyOrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        /** Called by BUILD with the instance dict (e.g. {@code {'_metadata': ...}}); attributes are dropped. */
        public void __setstate__(HashMap<?, ?> state) {
            // state holds Python attributes only; the items were already added by SETITEMS.
        }
    }

    private static final Map<String, TensorDType> STORAGE_TYPES = Map.ofEntries(
            Map.entry("FloatStorage", TensorDType.F32), Map.entry("DoubleStorage", TensorDType.F64),
            Map.entry("HalfStorage", TensorDType.F16), Map.entry("BFloat16Storage", TensorDType.BF16),
            Map.entry("LongStorage", TensorDType.I64), Map.entry("IntStorage", TensorDType.I32),
            Map.entry("ShortStorage", TensorDType.I16), Map.entry("CharStorage", TensorDType.I8),
            Map.entry("ByteStorage", TensorDType.U8), Map.entry("BoolStorage", TensorDType.BOOL));

    private final ByteArrayInputStream in;
    private final StorageResolver storages;

    RestrictedUnpickler(byte[] pickle, StorageResolver storages) {
        this.in = new ByteArrayInputStream(pickle);
        this.storages = storages;
    }

    /** Unpickles the whole buffer. */
    Object load() throws IOException {
        return load(in);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolveGlobal(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(name instanceof String n) || !(module instanceof String m)) {
                    throw new Refused("STACK_GLOBAL with non-string operands");
                }
                stack.add(resolveGlobal(m, n));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4, Opcodes.PERSID,
                    Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new Refused("opcode 0x" + Integer.toHexString(key)
                            + " is not used by PyTorch state dicts and is refused");
            case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES, Opcodes.LONG4 -> checkLength(4);
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> checkLength(8);
            default -> {
            }
        }
        return super.dispatch(key);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] tuple)) {
            throw new Refused("persistent id is not a tuple: " + describe(pid));
        }
        return storages.resolve(tuple);
    }

    /** Peeks a little-endian length field and refuses lengths beyond the remaining input. */
    private void checkLength(int width) {
        in.mark(width);
        byte[] b = new byte[width];
        int got = in.readNBytes(b, 0, width);
        in.reset();
        if (got < width) {
            throw new Refused("pickle ends inside a length field");
        }
        long len = 0;
        for (int i = width - 1; i >= 0; i--) {
            len = (len << 8) | (b[i] & 0xFF);
        }
        if (len < 0 || len > in.available() - width) {
            throw new Refused("pickle declares a " + Long.toUnsignedString(len) + "-byte item but only "
                    + Math.max(0, in.available() - width) + " bytes remain (truncated or forged pickle)");
        }
    }

    private static Object resolveGlobal(String module, String name) {
        String full = module + "." + name;
        switch (full) {
            case "torch._utils._rebuild_tensor_v2":
                return (IObjectConstructor) RestrictedUnpickler::rebuildTensor;
            case "torch._utils._rebuild_parameter":
                return (IObjectConstructor) RestrictedUnpickler::rebuildParameter;
            case "collections.OrderedDict":
                return (IObjectConstructor) args -> {
                    if (args.length != 0) {
                        throw new Refused("OrderedDict(...) with arguments is not produced by torch.save");
                    }
                    return new PyOrderedDict();
                };
            default:
                break;
        }
        if ("torch".equals(module) && STORAGE_TYPES.containsKey(name)) {
            return new StorageType(name, STORAGE_TYPES.get(name));
        }
        throw new Refused("the pickle names the global '" + full + "', which is not a tensor, storage or "
                + "OrderedDict; it is refused and nothing was executed (only plain PyTorch state dicts are "
                + "loaded — re-save the weights with torch.save(model.state_dict(), path))");
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 6 || args.length > 7) {
            throw new Refused("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + args.length);
        }
        long offset = toLong(args[1], "storage offset");
        long[] size = toLongs(args[2], "size");
        long[] stride = toLongs(args[3], "stride");
        if (size.length != stride.length) {
            throw new Refused("tensor size " + RawTensor.shapeString(size) + " and stride "
                    + RawTensor.shapeString(stride) + " differ in rank");
        }
        return new TensorRef(args[0], offset, size, stride);
    }

    private static Object rebuildParameter(Object[] args) {
        if (args.length != 3 || !(args[0] instanceof TensorRef)) {
            throw new Refused("_rebuild_parameter expects (tensor, requires_grad, hooks)");
        }
        return args[0];
    }

    static long toLong(Object o, String what) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        throw new Refused(what + " is not an integer: " + describe(o));
    }

    private static long[] toLongs(Object o, String what) {
        if (!(o instanceof Object[] t)) {
            throw new Refused("tensor " + what + " is not a tuple: " + describe(o));
        }
        if (t.length > 8) {
            throw new Refused("tensor " + what + " has rank " + t.length + " (at most 8 supported)");
        }
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = toLong(t[i], what);
        }
        return out;
    }

    static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}
