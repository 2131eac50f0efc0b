package org.spacetimelens.model;

import java.util.Objects;

/**
 * Every layer's attention probabilities from one forward pass of one clip, kept on the JVM heap or in a
 * memory-mapped temporary file ({@link #isMapped()}, {@link AttentionFile}), so that rollout and the viewer can
 * re-read them without touching the engine.
 *
 * <p>Layouts (row-major, the Hugging Face ones):
 * <ul>
 *   <li>{@link AttentionType#DIVIDED_SPACE_TIME}: spatial[ℓ] is {@code (T, H, 1+G, 1+G)} — per frame,
 *       the CLS copy first, then patches in (y, x) order; temporal[ℓ] is {@code (G, H, T, T)} — per
 *       patch position g = y·gw + x.</li>
 *   <li>{@link AttentionType#SPACE_ONLY}: spatial[ℓ] as above; no temporal.</li>
 *   <li>{@link AttentionType#JOINT_SPACE_TIME}: spatial[ℓ] is {@code (1, H, N, N)} with
 *       N = 1 + G·T in model token order (cls, then patch-major, time fastest); no temporal.</li>
 *   <li>{@link AttentionType#JOINT_SPACE_TIME} of another family ({@link #ofJoint}): spatial[ℓ] is
 *       {@code (H, N, N)} in that model's token order, {@link #layout()}; {@link #frames()} then counts
 *       temporal slots (tubelets), each covering {@link #tubelet()} sampled frames.</li>
 * </ul>
 * Storage is float32 or float16 ({@link #isHalf()}); float16 halves the memory of a clip
 * (base model, 8 frames: ~180 MB → ~90 MB).
 *
 * <p>Reading: {@link #readHalf}/{@link #readFloat} copy a range of one layer whatever the placement (the
 * rollout's head fusion reads head maps in strips this way, so a mapped record is never materialised); the
 * array accessors ({@link #spatialHalf} …) return the heap arrays themselves, or for a mapped record a fresh
 * copy of that one layer. {@link #close()} deletes a mapped record's file (a no-op on the heap).
 */
public final class AttentionRecord implements AutoCloseable {
    private final AttentionType type;
    private final int layers;
    private final int frames;
    private final int gridH;
    private final int gridW;
    private final int heads;
    private final float[][] spatial32;
    private final float[][] temporal32;
    private final short[][] spatial16;
    private final short[][] temporal16;
    private final TokenLayout layout;
    /** Mapped storage: slabs 0..L-1 spatial, L..2L-1 temporal (divided); null on the heap. */
    private final AttentionFile file;

    private AttentionRecord(AttentionType type, int layers, int frames, int gridH, int gridW, int heads,
            float[][] s32, float[][] t32, short[][] s16, short[][] t16) {
        this(type, type == AttentionType.JOINT_SPACE_TIME ? TokenLayout.TIMESFORMER_JOINT : null, layers, frames,
                gridH, gridW, heads, s32, t32, s16, t16);
    }

    private AttentionRecord(AttentionType type, TokenLayout layout, int layers, int frames, int gridH, int gridW,
            int heads, float[][] s32, float[][] t32, short[][] s16, short[][] t16) {
        this(type, layout, layers, frames, gridH, gridW, heads, s32, t32, s16, t16, null);
    }

    private AttentionRecord(AttentionType type, TokenLayout layout, int layers, int frames, int gridH, int gridW,
            int heads, float[][] s32, float[][] t32, short[][] s16, short[][] t16, AttentionFile file) {
        this.type = Objects.requireNonNull(type);
        this.layout = layout;
        this.layers = layers;
        this.frames = frames;
        this.gridH = gridH;
        this.gridW = gridW;
        this.heads = heads;
        this.spatial32 = s32;
        this.temporal32 = t32;
        this.spatial16 = s16;
        this.temporal16 = t16;
        this.file = file;
        if (file != null) {
            long expected = (long) layers * (type == AttentionType.DIVIDED_SPACE_TIME ? 2 : 1);
            if (file.slabs() != expected) {
                throw new IllegalArgumentException("attention file has " + file.slabs() + " slabs, expected "
                        + expected);
            }
            for (int l = 0; l < layers; l++) {
                if (file.slabValues(l) != spatialSize() || (type == AttentionType.DIVIDED_SPACE_TIME
                        && file.slabValues(layers + l) != temporalSize())) {
                    throw new IllegalArgumentException("layer " + l + ": the attention file's sizes do not fit");
                }
            }
            return;
        }
        for (int l = 0; l < layers; l++) {
            int sLen = s32 != null ? s32[l].length : s16[l].length;
            if (sLen != spatialSize()) {
                throw new IllegalArgumentException("layer " + l + ": spatial attention has " + sLen
                        + " values, expected " + spatialSize());
            }
            if (type == AttentionType.DIVIDED_SPACE_TIME) {
                int tLen = t32 != null ? t32[l].length : t16[l].length;
                if (tLen != temporalSize()) {
                    throw new IllegalArgumentException("layer " + l + ": temporal attention has " + tLen
                            + " values, expected " + temporalSize());
                }
            }
        }
    }

    /** A float32 record; {@code temporal} is null unless divided space-time. Arrays are not copied. */
    public static AttentionRecord ofFloat(AttentionType type, int frames, int gridH, int gridW, int heads,
            float[][] spatial, float[][] temporal) {
        return new AttentionRecord(type, spatial.length, frames, gridH, gridW, heads, spatial, temporal, null, null);
    }

    /**
     * A joint space-time record of any family: per layer {@code (H, N, N)} float32 in {@code layout}'s token
     * order, {@code slots} temporal slots (frames or tubelets) of {@code gridH × gridW} patches.
     */
    public static AttentionRecord ofJoint(TokenLayout layout, int slots, int gridH, int gridW, int heads,
            float[][] attention) {
        return new AttentionRecord(AttentionType.JOINT_SPACE_TIME, Objects.requireNonNull(layout), attention.length,
                slots, gridH, gridW, heads, attention, null, null, null);
    }

    /** {@link #ofJoint(TokenLayout, int, int, int, int, float[][])} stored as float16 (IEEE half bits). */
    public static AttentionRecord ofJointHalf(TokenLayout layout, int slots, int gridH, int gridW, int heads,
            short[][] attention) {
        return new AttentionRecord(AttentionType.JOINT_SPACE_TIME, Objects.requireNonNull(layout), attention.length,
                slots, gridH, gridW, heads, null, null, attention, null);
    }

    /** A float16 record (IEEE half bits); {@code temporal} is null unless divided space-time. */
    public static AttentionRecord ofHalf(AttentionType type, int frames, int gridH, int gridW, int heads,
            short[][] spatial, short[][] temporal) {
        return new AttentionRecord(type, spatial.length, frames, gridH, gridW, heads, null, null, spatial, temporal);
    }

    public AttentionType type() { return type; }
    public int layers() { return layers; }
    public int frames() { return frames; }
    public int gridH() { return gridH; }
    public int gridW() { return gridW; }
    public int heads() { return heads; }
    /** G: patches per frame. */
    public int patches() { return gridH * gridW; }
    /** 1 + G: tokens per frame in spatial attention. */
    public int tokensPerFrame() { return 1 + patches(); }
    public boolean isHalf() { return file != null ? file.half() : spatial16 != null; }
    /** Whether the layers live in a memory-mapped temporary file rather than on the heap. */
    public boolean isMapped() { return file != null; }
    /** The mapped file, or null on the heap. */
    public AttentionFile file() { return file; }
    /** Token order of a joint record (null for divided and space-only). */
    public TokenLayout layout() { return layout; }
    /** Sampled frames per temporal slot: the tubelet size, 1 for per-frame tokens. */
    public int tubelet() { return layout == null ? 1 : layout.tubelet(); }
    /** N: tokens of one joint attention map (0 for divided and space-only). */
    public int jointTokens() { return layout == null ? 0 : layout.tokens(patches(), frames); }
    /** Sequence index of patch g = y·gw + x of temporal slot t in a joint record. */
    public int jointIndex(int g, int t) { return layout.index(g, t, patches(), frames); }

    /** Number of values in one layer's spatial block. */
    public int spatialSize() {
        if (type == AttentionType.JOINT_SPACE_TIME) {
            long n = layout.cls() ? 1L + (long) patches() * frames : (long) patches() * frames;
            return Math.toIntExact((long) heads * n * n);
        }
        long n = tokensPerFrame();
        return Math.toIntExact((long) frames * heads * n * n);
    }

    /** Number of values in one layer's temporal block (0 unless divided space-time). */
    public int temporalSize() {
        return type == AttentionType.DIVIDED_SPACE_TIME ? patches() * heads * frames * frames : 0;
    }

    /**
     * Direct (not copied) float32 spatial block of a layer; only when {@code !isHalf()}. Do not modify.
     * Mapped: a fresh copy of the layer.
     */
    public float[] spatialFloat(int layer) {
        return file != null ? copyFloat(false, layer) : requireFloat()[layer];
    }
    /** Direct float32 temporal block; only when {@code !isHalf()} and divided. Do not modify. Mapped: a copy. */
    public float[] temporalFloat(int layer) {
        if (file != null) {
            return copyFloat(true, layer);
        }
        requireFloat();
        return temporal32[layer];
    }
    /** Direct float16 spatial block (half bits); only when {@link #isHalf()}. Do not modify. Mapped: a copy. */
    public short[] spatialHalf(int layer) {
        return file != null ? copyHalf(false, layer) : requireHalf()[layer];
    }
    /** Direct float16 temporal block (half bits); only when {@link #isHalf()}. Do not modify. Mapped: a copy. */
    public short[] temporalHalf(int layer) {
        if (file != null) {
            return copyHalf(true, layer);
        }
        requireHalf();
        return temporal16[layer];
    }

    /**
     * Copies {@code len} float16 values (half bits) of a layer's spatial or temporal block from {@code from} into
     * {@code dst}; only when {@link #isHalf()}.
     */
    public void readHalf(boolean temporal, int layer, int from, short[] dst, int off, int len) {
        if (file != null) {
            requireStored(true);
            file.read(slab(temporal, layer), from, dst, off, len);
        } else {
            System.arraycopy(temporal ? temporalHalf(layer) : spatialHalf(layer), from, dst, off, len);
        }
    }

    /** Copies {@code len} float32 values of a layer's block; only when {@code !isHalf()}. */
    public void readFloat(boolean temporal, int layer, int from, float[] dst, int off, int len) {
        if (file != null) {
            requireStored(false);
            file.read(slab(temporal, layer), from, dst, off, len);
        } else {
            System.arraycopy(temporal ? temporalFloat(layer) : spatialFloat(layer), from, dst, off, len);
        }
    }

    /** One spatial value, whatever the storage: index into the layout documented above. */
    public float spatialAt(int layer, int index) {
        if (file != null) {
            return file.get(layer, index);
        }
        return isHalf() ? Half.toFloat(spatial16[layer][index]) : spatial32[layer][index];
    }

    /** One temporal value, whatever the storage. */
    public float temporalAt(int layer, int index) {
        if (file != null) {
            return file.get(slab(true, layer), index);
        }
        return isHalf() ? Half.toFloat(temporal16[layer][index]) : temporal32[layer][index];
    }

    /**
     * Bytes a record of this shape holds ({@link #byteSize()}), before it exists: what the storage policy
     * ({@link AttentionStorage#mapped}) decides on.
     *
     * @param layout joint token order, or null for divided and space-only
     */
    public static long bytesOf(AttentionType type, TokenLayout layout, int layers, int frames, int gridH,
            int gridW, int heads, boolean half) {
        long g = (long) gridH * gridW;
        long perLayer;
        if (type == AttentionType.JOINT_SPACE_TIME) {
            TokenLayout l = layout == null ? TokenLayout.TIMESFORMER_JOINT : layout;
            long n = l.cls() ? 1 + g * frames : g * frames;
            perLayer = heads * n * n;
        } else {
            perLayer = (long) frames * heads * (1 + g) * (1 + g);
            if (type == AttentionType.DIVIDED_SPACE_TIME) {
                perLayer += g * heads * frames * frames;
            }
        }
        return layers * perLayer * (half ? 2 : 4);
    }

    /**
     * Deletes a mapped record's file (see {@link AttentionFile#close}); nothing on the heap. Readers already
     * under way finish safely, later reads of a closed mapped record still see the data until it is collected.
     */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    /**
     * Bytes of attention held by this record (for cache accounting), wherever they live: a mapped record's
     * bytes are page cache and disk rather than heap, and are counted all the same.
     */
    public long byteSize() {
        long values = (long) layers * (spatialSize() + (long) temporalSize());
        return values * (isHalf() ? 2 : 4);
    }

    /** This record stored as float16 (a new record; this one is unchanged). */
    public AttentionRecord toHalf() {
        if (isHalf()) {
            return this;
        }
        short[][] s = new short[layers][];
        short[][] t = type == AttentionType.DIVIDED_SPACE_TIME ? new short[layers][] : null;
        for (int l = 0; l < layers; l++) {
            s[l] = Half.fromFloats(spatialFloat(l));
            if (t != null) {
                t[l] = Half.fromFloats(temporalFloat(l));
            }
        }
        return new AttentionRecord(type, layout, layers, frames, gridH, gridW, heads, null, null, s, t);
    }

    /**
     * A record over a finished {@link AttentionFile}: slabs 0..L-1 the spatial blocks, then (divided) L..2L-1
     * the temporal ones, in the layouts above.
     *
     * @param layout joint token order ({@link TokenLayout#TIMESFORMER_JOINT} for TimeSformer's), null otherwise
     */
    public static AttentionRecord ofFile(AttentionType type, TokenLayout layout, int layers, int frames, int gridH,
            int gridW, int heads, AttentionFile file) {
        file.finish();
        TokenLayout l = type == AttentionType.JOINT_SPACE_TIME && layout == null ? TokenLayout.TIMESFORMER_JOINT
                : layout;
        return new AttentionRecord(type, l, layers, frames, gridH, gridW, heads, null, null, null, null,
                Objects.requireNonNull(file));
    }

    private int slab(boolean temporal, int layer) {
        if (temporal && type != AttentionType.DIVIDED_SPACE_TIME) {
            throw new IllegalStateException(type.configName() + " attention has no temporal block");
        }
        Objects.checkIndex(layer, layers);
        return temporal ? layers + layer : layer;
    }

    private void requireStored(boolean half) {
        if (isHalf() != half) {
            throw new IllegalStateException("attention is stored as " + (isHalf() ? "float16" : "float32"));
        }
    }

    private float[] copyFloat(boolean temporal, int layer) {
        requireStored(false);
        float[] out = new float[temporal ? temporalSize() : spatialSize()];
        file.read(slab(temporal, layer), 0, out, 0, out.length);
        return out;
    }

    private short[] copyHalf(boolean temporal, int layer) {
        requireStored(true);
        short[] out = new short[temporal ? temporalSize() : spatialSize()];
        file.read(slab(temporal, layer), 0, out, 0, out.length);
        return out;
    }

    private float[][] requireFloat() {
        if (spatial32 == null) {
            throw new IllegalStateException("attention is stored as float16; use spatialHalf/temporalHalf");
        }
        return spatial32;
    }

    private short[][] requireHalf() {
        if (spatial16 == null) {
            throw new IllegalStateException("attention is stored as float32; use spatialFloat/temporalFloat");
        }
        return spatial16;
    }
}
