package io.kairos.engine.crypto;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hashing;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * One signature scheme: key generation from a seed, signing, verification and address derivation.
 * Implementations are stateless and thread-safe; {@link #verify} never throws for bad input, it
 * returns {@code false} (a malformed key or signature is simply not a valid signature).
 *
 * <p>Private keys are always held as the scheme's 32-byte seed (RFC 8032 secret key for Ed25519,
 * FIPS 204 seed xi for ML-DSA), which is also what the keystore stores.
 */
public interface SignatureScheme {
    /** Length of a private seed in bytes; 32 for every scheme here. */
    int SEED_LENGTH = 32;

    SchemeId id();

    int publicKeyLength();

    int signatureLength();

    /** Derives the key pair from a 32-byte seed; the same seed always gives the same key. */
    SigningKey fromSeed(byte[] seed);

    /** A fresh key from {@code random}. */
    default SigningKey generate(final SecureRandom random) {
        final byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Whether {@code publicKey} is a key this scheme can ever verify under: the right length and, where
     * the scheme has such a notion, a valid encoding (Ed25519: a canonical point of the prime-order
     * subgroup, so never a small-order key). Used to refuse unusable validator keys at genesis.
     */
    default boolean isValidPublicKey(final byte[] publicKey) {
        return publicKey != null && publicKey.length == publicKeyLength();
    }

    /**
     * Verifies {@code signature} over {@code message[offset, offset+length)} under {@code publicKey}.
     *
     * @return true only for a valid signature; false for any malformed key, signature or mismatch
     */
    boolean verify(byte[] publicKey, byte[] message, int offset, int length, byte[] signature);

    default boolean verify(final byte[] publicKey, final byte[] message, final byte[] signature) {
        return verify(publicKey, message, 0, message.length, signature);
    }

    /**
     * The account address of a public key: the first 20 bytes of
     * SHA-256("kairos/address/v1" 0x00 || scheme tag || public key). The scheme tag in the hash keeps
     * two schemes' addresses apart even for equal key bytes.
     */
    default Address address(final byte[] publicKey) {
        final MessageDigest md = Hashing.begin(Hashing.Domain.ADDRESS);
        md.update((byte) id().code());
        md.update(publicKey);
        return Address.fromDigest(md.digest());
    }
}
