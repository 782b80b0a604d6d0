package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithContext;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * ML-DSA-44 (FIPS 204, pure mode, empty context) over Bouncy Castle. Keys derive from the 32-byte
 * FIPS 204 seed. Signing is deterministic (the all-zero {@code rnd} of FIPS 204), so a seed and a
 * message always give the same signature, which keeps replays and tests reproducible.
 *
 * <p>The {@link SignatureScheme} methods are what the ledger uses. Beside them this class offers the
 * rest of FIPS 204 for interoperability and conformance testing (every Wycheproof case runs through
 * them): a context string ({@link #sign(byte[], byte[], byte[], byte[])},
 * {@link #verify(byte[], byte[], byte[], byte[])}), hedged signing with a caller-supplied {@code rnd},
 * and the external-mu entry points ({@link #mu}, {@link #signMu}, {@link #verifyMu}) that sign or
 * verify the 64-byte message representative mu directly (FIPS 204 ML-DSA.Sign_internal and
 * Verify_internal). Those signing methods take the seed and expand the key on every call: they are
 * not meant for a hot path. Every method is stateless and thread-safe; the verify methods never throw.
 */
public final class MlDsa44Scheme implements SignatureScheme {
    public static final MlDsa44Scheme INSTANCE = new MlDsa44Scheme();

    public static final int PUBLIC_KEY_LENGTH = 1312;
    public static final int SIGNATURE_LENGTH = 2420;
    /** The longest context string FIPS 204 allows (its length is encoded in one byte). */
    public static final int MAX_CONTEXT_LENGTH = 255;
    /** Length of the message representative mu (FIPS 204 Algorithm 7, line 6). */
    public static final int MU_LENGTH = 64;
    /** Length of the per-signature randomness {@code rnd} of hedged signing. */
    public static final int RND_LENGTH = 32;

    private MlDsa44Scheme() {
    }

    @Override
    public SchemeId id() {
        return SchemeId.ML_DSA_44;
    }

    @Override
    public int publicKeyLength() {
        return PUBLIC_KEY_LENGTH;
    }

    @Override
    public int signatureLength() {
        return SIGNATURE_LENGTH;
    }

    @Override
    public SigningKey fromSeed(final byte[] seed) {
        return new Key(privateKey(seed));
    }

    @Override
    public boolean verify(final byte[] publicKey, final byte[] message, final int offset, final int length,
                          final byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH
            || signature == null || signature.length != SIGNATURE_LENGTH
            || message == null || offset < 0 || length < 0 || offset > message.length - length) {
            return false;
        }
        try {
            final MLDSASigner verifier = new MLDSASigner();
            verifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_44, publicKey));
            verifier.update(message, offset, length);
            return verifier.verifySignature(signature);
        } catch (final RuntimeException e) {
            // A key or signature that Bouncy Castle cannot even parse is an invalid signature.
            return false;
        }
    }

    /**
     * FIPS 204 ML-DSA.Verify with a context string: checks {@code signature} over {@code message} under
     * {@code publicKey} and {@code context}. A {@code null} context is the empty one, so
     * {@code verify(pk, null, m, sig)} is {@code verify(pk, m, sig)}.
     *
     * @return true only for a valid signature; false for a context longer than
     *     {@value #MAX_CONTEXT_LENGTH} bytes, a wrong-length key or signature, a missing message or any
     *     mismatch
     */
    public boolean verify(final byte[] publicKey, final byte[] context, final byte[] message,
                          final byte[] signature) {
        if (!wellFormed(publicKey, signature) || message == null
            || (context != null && context.length > MAX_CONTEXT_LENGTH)) {
            return false;
        }
        try {
            final MLDSASigner verifier = new MLDSASigner();
            verifier.init(false, withContext(publicKey(publicKey), context));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (final RuntimeException e) {
            return false;
        }
    }

    /**
     * FIPS 204 ML-DSA.Sign with a context string and, optionally, hedging randomness.
     *
     * @param seed the 32-byte FIPS 204 seed xi of the signing key
     * @param context at most {@value #MAX_CONTEXT_LENGTH} bytes; {@code null} is the empty context
     * @param message the message
     * @param rnd {@value #RND_LENGTH} bytes of fresh randomness for hedged signing, or {@code null} for
     *     the deterministic variant (all-zero {@code rnd}), which is what {@link SigningKey#sign} does
     * @return the {@value #SIGNATURE_LENGTH}-byte signature
     * @throws ValidationException {@code WRONG_LENGTH} for a seed or {@code rnd} of the wrong length,
     *     {@code INVALID_VALUE} for a context over {@value #MAX_CONTEXT_LENGTH} bytes or a missing message
     */
    public byte[] sign(final byte[] seed, final byte[] context, final byte[] message, final byte[] rnd) {
        checkContext(context);
        if (message == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "the message to sign is missing");
        }
        checkRnd(rnd);
        final MLDSAPrivateKeyParameters key = privateKey(seed);
        try {
            final MLDSASigner signer = new MLDSASigner();
            signer.init(true, withContext(withRandom(key, rnd), context));
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        } catch (final CryptoException e) {
            throw new IllegalStateException("ML-DSA-44 signing failed", e);
        } finally {
            key.destroy();
        }
    }

    /**
     * The message representative mu = H(H(pk, 64) || 0 || len(ctx) || ctx || message, 64) that pure
     * ML-DSA signs (FIPS 204 Algorithms 2 and 7): what an external-mu signer receives instead of the
     * message.
     *
     * @param context at most {@value #MAX_CONTEXT_LENGTH} bytes; {@code null} is the empty context
     * @throws ValidationException {@code WRONG_LENGTH} for a public key that is not
     *     {@value #PUBLIC_KEY_LENGTH} bytes, {@code INVALID_VALUE} for an over-long context or a missing
     *     message
     */
    public byte[] mu(final byte[] publicKey, final byte[] context, final byte[] message) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "an ML-DSA-44 public key is " + PUBLIC_KEY_LENGTH + " bytes");
        }
        checkContext(context);
        if (message == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "the message is missing");
        }
        final MLDSASigner hasher = new MLDSASigner();
        hasher.init(false, withContext(publicKey(publicKey), context));
        hasher.update(message, 0, message.length);
        try {
            return hasher.generateMu();
        } catch (final CryptoException e) {
            throw new IllegalStateException("ML-DSA-44 mu computation failed", e);
        }
    }

    /**
     * FIPS 204 ML-DSA.Sign_internal on an externally computed mu (see {@link #mu}).
     *
     * @param rnd {@value #RND_LENGTH} bytes for hedged signing, or {@code null} for deterministic
     * @throws ValidationException {@code WRONG_LENGTH} for a seed, mu or {@code rnd} of the wrong length
     */
    public byte[] signMu(final byte[] seed, final byte[] mu, final byte[] rnd) {
        if (mu == null || mu.length != MU_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "ML-DSA mu is " + MU_LENGTH + " bytes");
        }
        checkRnd(rnd);
        final MLDSAPrivateKeyParameters key = privateKey(seed);
        try {
            final MLDSASigner signer = new MLDSASigner();
            signer.init(true, withRandom(key, rnd));
            return signer.generateMuSignature(mu);
        } catch (final CryptoException e) {
            throw new IllegalStateException("ML-DSA-44 signing failed", e);
        } finally {
            key.destroy();
        }
    }

    /**
     * FIPS 204 ML-DSA.Verify_internal on an externally computed mu (see {@link #mu}).
     *
     * @return true only for a valid signature; false for a mu that is not {@value #MU_LENGTH} bytes, a
     *     wrong-length key or signature, or any mismatch
     */
    public boolean verifyMu(final byte[] publicKey, final byte[] mu, final byte[] signature) {
        if (!wellFormed(publicKey, signature) || mu == null || mu.length != MU_LENGTH) {
            return false;
        }
        try {
            final MLDSASigner verifier = new MLDSASigner();
            verifier.init(false, publicKey(publicKey));
            return verifier.verifyMuSignature(mu, signature);
        } catch (final RuntimeException e) {
            return false;
        }
    }

    private static boolean wellFormed(final byte[] publicKey, final byte[] signature) {
        return publicKey != null && publicKey.length == PUBLIC_KEY_LENGTH
            && signature != null && signature.length == SIGNATURE_LENGTH;
    }

    private static MLDSAPrivateKeyParameters privateKey(final byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "an ML-DSA-44 seed is " + SEED_LENGTH + " bytes");
        }
        return new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_44, seed.clone());
    }

    private static MLDSAPublicKeyParameters publicKey(final byte[] encoded) {
        return new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_44, encoded);
    }

    private static void checkContext(final byte[] context) {
        if (context != null && context.length > MAX_CONTEXT_LENGTH) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "an ML-DSA context string is at most " + MAX_CONTEXT_LENGTH + " bytes, got " + context.length);
        }
    }

    private static CipherParameters withContext(final CipherParameters key, final byte[] context) {
        return context == null || context.length == 0 ? key : new ParametersWithContext(key, context);
    }

    private static void checkRnd(final byte[] rnd) {
        if (rnd != null && rnd.length != RND_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "ML-DSA signing randomness rnd is " + RND_LENGTH + " bytes, got " + rnd.length);
        }
    }

    /** Without {@code rnd}, Bouncy Castle signs deterministically (all-zero rnd, FIPS 204 section 3.4). */
    private static CipherParameters withRandom(final MLDSAPrivateKeyParameters key, final byte[] rnd) {
        return rnd == null ? key : new ParametersWithRandom(key, new FixedRandom(rnd));
    }

    private static final class Key implements SigningKey {
        private final MLDSAPrivateKeyParameters params;
        private final byte[] pk;

        Key(final MLDSAPrivateKeyParameters params) {
            this.params = params;
            this.pk = params.getPublicKey();
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
            return params.getSeed();
        }

        @Override
        public byte[] sign(final byte[] message, final int offset, final int length) {
            checkLive();
            Bounds.checkMessageRange(message, offset, length);
            final MLDSASigner signer = new MLDSASigner();
            signer.init(true, params);
            signer.update(message, offset, length);
            try {
                return signer.generateSignature();
            } catch (final CryptoException e) {
                throw new IllegalStateException("ML-DSA-44 signing failed", e);
            }
        }

        @Override
        public void destroy() {
            params.destroy();
        }

        private void checkLive() {
            if (params.isDestroyed()) {
                throw new IllegalStateException("signing key was destroyed");
            }
        }
    }

    /**
     * Hands Bouncy Castle exactly the caller's {@code rnd}: its signer draws the 32 bytes of hedging
     * randomness from a {@link SecureRandom}, and this is the only way to choose them. Used for one
     * signature, then dropped.
     */
    private static final class FixedRandom extends SecureRandom {
        FixedRandom(final byte[] rnd) {
            super(new FixedSpi(rnd.clone()), null);
        }
    }

    private static final class FixedSpi extends SecureRandomSpi {
        private final byte[] bytes;

        FixedSpi(final byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        protected void engineSetSeed(final byte[] seed) {
            // The output is fixed by construction; extra seed material cannot change it.
        }

        @Override
        protected void engineNextBytes(final byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("ML-DSA asked for " + out.length + " random bytes, expected "
                    + bytes.length);
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }

        @Override
        protected byte[] engineGenerateSeed(final int numBytes) {
            throw new UnsupportedOperationException("a fixed rnd cannot generate seeds");
        }
    }
}
