package io.kairos.engine.crypto;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For random seeds and messages, through the {@link SignatureScheme} interface: a signature verifies,
 * and flipping any one of its bits (the bit is drawn too) makes it fail. ML-DSA runs fewer tries
 * because each one signs a 2,420-byte signature.
 */
class SignatureSchemePropertiesTest {

    @Property(tries = 300)
    boolean ed25519SignVerifyAndBitFlip(@ForAll @Size(32) final byte[] seed,
                                        @ForAll @Size(max = 300) final byte[] message,
                                        @ForAll @IntRange(min = 0, max = 64 * 8 - 1) final int bit) {
        return signsAndRefusesFlip(SignatureSchemes.of(SchemeId.ED25519), seed, message, bit);
    }

    @Property(tries = 50)
    boolean mlDsa44SignVerifyAndBitFlip(@ForAll @Size(32) final byte[] seed,
                                        @ForAll @Size(max = 300) final byte[] message,
                                        @ForAll @IntRange(min = 0, max = MlDsa44Scheme.SIGNATURE_LENGTH * 8 - 1)
                                        final int bit) {
        return signsAndRefusesFlip(SignatureSchemes.of(SchemeId.ML_DSA_44), seed, message, bit);
    }

    private static boolean signsAndRefusesFlip(final SignatureScheme scheme, final byte[] seed, final byte[] message,
                                               final int bit) {
        try (SigningKey key = scheme.fromSeed(seed)) {
            final byte[] pk = key.publicKey();
            final byte[] sig = key.sign(message);
            if (sig.length != scheme.signatureLength() || !scheme.verify(pk, message, sig)) {
                return false;
            }
            sig[bit >>> 3] ^= (byte) (1 << (bit & 7));
            return !scheme.verify(pk, message, sig);
        }
    }
}
