package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * ML-DSA-44 (FIPS 204, pure mode, empty context) over Bouncy Castle. Keys derive from the 32-byte
 * FIPS 204 seed. Signing is deterministic (the all-zero {@code rnd} of FIPS 204), so a seed and a
 * message always give the same signature, which keeps replays and tests reproducible.
 */
public final class MlDsa44Scheme implements SignatureScheme {
    public static final MlDsa44Scheme INSTANCE = new MlDsa44Scheme();

    public static final int PUBLIC_KEY_LENGTH = 1312;
    public static final int SIGNATURE_LENGTH = 2420;

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
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "an ML-DSA-44 seed is " + SEED_LENGTH + " bytes");
        }
        return new Key(new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_44, seed.clone()));
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
}
