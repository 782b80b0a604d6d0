package io.kairos.bench.crypto;

import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SigningKey;

import java.util.SplittableRandom;

/**
 * A fixed pool of distinct (public key, message, signature) triples for one scheme, built from a
 * seeded generator so that every fork and every run verifies the same inputs. Benchmarks cycle
 * through it by index so that neither the branch predictors nor the caches see one input repeated.
 * Built once at set-up and then only read; not for concurrent mutation.
 */
final class SignedPool {
    /** A power of two, so that the cycling index wraps with a mask. */
    static final int SIZE = 1024;
    /** The size of a 32-byte signing digest; verification cost barely depends on it at this size. */
    static final int MESSAGE_LENGTH = 32;

    final byte[][] publicKeys;
    final byte[][] messages;
    final byte[][] signatures;

    private SignedPool(final byte[][] publicKeys, final byte[][] messages, final byte[][] signatures) {
        this.publicKeys = publicKeys;
        this.messages = messages;
        this.signatures = signatures;
    }

    static SignedPool create(final SignatureScheme scheme, final long randomSeed) {
        final SplittableRandom random = new SplittableRandom(randomSeed);
        final byte[][] publicKeys = new byte[SIZE][];
        final byte[][] messages = new byte[SIZE][];
        final byte[][] signatures = new byte[SIZE][];
        final byte[] seed = new byte[SignatureScheme.SEED_LENGTH];
        for (int i = 0; i < SIZE; i++) {
            random.nextBytes(seed);
            messages[i] = new byte[MESSAGE_LENGTH];
            random.nextBytes(messages[i]);
            try (SigningKey key = scheme.fromSeed(seed)) {
                publicKeys[i] = key.publicKey();
                signatures[i] = key.sign(messages[i]);
            }
        }
        return new SignedPool(publicKeys, messages, signatures);
    }

    /** A copy of signature {@code index} with one bit of its first byte flipped: never valid. */
    byte[] tamperedSignature(final int index) {
        final byte[] copy = signatures[index].clone();
        copy[0] ^= 1;
        return copy;
    }

    /** Fails the set-up when a verifier gives the wrong answer for pool entry {@code index}. */
    static void expect(final String verifier, final int index, final boolean expected, final boolean actual) {
        if (expected != actual) {
            throw new IllegalStateException(verifier + " returned " + actual + " for pool entry " + index
                + (expected ? " (a valid signature)" : " (a tampered signature)"));
        }
    }

    /** The index after {@code index}, wrapping at {@link #SIZE}. */
    static int next(final int index) {
        return (index + 1) & (SIZE - 1);
    }
}
