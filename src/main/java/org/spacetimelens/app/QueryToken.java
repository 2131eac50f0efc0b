package org.spacetimelens.app;

/** A patch token (row y, column x, clip frame t) used as the rollout's query instead of CLS. */
public record QueryToken(int y, int x, int t) {
    @Override
    public String toString() {
        return "(y " + y + ", x " + x + ", t " + t + ")";
    }
}
