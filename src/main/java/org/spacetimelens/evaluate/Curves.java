package org.spacetimelens.evaluate;

/**
 * One method's curves on one clip: {@code S+1} target probabilities each (the mean over the method's
 * rankings), and their trapezoid AUCs over {@code s/S ∈ [0, 1]}.
 */
public record Curves(double[] deletion, double[] insertion, double deletionAuc, double insertionAuc) {

    public static Curves of(double[] deletion, double[] insertion) {
        return new Curves(deletion, insertion, PerturbationProtocol.auc(deletion), PerturbationProtocol.auc(insertion));
    }

    public int steps() {
        return deletion.length - 1;
    }
}
