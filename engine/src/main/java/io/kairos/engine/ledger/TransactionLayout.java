package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;

import java.nio.ByteOrder;

/**
 * Byte offsets of the version 1 transaction encoding (see {@code docs/encoding.md}). All integers
 * are little-endian. The fixed part is followed by the public key, the payload and the signature,
 * whose lengths follow from the scheme tag and the payload length field.
 */
public final class TransactionLayout {
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int SCHEME_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int CHAIN_ID_OFFSET = 4;
    public static final int NONCE_OFFSET = 12;
    public static final int FEE_OFFSET = 20;
    public static final int RECIPIENT_OFFSET = 28;
    public static final int AMOUNT_OFFSET = RECIPIENT_OFFSET + Address.LENGTH;
    public static final int PAYLOAD_LENGTH_OFFSET = 56;
    /** Length of the fixed part; the public key starts here. */
    public static final int FIXED_LENGTH = 60;

    /** Signing bytes start with the tag "kairos/tx-sign/v1" and its zero byte, then the chain id. */
    static final byte[] SIGNING_TAG = Hashing.Domain.TRANSACTION_SIGNING.tag();
    /** Bytes that precede the unsigned encoding inside the signing bytes. */
    public static final int SIGNING_PREFIX_LENGTH = SIGNING_TAG.length + Long.BYTES;

    private static final int[] PUBLIC_KEY_LENGTHS = new int[SchemeId.values().length];
    private static final int[] SIGNATURE_LENGTHS = new int[SchemeId.values().length];

    static {
        for (final SchemeId id : SchemeId.values()) {
            PUBLIC_KEY_LENGTHS[id.ordinal()] = SignatureSchemes.of(id).publicKeyLength();
            SIGNATURE_LENGTHS[id.ordinal()] = SignatureSchemes.of(id).signatureLength();
        }
    }

    private TransactionLayout() {
    }

    public static int publicKeyLength(final SchemeId scheme) {
        return PUBLIC_KEY_LENGTHS[scheme.ordinal()];
    }

    public static int signatureLength(final SchemeId scheme) {
        return SIGNATURE_LENGTHS[scheme.ordinal()];
    }

    /** The exact encoded length of a transaction of {@code scheme} with a payload of {@code payloadLength}. */
    public static int encodedLength(final SchemeId scheme, final int payloadLength) {
        return FIXED_LENGTH + publicKeyLength(scheme) + payloadLength + signatureLength(scheme);
    }

    /** The longest encoding with an empty payload over all schemes; every limit must admit it. */
    static int largestFixedLength() {
        int max = 0;
        for (final SchemeId id : SchemeId.values()) {
            max = Math.max(max, encodedLength(id, 0));
        }
        return max;
    }
}
