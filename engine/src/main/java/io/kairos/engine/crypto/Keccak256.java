package io.kairos.engine.crypto;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256). Stateless static
 * helpers; each call uses its own digest, so they are thread-safe.
 */
public final class Keccak256 {
    /** Output length in bytes. */
    public static final int LENGTH = 32;

    private Keccak256() {
    }

    /** Keccak-256 of {@code data[offset, offset+length)}. */
    public static byte[] hash(final byte[] data, final int offset, final int length) {
        final KeccakDigest d = new KeccakDigest(256);
        d.update(data, offset, length);
        final byte[] out = new byte[LENGTH];
        d.doFinal(out, 0);
        return out;
    }

    /** Keccak-256 of the concatenation of {@code parts}. */
    public static byte[] hash(final byte[]... parts) {
        final KeccakDigest d = new KeccakDigest(256);
        for (final byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        final byte[] out = new byte[LENGTH];
        d.doFinal(out, 0);
        return out;
    }
}
