package io.kairos.node.keystore;

/**
 * Which scrypt parameters a keystore may be written or read with: the defaults for new files, a
 * floor (weaker files are refused, so a downgraded file is never decrypted) and a ceiling (costlier
 * files are refused before any work, so a hostile file cannot exhaust memory or CPU).
 * Immutable and thread-safe.
 *
 * @param defaults       parameters for new keystores
 * @param minN           smallest accepted N (a power of two)
 * @param minR           smallest accepted r
 * @param minP           smallest accepted p
 * @param maxMemoryBytes largest accepted scrypt table, 128 * r * N bytes
 * @param maxP           largest accepted p
 */
public record KeystorePolicy(KdfParams defaults, int minN, int minR, int minP, long maxMemoryBytes, int maxP) {
    /** N = 2^18, r = 8, p = 1 by default; floor N = 2^15, r = 8, p = 1; ceiling 1 GiB, p = 16. */
    public static final KeystorePolicy DEFAULT =
        new KeystorePolicy(new KdfParams(1 << 18, 8, 1), 1 << 15, 8, 1, 1L << 30, 16);

    private static final long MIB = 1L << 20;

    public KeystorePolicy {
        if (defaults == null) {
            throw new KeystoreException(KeystoreError.KDF_INVALID, "keystore policy: defaults are missing");
        }
        if (minN < 2 || Integer.bitCount(minN) != 1 || minR < 1 || minP < 1 || maxP < minP
            || maxMemoryBytes < new KdfParams(minN, minR, minP).memoryBytes()) {
            throw new KeystoreException(KeystoreError.KDF_INVALID, "keystore policy: incoherent floor and ceiling "
                + "(minN=" + minN + " minR=" + minR + " minP=" + minP + " maxMemoryBytes=" + maxMemoryBytes
                + " maxP=" + maxP + "); the floor must be positive, N a power of two, and the ceiling above the floor");
        }
        checkAgainst(defaults, minN, minR, minP, maxMemoryBytes, maxP);
    }

    /**
     * Refuses parameters that are invalid, below the floor or above the ceiling, in that order.
     *
     * @throws KeystoreException {@link KeystoreError#KDF_INVALID}, {@link KeystoreError#KDF_BELOW_FLOOR}
     *                           or {@link KeystoreError#KDF_ABOVE_CEILING}
     */
    public void check(final KdfParams kdf) {
        checkAgainst(kdf, minN, minR, minP, maxMemoryBytes, maxP);
    }

    private static void checkAgainst(final KdfParams kdf, final int minN, final int minR, final int minP,
                                     final long maxMemoryBytes, final int maxP) {
        if (kdf.n() < 2 || Integer.bitCount(kdf.n()) != 1) {
            throw new KeystoreException(KeystoreError.KDF_INVALID,
                "scrypt N must be a power of two greater than 1, got " + kdf.n());
        }
        if (kdf.r() < 1 || kdf.p() < 1 || (long) kdf.r() * kdf.p() >= 1L << 30) {
            throw new KeystoreException(KeystoreError.KDF_INVALID,
                "scrypt r and p must be positive with r * p < 2^30, got r=" + kdf.r() + " p=" + kdf.p());
        }
        if (kdf.n() < minN || kdf.r() < minR || kdf.p() < minP) {
            throw new KeystoreException(KeystoreError.KDF_BELOW_FLOOR, kdf + " is weaker than the floor N >= " + minN
                + " (2^" + Integer.numberOfTrailingZeros(minN) + "), r >= " + minR + ", p >= " + minP);
        }
        if (kdf.memoryBytes() > maxMemoryBytes) {
            throw new KeystoreException(KeystoreError.KDF_ABOVE_CEILING, kdf + " needs "
                + kdf.memoryBytes() / MIB + " MiB, above the ceiling of " + maxMemoryBytes / MIB
                + " MiB (128 * r * N)");
        }
        if (kdf.p() > maxP) {
            throw new KeystoreException(KeystoreError.KDF_ABOVE_CEILING,
                kdf + " has parallelism above the ceiling p <= " + maxP);
        }
    }
}
