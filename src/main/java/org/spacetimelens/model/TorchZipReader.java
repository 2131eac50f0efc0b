package org.spacetimelens.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the state dict of a PyTorch zip checkpoint ({@code torch.save} since 1.6: HF
 * {@code pytorch_model.bin}, facebookresearch {@code .pyth}/{@code .pth}). The pickle is decoded
 * by {@link RestrictedUnpickler}; storages are read from the {@code <archive>/data/<key>} entries
 * only for the tensors of the selected state dict, each read bounded by its zip entry size.
 */
public final class TorchZipReader {
    /** Largest {@code data.pkl} accepted; real state-dict pickles are well under 1 MB. */
    public static final long MAX_PICKLE_BYTES = 64L * 1024 * 1024;
    /** Largest element count of one tensor (2^31 - 1), far above any TimeSformer weight. */
    public static final long MAX_NUMEL = Integer.MAX_VALUE;
    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    private static final List<String> NESTED_KEYS = List.of("model_state", "state_dict", "model", "module");

    private TorchZipReader() {
    }

    /** A storage announced by a persistent id; bytes are read only when a tensor needs them. */
    private record StorageRef(String key, TensorDType dtype, long numel, ZipEntry entry) {
    }

    /**
     * The tensors of the checkpoint's state dict: the top-level dict itself, or its
     * {@code model_state} / {@code state_dict} / {@code model} / {@code module} entry when present.
     * Keys are returned as stored (prefixes such as {@code model.} are not stripped here).
     */
    public static Map<String, RawTensor> readStateDict(Path file) throws CheckpointException {
        checkFormat(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(file, zip);
            checkByteOrder(file, zip, prefix);
            byte[] pickle = readPickle(file, zip, prefix);
            Map<String, StorageRef> storages = new HashMap<>();
            RestrictedUnpickler unpickler = new RestrictedUnpickler(pickle,
                    pid -> resolveStorage(file, zip, prefix, storages, pid));
            Object root;
            try {
                root = unpickler.load();
            } catch (RestrictedUnpickler.Refused e) {
                throw new CheckpointException(file, "unsafe or unsupported pickle: " + e.getMessage());
            } catch (StorageError e) {
                throw new CheckpointException(file, e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw new CheckpointException(file, "malformed pickle in " + prefix + "data.pkl: " + e);
            } finally {
                unpickler.close();
            }
            Map<?, ?> dict = selectStateDict(file, root);
            return materialise(file, zip, dict);
        } catch (ZipException e) {
            throw new CheckpointException(file, "not a valid zip archive (" + e.getMessage()
                    + "); PyTorch checkpoints saved with torch >= 1.6 are zip files", e);
        } catch (IllegalArgumentException e) {
            // java.util.zip throws this, unchecked, for an entry name that is not valid UTF-8 (found by fuzzing)
            throw new CheckpointException(file, "damaged zip archive (" + e.getMessage() + "); re-save the checkpoint", e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Distinguishes a zip checkpoint from the legacy formats before opening it as a zip. */
    private static void checkFormat(Path file) throws CheckpointException {
        byte[] head = new byte[262];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "file not found");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return;
        }
        boolean legacyPickle = n >= 2 && (head[0] & 0xFF) == 0x80;
        boolean legacyTar = n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        if (legacyPickle || legacyTar) {
            throw new CheckpointException(file, "this is the legacy (pre-1.6) PyTorch serialization format, "
                    + "which is not supported; re-save it with torch >= 1.6: "
                    + "torch.save(torch.load(path, weights_only=True), new_path)");
        }
        throw new CheckpointException(file, "not a PyTorch checkpoint (expected a zip archive written by torch.save)");
    }

    private static String archivePrefix(Path file, ZipFile zip) throws CheckpointException {
        List<String> found = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            String name = en.nextElement().getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                found.add(name.substring(0, name.length() - "data.pkl".length()));
            }
        }
        if (found.size() != 1) {
            throw new CheckpointException(file, found.isEmpty()
                    ? "zip archive has no <archive>/data.pkl entry; not a torch.save checkpoint"
                    : "zip archive has several data.pkl records " + found + "; cannot tell which is the checkpoint");
        }
        return found.get(0);
    }

    private static void checkByteOrder(Path file, ZipFile zip, String prefix) throws IOException, CheckpointException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return; // written only by torch >= 2.1; older files are little-endian
        }
        try (InputStream in = zip.getInputStream(e)) {
            String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            if (!"little".equals(order)) {
                throw new CheckpointException(file, "storages are '" + order + "'-endian; only little-endian is supported");
            }
        }
    }

    private static byte[] readPickle(Path file, ZipFile zip, String prefix) throws IOException, CheckpointException {
        ZipEntry e = zip.getEntry(prefix + "data.pkl");
        long size = e.getSize();
        if (size < 0 || size > MAX_PICKLE_BYTES) {
            throw new CheckpointException(file, prefix + "data.pkl declares " + size + " bytes (limit "
                    + MAX_PICKLE_BYTES + ")");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) size);
            if (b.length != size) {
                throw new CheckpointException(file, prefix + "data.pkl is truncated");
            }
            return b;
        }
    }

    /** Unchecked carrier for storage problems found inside the unpickler callback. */
    private static final class StorageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StorageError(String message) {
            super(message);
        }
    }

    private static StorageRef resolveStorage(Path file, ZipFile zip, String prefix,
            Map<String, StorageRef> cache, Object[] pid) {
        if (pid.length != 5 || !"storage".equals(pid[0])) {
            throw new RestrictedUnpickler.Refused("persistent id is not ('storage', type, key, location, numel)");
        }
        if (!(pid[1] instanceof RestrictedUnpickler.StorageType type)) {
            throw new RestrictedUnpickler.Refused("persistent id names no storage type");
        }
        if (!(pid[2] instanceof String key) || !STORAGE_KEY.matcher(key).matches()) {
            throw new RestrictedUnpickler.Refused("storage key is not a short plain name");
        }
        long numel = RestrictedUnpickler.toLong(pid[4], "storage numel");
        StorageRef known = cache.get(key);
        if (known != null) {
            if (known.dtype() != type.dtype() || known.numel() != numel) {
                throw new StorageError("storage '" + key + "' is declared twice with different types or sizes");
            }
            return known;
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
        if (entry == null) {
            throw new StorageError("storage '" + key + "' is referenced by the pickle but " + prefix + "data/" + key
                    + " is missing from the archive");
        }
        long need;
        try {
            need = Math.multiplyExact(numel, type.dtype().bytes());
        } catch (ArithmeticException ex) {
            need = -1;
        }
        if (numel < 0 || need < 0 || need > entry.getSize()) {
            throw new StorageError("storage '" + key + "' declares " + numel + " elements of " + type.dtype()
                    + " but its zip entry holds only " + entry.getSize() + " bytes (truncated or forged file)");
        }
        StorageRef ref = new StorageRef(key, type.dtype(), numel, entry);
        cache.put(key, ref);
        return ref;
    }

    private static Map<?, ?> selectStateDict(Path file, Object root) throws CheckpointException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointException(file, "the checkpoint holds a " + RestrictedUnpickler.describe(root)
                    + ", not a dict of tensors");
        }
        for (String k : NESTED_KEYS) {
            if (top.get(k) instanceof Map<?, ?> nested) {
                return nested;
            }
        }
        return top;
    }

    private static Map<String, RawTensor> materialise(Path file, ZipFile zip, Map<?, ?> dict)
            throws CheckpointException, IOException {
        Map<String, ByteBuffer> bytes = new HashMap<>();
        Map<String, RawTensor> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof RestrictedUnpickler.TensorRef t)) {
                continue; // non-tensor entries (counters, metadata) are not weights
            }
            if (!(t.storage() instanceof StorageRef s)) {
                throw new CheckpointException(file, "tensor '" + name + "' has no storage");
            }
            ByteBuffer storage = bytes.get(s.key());
            if (storage == null) {
                storage = readStorage(file, zip, s);
                bytes.put(s.key(), storage);
            }
            out.put(name, view(file, name, s, storage, t));
        }
        return new LinkedHashMap<>(out);
    }

    private static ByteBuffer readStorage(Path file, ZipFile zip, StorageRef s) throws IOException, CheckpointException {
        int len = Math.toIntExact(s.numel() * s.dtype().bytes());
        try (InputStream in = zip.getInputStream(s.entry())) {
            byte[] b = in.readNBytes(len);
            if (b.length != len) {
                throw new CheckpointException(file, "storage '" + s.key() + "' is truncated: " + b.length
                        + " of " + len + " bytes");
            }
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** The tensor's elements in row-major order, following its offset and strides inside the storage. */
    private static RawTensor view(Path file, String name, StorageRef s, ByteBuffer storage,
            RestrictedUnpickler.TensorRef t) throws CheckpointException {
        long[] size = t.size();
        long numel;
        try {
            numel = RawTensor.numel(size);
        } catch (RuntimeException e) {
            throw new CheckpointException(file, "tensor '" + name + "' has an invalid shape " + RawTensor.shapeString(size));
        }
        if (numel > MAX_NUMEL) {
            throw new CheckpointException(file, "tensor '" + name + "' has " + numel + " elements (limit " + MAX_NUMEL + ")");
        }
        long offset = t.offset();
        long last = offset;
        for (int i = 0; i < size.length; i++) {
            if (t.stride()[i] < 0) {
                throw new CheckpointException(file, "tensor '" + name + "' has a negative stride");
            }
            if (size[i] > 0) {
                last += (size[i] - 1) * t.stride()[i];
            }
        }
        if (offset < 0 || (numel > 0 && last >= s.numel())) {
            throw new CheckpointException(file, "tensor '" + name + "' " + RawTensor.shapeString(size)
                    + " reaches element " + last + " of storage '" + s.key() + "', which has " + s.numel() + " elements");
        }
        int w = s.dtype().bytes();
        if (numel == 0) {
            return new RawTensor(name, s.dtype(), size, ByteBuffer.allocate(0));
        }
        if (isContiguous(size, t.stride())) {
            ByteBuffer slice = storage.duplicate();
            slice.position(Math.toIntExact(offset * w)).limit(Math.toIntExact((offset + numel) * w));
            return new RawTensor(name, s.dtype(), size, slice.slice());
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * w));
        long[] idx = new long[size.length];
        for (long k = 0; k < numel; k++) {
            long src = offset;
            for (int d = 0; d < size.length; d++) {
                src += idx[d] * t.stride()[d];
            }
            for (int b = 0; b < w; b++) {
                out.put(storage.get(Math.toIntExact(src * w + b)));
            }
            for (int d = size.length - 1; d >= 0; d--) {
                if (++idx[d] < size[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        out.flip();
        return new RawTensor(name, s.dtype(), size, out);
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
