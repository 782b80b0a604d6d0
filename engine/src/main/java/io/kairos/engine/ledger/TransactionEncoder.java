package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.kairos.engine.ledger.TransactionLayout.AMOUNT_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.CHAIN_ID_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.FEE_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.FIXED_LENGTH;
import static io.kairos.engine.ledger.TransactionLayout.FLAGS_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.NONCE_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.ORDER;
import static io.kairos.engine.ledger.TransactionLayout.PAYLOAD_LENGTH_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.RECIPIENT_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.SCHEME_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.TYPE_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.VERSION;
import static io.kairos.engine.ledger.TransactionLayout.VERSION_OFFSET;

/**
 * A reusable, allocation-free writer of version 1 transactions into an Agrona buffer.
 * After {@link #wrap}, the fixed fields may be set in any order; {@link #scheme} must come before
 * the variable parts, and those must be written in wire order: {@link #publicKey}, then optionally
 * {@link #payload}, then {@link #signature}. Values a decoder would refuse (negative amounts, a
 * disabled type, wrong key length) are refused here with the same typed error; calling the steps
 * out of order is a programming error and throws {@link IllegalStateException}.
 *
 * <p>The encoder does not enforce {@link CodecLimits}: the receiving decoder does.
 *
 * <p>Not thread-safe: one encoder per thread.
 */
public final class TransactionEncoder {
    private static final int TYPE_SET = 1;
    private static final int SCHEME_SET = 1 << 1;
    private static final int KEY_SET = 1 << 2;
    private static final int PAYLOAD_SET = 1 << 3;
    private static final int SIGNATURE_SET = 1 << 4;

    private MutableDirectBuffer buffer;
    private int offset;
    private SchemeId scheme;
    private int payloadLength;
    private int state;

    /**
     * Starts a transaction at {@code buffer[offset]}: writes the version, zero flags and an empty
     * payload length, and forgets any previous transaction.
     */
    public TransactionEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.scheme = null;
        this.payloadLength = 0;
        this.state = 0;
        ensureCapacity(FIXED_LENGTH);
        buffer.putByte(offset + VERSION_OFFSET, (byte) VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte) 0);
        buffer.putByte(offset + SCHEME_OFFSET, (byte) 0);
        buffer.putByte(offset + FLAGS_OFFSET, (byte) 0);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, 0, ORDER);
        return this;
    }

    public TransactionEncoder type(final TxType type) {
        if (!type.enabled()) {
            throw new ValidationException(ValidationError.UNKNOWN_TYPE, TransactionView.typeMessage(type.code()));
        }
        buffer.putByte(offset + TYPE_OFFSET, (byte) type.code());
        state |= TYPE_SET;
        return this;
    }

    public TransactionEncoder scheme(final SchemeId scheme) {
        if ((state & (KEY_SET | PAYLOAD_SET | SIGNATURE_SET)) != 0) {
            throw new IllegalStateException("the scheme fixes the layout: set it before the public key");
        }
        this.scheme = scheme;
        buffer.putByte(offset + SCHEME_OFFSET, (byte) scheme.code());
        state |= SCHEME_SET;
        return this;
    }

    public TransactionEncoder chainId(final long chainId) {
        buffer.putLong(offset + CHAIN_ID_OFFSET, chainId, ORDER);
        return this;
    }

    public TransactionEncoder nonce(final long nonce) {
        if (nonce < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "nonce must not be negative, got " + nonce);
        }
        buffer.putLong(offset + NONCE_OFFSET, nonce, ORDER);
        return this;
    }

    public TransactionEncoder fee(final long fee) {
        if (fee < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT, "fee must not be negative, got " + fee);
        }
        buffer.putLong(offset + FEE_OFFSET, fee, ORDER);
        return this;
    }

    public TransactionEncoder amount(final long amount) {
        if (amount < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT,
                "amount must not be negative, got " + amount);
        }
        buffer.putLong(offset + AMOUNT_OFFSET, amount, ORDER);
        return this;
    }

    public TransactionEncoder recipient(final Address recipient) {
        recipient.write(buffer, offset + RECIPIENT_OFFSET);
        return this;
    }

    /** Copies the 20 recipient bytes from {@code src[srcOffset]}. */
    public TransactionEncoder recipient(final DirectBuffer src, final int srcOffset) {
        buffer.putBytes(offset + RECIPIENT_OFFSET, src, srcOffset, Address.LENGTH);
        return this;
    }

    /** Copies the scheme's public key, {@code TransactionLayout.publicKeyLength(scheme)} bytes, from {@code src}. */
    public TransactionEncoder publicKey(final DirectBuffer src, final int srcOffset) {
        requireScheme("public key");
        final int n = TransactionLayout.publicKeyLength(scheme);
        ensureCapacity(FIXED_LENGTH + n);
        buffer.putBytes(offset + FIXED_LENGTH, src, srcOffset, n);
        state |= KEY_SET;
        return this;
    }

    public TransactionEncoder publicKey(final byte[] key) {
        requireScheme("public key");
        final int n = TransactionLayout.publicKeyLength(scheme);
        if (key.length != n) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "a " + scheme + " public key is " + n + " bytes, got " + key.length);
        }
        ensureCapacity(FIXED_LENGTH + n);
        buffer.putBytes(offset + FIXED_LENGTH, key);
        state |= KEY_SET;
        return this;
    }

    /** Copies {@code length} payload bytes from {@code src[srcOffset]}; skip the call for an empty payload. */
    public TransactionEncoder payload(final DirectBuffer src, final int srcOffset, final int length) {
        requirePayloadSlot();
        if (length < 0) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "payload length is negative: " + length);
        }
        final int start = FIXED_LENGTH + TransactionLayout.publicKeyLength(scheme);
        ensureCapacity((long) start + length);
        buffer.putBytes(offset + start, src, srcOffset, length);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, length, ORDER);
        payloadLength = length;
        state |= PAYLOAD_SET;
        return this;
    }

    public TransactionEncoder payload(final byte[] payload) {
        requirePayloadSlot();
        final int start = FIXED_LENGTH + TransactionLayout.publicKeyLength(scheme);
        ensureCapacity((long) start + payload.length);
        buffer.putBytes(offset + start, payload);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, payload.length, ORDER);
        payloadLength = payload.length;
        state |= PAYLOAD_SET;
        return this;
    }

    /**
     * Length of the encoding before the signature, valid once the public key and payload are
     * written; the signing bytes are the signing prefix plus these bytes.
     */
    public int unsignedLength() {
        requireScheme("unsigned length");
        return FIXED_LENGTH + TransactionLayout.publicKeyLength(scheme) + payloadLength;
    }

    /** Copies the scheme's signature from {@code src[srcOffset]}. */
    public TransactionEncoder signature(final DirectBuffer src, final int srcOffset) {
        requireSignatureSlot();
        final int n = TransactionLayout.signatureLength(scheme);
        ensureCapacity((long) unsignedLength() + n);
        buffer.putBytes(offset + unsignedLength(), src, srcOffset, n);
        state |= SIGNATURE_SET;
        return this;
    }

    public TransactionEncoder signature(final byte[] signature) {
        requireSignatureSlot();
        final int n = TransactionLayout.signatureLength(scheme);
        if (signature.length != n) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "a " + scheme + " signature is " + n + " bytes, got " + signature.length);
        }
        ensureCapacity((long) unsignedLength() + n);
        buffer.putBytes(offset + unsignedLength(), signature);
        state |= SIGNATURE_SET;
        return this;
    }

    /** The full encoded length; every part must have been written. */
    public int encodedLength() {
        final int required = TYPE_SET | SCHEME_SET | KEY_SET | SIGNATURE_SET;
        if ((state & required) != required) {
            throw new IllegalStateException("the transaction is incomplete: type, scheme, public key and signature "
                + "are required");
        }
        return unsignedLength() + TransactionLayout.signatureLength(scheme);
    }

    private void requireScheme(final String what) {
        if (scheme == null) {
            throw new IllegalStateException("set the scheme before the " + what);
        }
    }

    private void requirePayloadSlot() {
        requireScheme("payload");
        if ((state & SIGNATURE_SET) != 0) {
            throw new IllegalStateException("the payload must be written before the signature");
        }
    }

    private void requireSignatureSlot() {
        requireScheme("signature");
        if ((state & KEY_SET) == 0) {
            throw new IllegalStateException("the public key must be written before the signature");
        }
    }

    private void ensureCapacity(final long needed) {
        final long end = offset + needed;
        if (offset < 0 || (!buffer.isExpandable() && end > buffer.capacity())) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "the buffer has capacity " + buffer.capacity() + ", the transaction needs up to index " + end);
        }
    }
}
