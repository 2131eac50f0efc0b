package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** The fused-layer cache: re-use, keys, bounds, concurrent callers. */
class RolloutCacheTest {

    final AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, 4, 3, 2, 4, 3, 2.0, 11);

    @Test
    void layerQueryAndNormalisationChangesReuseFusedLayers() {
        Rollout rollout = new Rollout(rec);
        rollout.compute(RolloutParams.defaults());
        assertThat(rollout.cachedLayers()).isEqualTo(4);
        List<RolloutParams> reuse = List.of(RolloutParams.defaults().withUpToLayer(1),
                RolloutParams.defaults().withStartLayer(2),
                RolloutParams.defaults().withQuery(QueryToken.patch(1, 1, 1)),
                RolloutParams.defaults().withNormalization(MapNormalization.PER_FRAME));
        for (RolloutParams p : reuse) {
            AttentionMaps cached = rollout.compute(p);
            assertThat(rollout.cachedLayers()).as(p.toString()).isEqualTo(4);
            assertThat(cached.values()).isEqualTo(Rollout.compute(rec, p).values());
        }
        rollout.compute(RolloutParams.defaults().withResidualWeight(0.3));
        assertThat(rollout.cachedLayers()).isEqualTo(8);
        // a head selection at one layer adds only that layer
        rollout.compute(RolloutParams.defaults().withHeads(1).withHeadLayer(2));
        assertThat(rollout.cachedLayers()).isEqualTo(9);
    }

    @Test
    void cacheStaysWithinItsBudgetAndResultsStayRight() {
        long oneLayer = 4L * (3 * 9 * 9 + 9 * 3 * 3) + 64;
        Rollout rollout = new Rollout(rec, 2 * oneLayer);
        for (double alpha : new double[] {0.5, 0.4, 0.5, 0.6}) {
            RolloutParams p = RolloutParams.defaults().withResidualWeight(alpha);
            assertThat(rollout.compute(p).values()).isEqualTo(Rollout.compute(rec, p).values());
            assertThat(rollout.cachedBytes()).isLessThanOrEqualTo(2 * oneLayer);
            assertThat(rollout.cachedLayers()).isEqualTo(2);
        }
        assertThat(new Rollout(rec, 0).compute(RolloutParams.defaults()).values())
                .isEqualTo(Rollout.compute(rec, RolloutParams.defaults()).values());
    }

    @Test
    void concurrentCallersGetTheSameMapsAsSequentialOnes() throws Exception {
        List<RolloutParams> params = new ArrayList<>(RolloutOracleTest.options(4, 3, 2, 4, 3));
        List<float[]> expected = new ArrayList<>();
        for (RolloutParams p : params) {
            expected.add(Rollout.compute(rec, p).values());
        }
        Rollout shared = new Rollout(rec, 6 * (4L * (3 * 81 + 81) + 64)); // small: forces evictions
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                int offset = worker;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < params.size(); i++) {
                            int k = (i + offset * 7) % params.size();
                            if (!java.util.Arrays.equals(shared.compute(params.get(k)).values(), expected.get(k))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
