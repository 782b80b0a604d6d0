package io.kairos.bench.crypto;

import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the benchmarks' set-up and one pass over their pools without JMH and without timing: a broken
 * pool or verifier shows up here rather than as a failed trial in a long run.
 */
class VerifyBenchmarkSetUpTest {
    @Test
    void ed25519SetUpPassesItsOwnCheckAndEveryMethodVerifiesTheWholePool() throws GeneralSecurityException {
        final Ed25519VerifyBenchmark b = new Ed25519VerifyBenchmark();
        b.setUp();
        for (int i = 0; i < SignedPool.SIZE; i++) {
            assertTrue(b.ours() && b.bcRfc8032() && b.bcSigner() && b.jdk(), "entry " + i);
        }
    }

    @Test
    void mlDsa44SetUpPassesItsOwnCheckAndEveryMethodVerifiesTheWholePool() {
        final MlDsa44VerifyBenchmark b = new MlDsa44VerifyBenchmark();
        b.setUp();
        for (int i = 0; i < SignedPool.SIZE; i++) {
            assertTrue(b.ours() && b.bcSigner(), "entry " + i);
        }
    }

    @Test
    void thePoolIsReproducibleAndItsEntriesDistinct() {
        final SignedPool a = SignedPool.create(io.kairos.engine.crypto.Ed25519Scheme.INSTANCE, 7);
        final SignedPool b = SignedPool.create(io.kairos.engine.crypto.Ed25519Scheme.INSTANCE, 7);
        assertTrue(Arrays.deepEquals(a.signatures, b.signatures));
        final Set<String> keys = new HashSet<>();
        for (final byte[] pk : a.publicKeys) {
            keys.add(Arrays.toString(pk));
        }
        assertEquals(SignedPool.SIZE, keys.size());
        assertEquals(0, SignedPool.next(SignedPool.SIZE - 1));
    }

    @Test
    void aWrongAnswerFailsTheSetUp() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> SignedPool.expect("ours", 5, true, false));
        assertTrue(e.getMessage().contains("ours returned false for pool entry 5"), e.getMessage());
    }
}
