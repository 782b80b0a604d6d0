package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of Wycheproof's ML-DSA-44 files through our own API: {@link SignatureScheme} and
 * {@link SigningKey} where a case fits them (no context, deterministic), the extra FIPS 204 entry
 * points of {@link MlDsa44Scheme} for contexts, hedged {@code rnd} and external mu. "valid" must
 * verify (or sign to the exact bytes); "invalid" and "acceptable" must be refused: false from a
 * verify method, a {@link ValidationException} from a signing method.
 */
class MlDsa44WycheproofTest {
    private static final SignatureScheme SCHEME = SignatureSchemes.of(SchemeId.ML_DSA_44);
    private static final MlDsa44Scheme MLDSA = MlDsa44Scheme.INSTANCE;

    @TestFactory
    Stream<DynamicTest> mlDsa44Verify() {
        return Wycheproof.tests("mldsa_44_verify_test.json", c -> {
            final byte[] pk = c.groupBytes("publicKey");
            final byte[] ctx = c.bytes("ctx");
            final byte[] msg = c.bytes("msg");
            final byte[] mu = c.bytes("mu");
            final byte[] sig = c.bytes("sig");
            final boolean expected = c.expected() == Wycheproof.Expected.VALID;
            assertTrue(msg != null || mu != null, "a verify case carries msg or mu");
            if (msg != null) {
                assertEquals(expected, MLDSA.verify(pk, ctx, msg, sig), "verify(pk, ctx, msg, sig)");
                if (ctx == null || ctx.length == 0) {
                    assertEquals(expected, SCHEME.verify(pk, msg, sig), "SignatureScheme.verify(pk, msg, sig)");
                }
            }
            if (mu != null) {
                assertEquals(expected, MLDSA.verifyMu(pk, mu, sig), "verifyMu(pk, mu, sig)");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> mlDsa44SignFromSeed() {
        return Wycheproof.tests("mldsa_44_sign_seed_test.json", c -> {
            final byte[] seed = c.groupBytes("privateSeed");
            final byte[] expectedPk = c.groupBytes("publicKey");
            final byte[] ctx = c.bytes("ctx");
            final byte[] msg = c.bytes("msg");
            final byte[] mu = c.bytes("mu");
            final byte[] rnd = c.bytes("rnd");
            final byte[] sig = c.bytes("sig");
            assertTrue(msg != null || mu != null, "a sign case carries msg or mu");
            if (c.expected() == Wycheproof.Expected.VALID) {
                signsExactly(seed, expectedPk, ctx, msg, mu, rnd, sig);
            } else {
                refusesToSign(c, seed, ctx, msg, mu, rnd);
            }
        });
    }

    private static void signsExactly(final byte[] seed, final byte[] expectedPk, final byte[] ctx, final byte[] msg,
                                     final byte[] mu, final byte[] rnd, final byte[] sig) {
        assertNotNull(expectedPk, "a valid sign case names its public key");
        try (SigningKey key = SCHEME.fromSeed(seed)) {
            assertArrayEquals(expectedPk, key.publicKey(), "fromSeed(seed).publicKey()");
            if (msg != null && (ctx == null || ctx.length == 0) && rnd == null) {
                assertArrayEquals(sig, key.sign(msg), "SigningKey.sign(msg)");
            }
        }
        if (msg != null) {
            assertArrayEquals(sig, MLDSA.sign(seed, ctx, msg, rnd), "sign(seed, ctx, msg, rnd)");
            assertTrue(MLDSA.verify(expectedPk, ctx, msg, sig), "verify(pk, ctx, msg, sig)");
            if (mu != null) {
                assertArrayEquals(mu, MLDSA.mu(expectedPk, ctx, msg), "mu(pk, ctx, msg)");
            }
        }
        if (mu != null) {
            assertArrayEquals(sig, MLDSA.signMu(seed, mu, rnd), "signMu(seed, mu, rnd)");
            assertTrue(MLDSA.verifyMu(expectedPk, mu, sig), "verifyMu(pk, mu, sig)");
        }
    }

    private static void refusesToSign(final Wycheproof.Case c, final byte[] seed, final byte[] ctx, final byte[] msg,
                                      final byte[] mu, final byte[] rnd) {
        final ValidationException refused = assertThrows(ValidationException.class,
            () -> {
                if (msg != null) {
                    MLDSA.sign(seed, ctx, msg, rnd);
                } else {
                    MLDSA.signMu(seed, mu, rnd);
                }
            }, "signing must be refused with a typed error");
        if (c.hasFlag("InvalidContext")) {
            assertEquals(ValidationError.INVALID_VALUE, refused.error(), refused.getMessage());
        }
        if (c.hasFlag("IncorrectPrivateKeyLength")) {
            assertEquals(ValidationError.WRONG_LENGTH, refused.error(), refused.getMessage());
            final ValidationException fromSeed = assertThrows(ValidationException.class, () -> SCHEME.fromSeed(seed));
            assertEquals(ValidationError.WRONG_LENGTH, fromSeed.error());
        }
    }
}
