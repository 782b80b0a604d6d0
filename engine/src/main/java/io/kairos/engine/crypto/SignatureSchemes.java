package io.kairos.engine.crypto;

/** Looks up the implementation of a {@link SchemeId}. */
public final class SignatureSchemes {
    private SignatureSchemes() {
    }

    public static SignatureScheme of(final SchemeId id) {
        return switch (id) {
            case ED25519 -> Ed25519Scheme.INSTANCE;
            case ML_DSA_44 -> MlDsa44Scheme.INSTANCE;
            case SECP256K1_ETH -> Secp256k1EthScheme.INSTANCE;
        };
    }

    /** By wire tag; throws a typed {@code UNKNOWN_SCHEME} error for an unknown tag. */
    public static SignatureScheme ofCode(final int code) {
        return of(SchemeId.fromCode(code));
    }

    public static SignatureScheme ofLabel(final String label) {
        return of(SchemeId.fromLabel(label));
    }
}
