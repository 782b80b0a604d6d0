package io.kairos.engine.crypto;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

import java.util.Locale;

/**
 * The signature schemes Kairos knows, with the one-byte tag used on the wire and in address
 * derivation. Tags are permanent: a tag is never reused for another scheme.
 */
public enum SchemeId {
    ED25519(1, "ed25519"),
    ML_DSA_44(2, "ml-dsa-44"),
    /** secp256k1 over Keccak-256, carrying a signed Ethereum transaction (docs/ethereum.md). */
    SECP256K1_ETH(3, "secp256k1-eth");

    private static final SchemeId[] BY_CODE = new SchemeId[256];

    static {
        for (final SchemeId s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;
    private final String label;

    SchemeId(final int code, final String label) {
        this.code = code;
        this.label = label;
    }

    /** The wire tag, 1..255. */
    public int code() {
        return code;
    }

    /** The name used in files and on the command line, e.g. {@code ml-dsa-44}. */
    public String label() {
        return label;
    }

    /** The scheme for a wire tag, or {@code null} if unknown (no allocation, for decoders). */
    public static SchemeId fromCodeOrNull(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public static SchemeId fromCode(final int code) {
        final SchemeId s = fromCodeOrNull(code);
        if (s == null) {
            throw new ValidationException(ValidationError.UNKNOWN_SCHEME, "unknown signature scheme tag " + code);
        }
        return s;
    }

    /** Parses a label such as {@code ed25519} or {@code ml-dsa-44} (case-insensitive). */
    public static SchemeId fromLabel(final String label) {
        if (label != null) {
            final String l = label.trim().toLowerCase(Locale.ROOT);
            for (final SchemeId s : values()) {
                if (s.label.equals(l)) {
                    return s;
                }
            }
        }
        throw new ValidationException(ValidationError.UNKNOWN_SCHEME,
            "unknown signature scheme '" + label + "' (known: ed25519, ml-dsa-44, secp256k1-eth)");
    }

    @Override
    public String toString() {
        return label;
    }
}
