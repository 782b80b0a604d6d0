package io.kairos.transport.session;

import org.bouncycastle.crypto.params.MLKEMParameters;

/**
 * The post-quantum half of the hybrid key agreement (FIPS 203 ML-KEM). ML-KEM-768 is the default;
 * ML-KEM-512 (the Kyber-512 security level) is selectable for smaller handshakes. Both ends must use
 * the same kind; the code travels in the handshake.
 */
public enum KemKind {
    ML_KEM_512(1, MLKEMParameters.ml_kem_512, 800, 768),
    ML_KEM_768(2, MLKEMParameters.ml_kem_768, 1184, 1088);

    private final int code;
    private final MLKEMParameters parameters;
    private final int encapsulationKeyLength;
    private final int ciphertextLength;

    KemKind(final int code, final MLKEMParameters parameters, final int encapsulationKeyLength,
            final int ciphertextLength) {
        this.code = code;
        this.parameters = parameters;
        this.encapsulationKeyLength = encapsulationKeyLength;
        this.ciphertextLength = ciphertextLength;
    }

    public int code() {
        return code;
    }

    MLKEMParameters parameters() {
        return parameters;
    }

    public int encapsulationKeyLength() {
        return encapsulationKeyLength;
    }

    public int ciphertextLength() {
        return ciphertextLength;
    }

    /** The kind with {@code code}, or null. */
    public static KemKind ofCode(final int code) {
        for (final KemKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
