package io.kairos.node.keystore;

/**
 * scrypt cost parameters: CPU/memory cost {@code n} (a power of two), block size {@code r} and
 * parallelism {@code p}. A plain value; whether it is acceptable is {@link KeystorePolicy#check}'s call.
 */
public record KdfParams(int n, int r, int p) {
    /**
     * Bytes scrypt's ROMix table takes: 128 * r * n (saturating at {@link Long#MAX_VALUE}; 0 for
     * parameters that are not positive).
     */
    public long memoryBytes() {
        if (n <= 0 || r <= 0) {
            return 0;
        }
        final long perN = 128L * r;
        return n > Long.MAX_VALUE / perN ? Long.MAX_VALUE : perN * n;
    }

    /** The same r and p with another n. */
    public KdfParams withN(final int newN) {
        return new KdfParams(newN, r, p);
    }

    @Override
    public String toString() {
        return "scrypt N=" + n + (Integer.bitCount(n) == 1 ? " (2^" + Integer.numberOfTrailingZeros(n) + ")" : "")
            + " r=" + r + " p=" + p;
    }
}
