package org.spacetimelens.app;

/** How the viewer writes sizes and counts. */
final class Format {
    private Format() {
    }

    /** Bytes as "512 MB", "1.50 GB", "12 kB". */
    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format("%.2f GB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format("%.0f MB", b / (double) (1L << 20));
        }
        return String.format("%.0f kB", b / 1024.0);
    }

    /** A count as "86.2 M", "3.5 k", "12". */
    static String count(long n) {
        if (n >= 1_000_000) {
            return String.format("%.1f M", n / 1e6);
        }
        if (n >= 1_000) {
            return String.format("%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }
}
