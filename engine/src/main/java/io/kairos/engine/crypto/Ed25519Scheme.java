package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Arrays;

/**
 * Ed25519 (RFC 8032, pure, no context) over Bouncy Castle's constant-time implementation.
 *
 * <p>Verification is strict, so every node accepts exactly the same set of signatures: it refuses an
 * S that is not below the group order L (the malleable form), an R or public key whose encoded y is
 * not below p or that is not a curve point, a public key of small order (the neutral element and the
 * points of order 2 and 4 included), and any key or signature of the wrong length. It gives exactly
 * Wycheproof's expected result for every case of {@code ed25519_test.json}, with no "acceptable"
 * leniency. Bouncy Castle 1.86 performs all of these checks itself, so no extra pre-check is needed;
 * the tests beside this class pin each of them, so a library upgrade that loosens one fails the build.
 *
 * <p>Stateless and thread-safe; a {@link SigningKey} from {@link #fromSeed} may sign from any thread.
 */
public final class Ed25519Scheme implements SignatureScheme {
    public static final Ed25519Scheme INSTANCE = new Ed25519Scheme();

    static {
        Ed25519.precompute();
    }

    private Ed25519Scheme() {
    }

    @Override
    public SchemeId id() {
        return SchemeId.ED25519;
    }

    @Override
    public int publicKeyLength() {
        return Ed25519.PUBLIC_KEY_SIZE;
    }

    @Override
    public int signatureLength() {
        return Ed25519.SIGNATURE_SIZE;
    }

    @Override
    public SigningKey fromSeed(final byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "an Ed25519 seed is " + SEED_LENGTH + " bytes");
        }
        final byte[] sk = seed.clone();
        final byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(sk, 0, pk, 0);
        return new Key(sk, pk);
    }

    @Override
    public boolean isValidPublicKey(final byte[] publicKey) {
        return publicKey != null && publicKey.length == Ed25519.PUBLIC_KEY_SIZE
            && Ed25519.validatePublicKeyFull(publicKey, 0);
    }

    @Override
    public boolean verify(final byte[] publicKey, final byte[] message, final int offset, final int length,
                          final byte[] signature) {
        if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_SIZE
            || signature == null || signature.length != Ed25519.SIGNATURE_SIZE
            || message == null || offset < 0 || length < 0 || offset > message.length - length) {
            return false;
        }
        return Ed25519.verify(signature, 0, publicKey, 0, message, offset, length);
    }

    private static final class Key implements SigningKey {
        private final byte[] sk;
        private final byte[] pk;
        private volatile boolean destroyed;

        Key(final byte[] sk, final byte[] pk) {
            this.sk = sk;
            this.pk = pk;
        }

        @Override
        public SignatureScheme scheme() {
            return INSTANCE;
        }

        @Override
        public byte[] publicKey() {
            return pk.clone();
        }

        @Override
        public byte[] seed() {
            checkLive();
            return sk.clone();
        }

        @Override
        public byte[] sign(final byte[] message, final int offset, final int length) {
            checkLive();
            Bounds.checkMessageRange(message, offset, length);
            final byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(sk, 0, pk, 0, message, offset, length, sig, 0);
            return sig;
        }

        @Override
        public void destroy() {
            destroyed = true;
            Arrays.fill(sk, (byte) 0);
        }

        private void checkLive() {
            if (destroyed) {
                throw new IllegalStateException("signing key was destroyed");
            }
        }
    }
}
