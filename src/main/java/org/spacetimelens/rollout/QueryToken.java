package org.spacetimelens.rollout;

/**
 * The token whose rollout row is shown: the CLS (default) or the patch token at grid row {@code y},
 * column {@code x} of frame {@code t}. For the CLS, {@code y = x = t = 0} and are ignored.
 */
public record QueryToken(boolean cls, int y, int x, int t) {

    /** The classification token. */
    public static final QueryToken CLS = new QueryToken(true, 0, 0, 0);

    public QueryToken {
        if (cls && (y != 0 || x != 0 || t != 0)) {
            throw new IllegalArgumentException("the CLS query takes no coordinates (got y=" + y + ", x=" + x
                    + ", t=" + t + ")");
        }
        if (y < 0 || x < 0 || t < 0) {
            throw new IllegalArgumentException("patch query coordinates must be >= 0 (got y=" + y + ", x=" + x
                    + ", t=" + t + ")");
        }
    }

    /** The patch token at grid row y, column x of frame t. */
    public static QueryToken patch(int y, int x, int t) {
        return new QueryToken(false, y, x, t);
    }

    @Override
    public String toString() {
        return cls ? "cls" : "patch(y=" + y + ", x=" + x + ", t=" + t + ")";
    }
}
