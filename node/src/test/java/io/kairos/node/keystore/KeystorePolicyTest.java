package io.kairos.node.keystore;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeystorePolicyTest {
    private static final KeystorePolicy POLICY = KeystorePolicy.DEFAULT;

    private static KeystoreError refusal(final KdfParams kdf) {
        return assertThrows(KeystoreException.class, () -> POLICY.check(kdf)).error();
    }

    @Test
    void defaultsAreScryptTwoToTheEighteenR8P1() {
        assertEquals(new KdfParams(1 << 18, 8, 1), POLICY.defaults());
        assertEquals(256L << 20, POLICY.defaults().memoryBytes());
    }

    @Test
    void floorAndCeilingThemselvesAreAccepted() {
        POLICY.check(new KdfParams(1 << 15, 8, 1));
        POLICY.check(new KdfParams(1 << 20, 8, 16));
        POLICY.check(new KdfParams(1 << 15, 256, 1));
    }

    @Test
    void belowTheFloorIsRefused() {
        assertEquals(KeystoreError.KDF_BELOW_FLOOR, refusal(new KdfParams(1 << 14, 8, 1)));
        assertEquals(KeystoreError.KDF_BELOW_FLOOR, refusal(new KdfParams(1 << 18, 4, 1)));
    }

    @Test
    void aboveTheCeilingIsRefused() {
        assertEquals(KeystoreError.KDF_ABOVE_CEILING, refusal(new KdfParams(1 << 21, 8, 1)));
        assertEquals(KeystoreError.KDF_ABOVE_CEILING, refusal(new KdfParams(1 << 18, 64, 1)));
        assertEquals(KeystoreError.KDF_ABOVE_CEILING, refusal(new KdfParams(1 << 18, 8, 17)));
        assertEquals(KeystoreError.KDF_ABOVE_CEILING, refusal(new KdfParams(1 << 30, Integer.MAX_VALUE / 2, 1)));
    }

    @Test
    void invalidParametersAreRefused() {
        assertEquals(KeystoreError.KDF_INVALID, refusal(new KdfParams(3 << 15, 8, 1)));
        assertEquals(KeystoreError.KDF_INVALID, refusal(new KdfParams(1, 8, 1)));
        assertEquals(KeystoreError.KDF_INVALID, refusal(new KdfParams(0, 8, 1)));
        assertEquals(KeystoreError.KDF_INVALID, refusal(new KdfParams(Integer.MIN_VALUE, 8, 1)));
        assertEquals(KeystoreError.KDF_INVALID, refusal(new KdfParams(1 << 18, 0, 1)));
        assertEquals(KeystoreError.KDF_INVALID, refusal(new KdfParams(1 << 18, 8, -1)));
    }

    @Test
    void incoherentPoliciesAreRefused() {
        final KdfParams d = new KdfParams(1 << 18, 8, 1);
        assertEquals(KeystoreError.KDF_INVALID, assertThrows(KeystoreException.class,
            () -> new KeystorePolicy(d, 3000, 8, 1, 1L << 30, 16)).error());
        assertEquals(KeystoreError.KDF_INVALID, assertThrows(KeystoreException.class,
            () -> new KeystorePolicy(d, 1 << 15, 8, 1, 1L << 20, 16)).error());
        assertEquals(KeystoreError.KDF_INVALID, assertThrows(KeystoreException.class,
            () -> new KeystorePolicy(d, 1 << 15, 8, 4, 1L << 30, 2)).error());
        assertEquals(KeystoreError.KDF_BELOW_FLOOR, assertThrows(KeystoreException.class,
            () -> new KeystorePolicy(new KdfParams(1 << 14, 8, 1), 1 << 15, 8, 1, 1L << 30, 16)).error());
    }
}
