package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.TimeSformerNet;

class DemoTrainerTest {

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
    }

    private static DemoTrainer.Result train(int steps, long seed) {
        DemoTrainer.Options opt = new DemoTrainer.Options(steps, 8, seed, 3e-3f, 0.0f, 3);
        try (TimeSformerNet net = TimeSformerNet.random(DemoModels.tiny(), NDManager.newBaseManager(), seed)) {
            return DemoTrainer.train(net, opt, null);
        }
    }

    @Test
    void aShortRunOnATinyModelLowersTheLoss() {
        DemoTrainer.Result r = train(40, 5);
        double first = r.meanLoss(0, 8);
        double last = r.meanLoss(32, 40);
        // ln 6 ≈ 1.79 at the start; a working loop must get clearly below where it began.
        assertThat(first).isBetween(1.6, 2.0);
        assertThat(last).as("loss of the last 8 steps vs the first 8").isLessThan(first - 0.15);
    }

    @Test
    void trainingIsDeterministicForASeed() {
        DemoTrainer.Result a = train(4, 9);
        DemoTrainer.Result b = train(4, 9);
        DemoTrainer.Result c = train(4, 10);
        assertThat(a.losses()).containsExactly(b.losses());
        assertThat(a.losses()).isNotEqualTo(c.losses());
    }
}
