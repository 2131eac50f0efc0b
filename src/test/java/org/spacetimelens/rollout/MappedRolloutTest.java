package org.spacetimelens.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spacetimelens.model.AttentionFile;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Half;
import org.spacetimelens.model.TokenLayout;

/**
 * A record in a memory-mapped file gives bit-identical maps to the same record on the heap, float16 and float32,
 * for every option that reaches the head fusion (fusions, head subsets of 1, 4+1 and all heads, discard, residual,
 * queries, single-layer views), with head maps larger than one read strip ({@link HeadFuser#STRIP}).
 */
class MappedRolloutTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void jointRecordGivesIdenticalMaps(boolean half) {
        // ViViT order, 20 tubelets of 4 × 4: N = 321 tokens, a head map of 103,041 values (> one strip)
        TokenLayout layout = TokenLayout.vivit(2);
        int slots = 20;
        int heads = 6;
        int layers = 3;
        int n = layout.tokens(16, slots);
        assertThat(n * n).isGreaterThan(HeadFuser.STRIP);
        float[][] values = new float[layers][];
        for (int l = 0; l < layers; l++) {
            values[l] = rows(new Random(l), heads, n);
        }
        AttentionRecord heap;
        AttentionFile file = AttentionFile.create(tmp, sizes(layers, (long) heads * n * n), half);
        if (half) {
            short[][] bits = new short[layers][];
            for (int l = 0; l < layers; l++) {
                bits[l] = Half.fromFloats(values[l]);
                file.write(l, bits[l]);
            }
            heap = AttentionRecord.ofJointHalf(layout, slots, 4, 4, heads, bits);
        } else {
            for (int l = 0; l < layers; l++) {
                file.write(l, values[l]);
            }
            heap = AttentionRecord.ofJoint(layout, slots, 4, 4, heads, values);
        }
        try (AttentionRecord mapped = AttentionRecord.ofFile(AttentionType.JOINT_SPACE_TIME, layout, layers, slots, 4,
                4, heads, file)) {
            assertThat(mapped.isMapped()).isTrue();
            assertThat(mapped.byteSize()).isEqualTo(heap.byteSize());
            List<RolloutParams> cases = new ArrayList<>(common());
            cases.add(RolloutParams.defaults().withQuery(QueryToken.patch(2, 3, 17)));
            compare(heap, mapped, cases);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void dividedRecordGivesIdenticalMaps(boolean half) {
        int frames = 3;
        int heads = 6;
        int layers = 2;
        int g = 9;
        int p = 1 + g;
        float[][] sp = new float[layers][];
        float[][] tp = new float[layers][];
        for (int l = 0; l < layers; l++) {
            sp[l] = rows(new Random(10 + l), frames * heads, p);
            tp[l] = rows(new Random(20 + l), g * heads, frames);
        }
        long[] slabs = new long[2 * layers];
        for (int l = 0; l < layers; l++) {
            slabs[l] = sp[l].length;
            slabs[layers + l] = tp[l].length;
        }
        AttentionFile file = AttentionFile.create(tmp, slabs, half);
        AttentionRecord heap;
        if (half) {
            short[][] s = new short[layers][];
            short[][] t = new short[layers][];
            for (int l = 0; l < layers; l++) {
                s[l] = Half.fromFloats(sp[l]);
                t[l] = Half.fromFloats(tp[l]);
                file.write(l, s[l]);
                file.write(layers + l, t[l]);
            }
            heap = AttentionRecord.ofHalf(AttentionType.DIVIDED_SPACE_TIME, frames, 3, 3, heads, s, t);
        } else {
            for (int l = 0; l < layers; l++) {
                file.write(l, sp[l]);
                file.write(layers + l, tp[l]);
            }
            heap = AttentionRecord.ofFloat(AttentionType.DIVIDED_SPACE_TIME, frames, 3, 3, heads, sp, tp);
        }
        try (AttentionRecord mapped = AttentionRecord.ofFile(AttentionType.DIVIDED_SPACE_TIME, null, layers, frames,
                3, 3, heads, file)) {
            List<RolloutParams> cases = new ArrayList<>(common());
            cases.add(RolloutParams.defaults().withQuery(QueryToken.patch(1, 2, 2)));
            cases.add(RolloutParams.defaults().withMethod(RolloutMethod.TEMPORAL).withQuery(QueryToken.patch(0, 1, 0)));
            compare(heap, mapped, cases);
            for (int l = 0; l < layers; l++) {
                assertThat(mapped.temporalAt(l, 5)).isEqualTo(heap.temporalAt(l, 5));
            }
        }
    }

    private static List<RolloutParams> common() {
        RolloutParams d = RolloutParams.defaults();
        return List.of(d, d.withFusion(HeadFusion.MAX), d.withFusion(HeadFusion.MIN), d.withHeads(0, 2, 3, 4, 5),
                d.withHeads(4), d.withHeads(1, 5).withFusion(HeadFusion.MAX), d.withDiscardRatio(0.6),
                d.withResidualWeight(0.7).withStartLayer(1), d.withMethod(RolloutMethod.SPATIAL),
                d.withMethod(RolloutMethod.SPATIAL).withHeads(0, 1, 2, 3).withFusion(HeadFusion.MIN));
    }

    private static void compare(AttentionRecord heap, AttentionRecord mapped, List<RolloutParams> cases) {
        Rollout cached = new Rollout(mapped, 64L << 20); // the viewer's way: fused layers cached
        for (RolloutParams p : cases) {
            AttentionMaps a = Rollout.compute(heap, p);
            AttentionMaps b = Rollout.compute(mapped, p);
            assertArrayEquals(a.raw(), b.raw(), p.toString());
            assertArrayEquals(a.values(), b.values(), p.toString());
            assertArrayEquals(a.raw(), cached.compute(p).raw(), p.toString());
            assertArrayEquals(a.raw(), cached.compute(p).raw(), "again from the cache: " + p);
        }
        for (int l = 0; l < heap.layers(); l++) {
            assertThat(mapped.spatialAt(l, 7)).isEqualTo(heap.spatialAt(l, 7));
            if (heap.isHalf()) {
                assertArrayEquals(heap.spatialHalf(l), mapped.spatialHalf(l));
            } else {
                assertArrayEquals(heap.spatialFloat(l), mapped.spatialFloat(l));
            }
        }
    }

    /** {@code blocks} row-stochastic n × n maps of random positive values, one after the other. */
    private static float[] rows(Random r, int blocks, int n) {
        float[] v = new float[blocks * n * n];
        for (int row = 0; row < blocks * n; row++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                float x = (float) Math.exp(3 * r.nextGaussian());
                v[row * n + j] = x;
                sum += x;
            }
            for (int j = 0; j < n; j++) {
                v[row * n + j] /= (float) sum;
            }
        }
        return v;
    }

    private static long[] sizes(int layers, long each) {
        long[] s = new long[layers];
        java.util.Arrays.fill(s, each);
        return s;
    }
}
