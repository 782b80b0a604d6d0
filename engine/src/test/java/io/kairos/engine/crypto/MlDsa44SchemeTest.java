package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlDsa44SchemeTest {
    private static final SignatureScheme SCHEME = SignatureSchemes.of(SchemeId.ML_DSA_44);
    private static final MlDsa44Scheme MLDSA = MlDsa44Scheme.INSTANCE;
    private static final byte[] MSG = "transfer 5 tokens to kairos1".getBytes(StandardCharsets.US_ASCII);

    private static byte[] seed;
    private static byte[] pk;
    private static byte[] sig;

    @BeforeAll
    static void signOnce() {
        seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i * 7 + 3);
        }
        try (SigningKey key = SCHEME.fromSeed(seed)) {
            pk = key.publicKey();
            sig = key.sign(MSG);
        }
    }

    @Test
    void sizesAndIdentity() {
        assertSame(MLDSA, SCHEME);
        assertEquals(SchemeId.ML_DSA_44, SCHEME.id());
        assertEquals(1312, SCHEME.publicKeyLength());
        assertEquals(2420, SCHEME.signatureLength());
        assertEquals(1312, pk.length);
        assertEquals(2420, sig.length);
    }

    @Test
    void signThenVerifyRoundTrips() {
        assertTrue(SCHEME.verify(pk, MSG, sig));
        assertTrue(MLDSA.verify(pk, null, MSG, sig), "null context is the empty context");
        assertTrue(MLDSA.verify(pk, new byte[0], MSG, sig));
        final byte[] framed = new byte[MSG.length + 10];
        System.arraycopy(MSG, 0, framed, 4, MSG.length);
        assertTrue(SCHEME.verify(pk, framed, 4, MSG.length, sig), "a slice of a larger buffer");
        try (SigningKey key = SCHEME.fromSeed(seed)) {
            assertArrayEquals(sig, key.sign(framed, 4, MSG.length));
            assertArrayEquals(seed, key.seed());
        }
    }

    @Test
    void aTamperedMessageIsRefused() {
        final byte[] other = MSG.clone();
        other[0] ^= 1;
        assertFalse(SCHEME.verify(pk, other, sig));
        assertFalse(SCHEME.verify(pk, Arrays.copyOf(MSG, MSG.length + 1), sig));
        assertFalse(SCHEME.verify(pk, Arrays.copyOf(MSG, MSG.length - 1), sig));
    }

    @Test
    void aTamperedPublicKeyIsRefused() {
        for (final int at : new int[] {0, 31, 32, 700, 1311}) {
            final byte[] other = pk.clone();
            other[at] ^= 0x10;
            assertFalse(SCHEME.verify(other, MSG, sig), "public key byte " + at);
        }
        try (SigningKey otherKey = SCHEME.fromSeed(new byte[32])) {
            assertFalse(SCHEME.verify(otherKey.publicKey(), MSG, sig), "another key's public key");
        }
    }

    /** Every bit of c~ and of the hint section, and one bit of every byte of z. */
    @Test
    void aTamperedSignatureIsRefused() {
        final int hintsStart = sig.length - 84;
        for (int bit = 0; bit < sig.length * 8; bit++) {
            final int at = bit >>> 3;
            final boolean everyBit = at < 32 || at >= hintsStart;
            if (everyBit || (bit & 7) == at % 8) {
                final byte[] other = sig.clone();
                other[at] ^= (byte) (1 << (bit & 7));
                assertFalse(SCHEME.verify(pk, MSG, other), "signature bit " + bit);
            }
        }
    }

    @Test
    void wrongLengthsAreFalseNotExceptions() {
        final byte[][] badKeys = {null, new byte[0], Arrays.copyOf(pk, 1311), Arrays.copyOf(pk, 1313)};
        final byte[][] badSigs = {null, new byte[0], Arrays.copyOf(sig, 2419), Arrays.copyOf(sig, 2421)};
        final byte[] mu = MLDSA.mu(pk, null, MSG);
        for (final byte[] k : badKeys) {
            assertFalse(SCHEME.verify(k, MSG, sig));
            assertFalse(MLDSA.verify(k, null, MSG, sig));
            assertFalse(MLDSA.verifyMu(k, mu, sig));
        }
        for (final byte[] s : badSigs) {
            assertFalse(SCHEME.verify(pk, MSG, s));
            assertFalse(MLDSA.verify(pk, null, MSG, s));
            assertFalse(MLDSA.verifyMu(pk, mu, s));
        }
        assertFalse(SCHEME.verify(pk, null, 0, 0, sig));
        assertFalse(MLDSA.verify(pk, null, null, sig));
        assertFalse(SCHEME.verify(pk, MSG, -1, 1, sig));
        assertFalse(SCHEME.verify(pk, MSG, 1, MSG.length, sig));
        assertFalse(MLDSA.verifyMu(pk, null, sig));
        assertFalse(MLDSA.verifyMu(pk, Arrays.copyOf(mu, 63), sig));
        assertFalse(MLDSA.verifyMu(pk, Arrays.copyOf(mu, 65), sig));
    }

    @Test
    void signingIsDeterministic() {
        try (SigningKey again = SCHEME.fromSeed(seed.clone())) {
            assertArrayEquals(pk, again.publicKey(), "same seed, same public key");
            assertArrayEquals(sig, again.sign(MSG), "same seed and message, same signature");
        }
        assertArrayEquals(sig, MLDSA.sign(seed, null, MSG, null));
        assertArrayEquals(sig, MLDSA.sign(seed, new byte[0], MSG, null));
        assertArrayEquals(sig, MLDSA.sign(seed, null, MSG, new byte[MlDsa44Scheme.RND_LENGTH]),
            "deterministic signing is hedged signing with an all-zero rnd");
        final byte[] other = MSG.clone();
        other[3] ^= 1;
        assertFalse(Arrays.equals(sig, MLDSA.sign(seed, null, other, null)));
    }

    @Test
    void hedgedSigningUsesTheGivenRnd() {
        final byte[] rnd = new byte[MlDsa44Scheme.RND_LENGTH];
        Arrays.fill(rnd, (byte) 0x5A);
        final byte[] hedged = MLDSA.sign(seed, null, MSG, rnd);
        assertFalse(Arrays.equals(sig, hedged));
        assertArrayEquals(hedged, MLDSA.sign(seed, null, MSG, rnd.clone()), "same rnd, same signature");
        assertTrue(SCHEME.verify(pk, MSG, hedged));
        rnd[31] ^= 1;
        assertFalse(Arrays.equals(hedged, MLDSA.sign(seed, null, MSG, rnd)));
    }

    @Test
    void theContextStringSeparatesSignatures() {
        final byte[] ctx = "kairos/consensus".getBytes(StandardCharsets.US_ASCII);
        final byte[] withCtx = MLDSA.sign(seed, ctx, MSG, null);
        assertTrue(MLDSA.verify(pk, ctx, MSG, withCtx));
        assertFalse(SCHEME.verify(pk, MSG, withCtx), "a context signature is not a plain one");
        assertFalse(MLDSA.verify(pk, "kairos/consensuz".getBytes(StandardCharsets.US_ASCII), MSG, withCtx));
        assertFalse(MLDSA.verify(pk, ctx, MSG, sig), "a plain signature is not a context one");

        final byte[] longest = new byte[MlDsa44Scheme.MAX_CONTEXT_LENGTH];
        assertTrue(MLDSA.verify(pk, longest, MSG, MLDSA.sign(seed, longest, MSG, null)));
    }

    @Test
    void anOverLongContextIsRefused() {
        final byte[] tooLong = new byte[MlDsa44Scheme.MAX_CONTEXT_LENGTH + 1];
        assertRefused(ValidationError.INVALID_VALUE, () -> MLDSA.sign(seed, tooLong, MSG, null));
        assertRefused(ValidationError.INVALID_VALUE, () -> MLDSA.mu(pk, tooLong, MSG));
        assertFalse(MLDSA.verify(pk, tooLong, MSG, sig));
    }

    @Test
    void externalMuSigningMatchesMessageSigning() {
        final byte[] ctx = {1, 2, 3};
        final byte[] mu = MLDSA.mu(pk, ctx, MSG);
        assertEquals(MlDsa44Scheme.MU_LENGTH, mu.length);
        final byte[] viaMu = MLDSA.signMu(seed, mu, null);
        assertArrayEquals(MLDSA.sign(seed, ctx, MSG, null), viaMu);
        assertTrue(MLDSA.verifyMu(pk, mu, viaMu));
        assertTrue(MLDSA.verify(pk, ctx, MSG, viaMu));
        final byte[] otherMu = mu.clone();
        otherMu[0] ^= 1;
        assertFalse(MLDSA.verifyMu(pk, otherMu, viaMu));
        assertArrayEquals(sig, MLDSA.signMu(seed, MLDSA.mu(pk, null, MSG), null));
    }

    @Test
    void malformedSigningInputsAreTypedErrors() {
        for (final byte[] bad : new byte[][] {null, new byte[31], new byte[33]}) {
            assertRefused(ValidationError.WRONG_LENGTH, () -> SCHEME.fromSeed(bad));
            assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.sign(bad, null, MSG, null));
            assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.signMu(bad, new byte[64], null));
        }
        assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.sign(seed, null, MSG, new byte[31]));
        assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.signMu(seed, new byte[64], new byte[33]));
        assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.signMu(seed, new byte[63], null));
        assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.signMu(seed, null, null));
        assertRefused(ValidationError.INVALID_VALUE, () -> MLDSA.sign(seed, null, null, null));
        assertRefused(ValidationError.WRONG_LENGTH, () -> MLDSA.mu(Arrays.copyOf(pk, 1311), null, MSG));
        assertRefused(ValidationError.INVALID_VALUE, () -> MLDSA.mu(pk, null, null));
    }

    @Test
    void aDestroyedKeyCannotSign() {
        final SigningKey key = SCHEME.fromSeed(seed);
        key.destroy();
        assertThrows(IllegalStateException.class, () -> key.sign(MSG));
        assertThrows(IllegalStateException.class, key::seed);
    }

    private static void assertRefused(final ValidationError expected, final Executable call) {
        final ValidationException e = assertThrows(ValidationException.class, call);
        assertEquals(expected, e.error(), e.getMessage());
    }
}
