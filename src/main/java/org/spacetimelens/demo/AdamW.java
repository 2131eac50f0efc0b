package org.spacetimelens.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, decoupled weight decay) written with plain NDArray operations.
 *
 * <p>Hand-written rather than DJL 0.32's {@code Optimizer.adamW()}, whose PyTorch implementation is
 * one opaque native kernel: while chasing runs that diverged from each other, every step of the
 * update had to be checkable against the paper. (The divergence turned out to come from gradients
 * that now and then read back as garbage; {@link DemoTrainer} skips those steps.)
 */
final class AdamW {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray[]> state = new HashMap<>();
    private int step;

    AdamW(NDManager parent, float beta1, float beta2, float eps, float weightDecay) {
        this.stateManager = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Starts a step (advances the bias-correction counter once for all parameters). */
    void beginStep() {
        step++;
    }

    /**
     * Updates {@code weight} in place from {@code grad}; temporaries go to {@code tmp}.
     *
     * @param decay apply weight decay (not to biases, norms and embeddings, as usual for ViTs)
     */
    void update(String name, NDArray weight, NDArray grad, float lr, boolean decay, NDManager tmp) {
        NDArray[] mv = state.computeIfAbsent(name, k -> new NDArray[] {
            stateManager.zeros(weight.getShape()), stateManager.zeros(weight.getShape())});
        NDArray m = mv[0];
        NDArray v = mv[1];
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.square().muli(1 - beta2));
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        NDArray denom = tmp(tmp, v.sqrt()).divi(Math.sqrt(c2)).addi(eps);
        NDArray delta = tmp(tmp, m.div(denom)).muli(lr / c1);
        if (decay && weightDecay > 0) {
            weight.muli(1 - lr * weightDecay);
        }
        weight.subi(delta);
    }

    private static NDArray tmp(NDManager tmp, NDArray a) {
        a.attach(tmp);
        return a;
    }

    void close() {
        stateManager.close();
    }
}
