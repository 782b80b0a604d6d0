package io.kairos.engine.eth;

import java.util.Arrays;

/** Deterministic seeds for secp256k1-eth keys in tests. */
final class Secp256k1Fixtures {
    private Secp256k1Fixtures() {
    }

    /** 32 bytes of {@code value}: a valid private key for 1..0xfe. */
    static byte[] seed(final int value) {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
