package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MapOpsTest {

    @Test
    void selectFindsTheKthSmallestLikeASort() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int size = 1 + r.nextInt(trial < 100 ? 40 : 5000);
            float[] a = new float[size];
            for (int i = 0; i < size; i++) {
                a[i] = switch (trial % 4) {
                    case 0 -> r.nextFloat();                       // attention-like
                    case 1 -> (float) Math.pow(r.nextFloat(), 8) * 1e-3f; // tiny values, subnormal range
                    case 2 -> r.nextInt(5) / 4f;                   // many ties, zeros
                    default -> (float) r.nextGaussian();           // negatives too
                };
            }
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(size);
            float got = MapOps.select(a.clone(), size, k);
            assertThat(got).as("trial %d, size %d, k %d", trial, size, k).isEqualTo(sorted[k]);
        }
    }

    @Test
    void selectLooksOnlyAtThePrefix() {
        float[] a = {5, 1, 4, 2, 3, -100, -200};
        assertThat(MapOps.select(a.clone(), 5, 0)).isEqualTo(1f);
        assertThat(MapOps.select(a.clone(), 5, 4)).isEqualTo(5f);
    }
}
