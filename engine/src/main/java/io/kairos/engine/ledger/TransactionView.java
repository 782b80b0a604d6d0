package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.bouncycastle.crypto.digests.KeccakDigest;

import java.security.DigestException;
import java.security.MessageDigest;

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
import static io.kairos.engine.ledger.TransactionLayout.SIGNING_PREFIX_LENGTH;
import static io.kairos.engine.ledger.TransactionLayout.SIGNING_TAG;
import static io.kairos.engine.ledger.TransactionLayout.TYPE_OFFSET;
import static io.kairos.engine.ledger.TransactionLayout.VERSION;
import static io.kairos.engine.ledger.TransactionLayout.VERSION_OFFSET;

/**
 * A reusable, allocation-free reader over one encoded transaction in an Agrona buffer.
 * {@link #wrap} validates the whole encoding against the {@link CodecLimits} (everything except
 * the chain id and the signature, which are {@link TransactionVerifier}'s job) and returns a
 * result code instead of throwing, so that the ingress path neither allocates nor unwinds the
 * stack for hostile input. Accessors are only meaningful after a successful wrap and read
 * straight from the buffer, which must not change while the view is in use.
 *
 * <p>Not thread-safe: one view per thread, reused for every transaction.
 */
public final class TransactionView {
    private static final int HASH_CHUNK = 512;

    private final CodecLimits limits;
    private final byte[] hashChunk = new byte[HASH_CHUNK];
    private KeccakDigest keccak;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean valid;
    private TxType type;
    private SchemeId scheme;
    private int publicKeyLength;
    private int payloadLength;
    private int signatureLength;

    private ValidationError error;
    private String subject;
    private long actual;
    private long expected;

    public TransactionView() {
        this(CodecLimits.DEFAULT);
    }

    public TransactionView(final CodecLimits limits) {
        this.limits = limits;
    }

    /**
     * Points the view at {@code buffer[offset, offset+length)} and validates it as exactly one
     * version 1 transaction.
     *
     * @return {@code null} if the bytes are a valid encoding, else why not (details in
     * {@link #errorMessage()})
     */
    public ValidationError wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.valid = false;
        this.error = null;
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            return fail(ValidationError.WRONG_LENGTH, "region", offset + (long) length, buffer.capacity());
        }
        if (length > limits.maxTransactionBytes()) {
            return fail(ValidationError.OVERSIZED, "transaction", length, limits.maxTransactionBytes());
        }
        if (length < 1) {
            return fail(ValidationError.TRUNCATED, "transaction", length, FIXED_LENGTH);
        }
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (version != VERSION) {
            return fail(ValidationError.UNKNOWN_VERSION, "transaction", version, VERSION);
        }
        if (length < FIXED_LENGTH) {
            return fail(ValidationError.TRUNCATED, "transaction", length, FIXED_LENGTH);
        }
        final int typeCode = buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
        final TxType t = TxType.fromCodeOrNull(typeCode);
        if (t == null || !t.enabled()) {
            return fail(ValidationError.UNKNOWN_TYPE, "type", typeCode, 0);
        }
        final int schemeCode = buffer.getByte(offset + SCHEME_OFFSET) & 0xFF;
        final SchemeId s = SchemeId.fromCodeOrNull(schemeCode);
        if (s == null) {
            return fail(ValidationError.UNKNOWN_SCHEME, "scheme", schemeCode, 0);
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if (flags != 0) {
            return fail(ValidationError.RESERVED_NOT_ZERO, "flags", flags, 0);
        }
        final long nonce = buffer.getLong(offset + NONCE_OFFSET, ORDER);
        if (nonce < 0) {
            return fail(ValidationError.INVALID_VALUE, "nonce", nonce, 0);
        }
        final long fee = buffer.getLong(offset + FEE_OFFSET, ORDER);
        if (fee < 0) {
            return fail(ValidationError.INVALID_AMOUNT, "fee", fee, 0);
        }
        final long amount = buffer.getLong(offset + AMOUNT_OFFSET, ORDER);
        if (amount < 0) {
            return fail(ValidationError.INVALID_AMOUNT, "amount", amount, 0);
        }
        final long payload = buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, ORDER) & 0xFFFF_FFFFL;
        if (payload > limits.maxPayloadBytes()) {
            return fail(ValidationError.OVERSIZED, "payload", payload, limits.maxPayloadBytes());
        }
        final int total = TransactionLayout.encodedLength(s, (int) payload);
        if (total > limits.maxTransactionBytes()) {
            return fail(ValidationError.OVERSIZED, "transaction", total, limits.maxTransactionBytes());
        }
        if (length < total) {
            return fail(ValidationError.TRUNCATED, "transaction", length, total);
        }
        if (length > total) {
            return fail(ValidationError.TRAILING_BYTES, "transaction", length, total);
        }
        this.type = t;
        this.scheme = s;
        this.publicKeyLength = TransactionLayout.publicKeyLength(s);
        this.payloadLength = (int) payload;
        this.signatureLength = TransactionLayout.signatureLength(s);
        this.valid = true;
        return null;
    }

    /** Like {@link #wrap} but throws the typed error; for callers off the hot path. */
    public TransactionView wrapOrThrow(final DirectBuffer buffer, final int offset, final int length) {
        if (wrap(buffer, offset, length) != null) {
            throw new ValidationException(error, errorMessage());
        }
        return this;
    }

    private ValidationError fail(final ValidationError e, final String what, final long actual, final long expected) {
        this.error = e;
        this.subject = what;
        this.actual = actual;
        this.expected = expected;
        return e;
    }

    /** Whether the last wrap succeeded. */
    public boolean isValid() {
        return valid;
    }

    /** Why the last wrap failed, or {@code null} after a success. */
    public ValidationError error() {
        return error;
    }

    /** A sentence describing the last failure; allocates, so call it only when reporting. */
    public String errorMessage() {
        if (error == null) {
            return "no error";
        }
        return switch (error) {
            case WRONG_LENGTH -> "the region ends at " + actual + ", beyond the buffer's capacity " + expected
                + " (or has a negative offset or length)";
            case OVERSIZED -> subject + " is " + actual + " bytes, over the limit of " + expected;
            case TRUNCATED -> "transaction ends after " + actual + " bytes, its encoding needs " + expected;
            case TRAILING_BYTES -> "transaction is " + expected + " bytes, got " + actual + " ("
                + (actual - expected) + " trailing)";
            case UNKNOWN_VERSION -> "transaction encoding version " + actual + " is not supported, expected "
                + expected;
            case UNKNOWN_TYPE -> typeMessage((int) actual);
            case UNKNOWN_SCHEME -> "unknown signature scheme tag " + actual + " (known: ed25519=1, ml-dsa-44=2, secp256k1-eth=3)";
            case RESERVED_NOT_ZERO -> "reserved flags byte must be 0, got " + actual;
            case INVALID_VALUE, INVALID_AMOUNT -> subject + " must not be negative, got " + actual;
            default -> subject + ": " + actual;
        };
    }

    static String typeMessage(final int code) {
        final TxType t = TxType.fromCodeOrNull(code);
        return t == null
            ? "unknown transaction type code " + code
            : "transaction type " + t + " (code " + code + ") is reserved and not enabled in this build";
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("the view does not hold a valid transaction");
        }
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** The encoded length, signature included. */
    public int encodedLength() {
        checkValid();
        return length;
    }

    public TxType type() {
        checkValid();
        return type;
    }

    public SchemeId scheme() {
        checkValid();
        return scheme;
    }

    public long chainId() {
        checkValid();
        return buffer.getLong(offset + CHAIN_ID_OFFSET, ORDER);
    }

    public long nonce() {
        checkValid();
        return buffer.getLong(offset + NONCE_OFFSET, ORDER);
    }

    public long fee() {
        checkValid();
        return buffer.getLong(offset + FEE_OFFSET, ORDER);
    }

    public long amount() {
        checkValid();
        return buffer.getLong(offset + AMOUNT_OFFSET, ORDER);
    }

    /** Absolute buffer index of the 20-byte recipient. */
    public int recipientOffset() {
        checkValid();
        return offset + RECIPIENT_OFFSET;
    }

    /** Copies the recipient into {@code dst} at {@code dstOffset}. */
    public void copyRecipient(final MutableDirectBuffer dst, final int dstOffset) {
        checkValid();
        buffer.getBytes(offset + RECIPIENT_OFFSET, dst, dstOffset, Address.LENGTH);
    }

    /** The recipient as a value (allocates). */
    public Address recipient() {
        checkValid();
        return Address.read(buffer, offset + RECIPIENT_OFFSET);
    }

    /** Absolute buffer index of the public key. */
    public int publicKeyOffset() {
        checkValid();
        return offset + FIXED_LENGTH;
    }

    public int publicKeyLength() {
        checkValid();
        return publicKeyLength;
    }

    /** Absolute buffer index of the payload. */
    public int payloadOffset() {
        checkValid();
        return offset + FIXED_LENGTH + publicKeyLength;
    }

    public int payloadLength() {
        checkValid();
        return payloadLength;
    }

    /** Absolute buffer index of the signature; also the end of the signed part of the encoding. */
    public int signatureOffset() {
        checkValid();
        return offset + FIXED_LENGTH + publicKeyLength + payloadLength;
    }

    public int signatureLength() {
        checkValid();
        return signatureLength;
    }

    /** Length of the encoding without its signature. */
    public int unsignedLength() {
        checkValid();
        return length - signatureLength;
    }

    /** Length of the signing bytes (tag, chain id, unsigned encoding). */
    public int signingBytesLength() {
        return SIGNING_PREFIX_LENGTH + unsignedLength();
    }

    /**
     * Writes the signing bytes into {@code dst} at {@code dstOffset}.
     *
     * @return the number of bytes written, {@link #signingBytesLength()}
     */
    public int copySigningBytes(final byte[] dst, final int dstOffset) {
        final int unsigned = unsignedLength();
        System.arraycopy(SIGNING_TAG, 0, dst, dstOffset, SIGNING_TAG.length);
        final long chainId = chainId();
        for (int i = 0; i < Long.BYTES; i++) {
            dst[dstOffset + SIGNING_TAG.length + i] = (byte) (chainId >>> (8 * i));
        }
        buffer.getBytes(offset, dst, dstOffset + SIGNING_PREFIX_LENGTH, unsigned);
        return SIGNING_PREFIX_LENGTH + unsigned;
    }

    /**
     * Writes the transaction hash into {@code dst}: SHA-256(tag(TRANSACTION) || encoding), allocation-free;
     * for {@link SchemeId#SECP256K1_ETH}, Keccak-256 of the payload (the signed Ethereum transaction), the
     * hash the sending wallet computed itself. The verifier binds every field of such a transaction to
     * its payload, so the payload hash identifies the whole transaction.
     */
    public void hashInto(final byte[] dst, final int dstOffset) {
        checkValid();
        if (scheme == SchemeId.SECP256K1_ETH) {
            keccakPayloadInto(dst, dstOffset);
            return;
        }
        final MessageDigest md = Hashing.begin(Hashing.Domain.TRANSACTION);
        for (int done = 0; done < length; ) {
            final int n = Math.min(HASH_CHUNK, length - done);
            buffer.getBytes(offset + done, hashChunk, 0, n);
            md.update(hashChunk, 0, n);
            done += n;
        }
        try {
            md.digest(dst, dstOffset, Hash.LENGTH);
        } catch (final DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output slot", e);
        }
    }

    private void keccakPayloadInto(final byte[] dst, final int dstOffset) {
        if (keccak == null) {
            keccak = new KeccakDigest(256);
        }
        final int start = payloadOffset();
        for (int done = 0; done < payloadLength; ) {
            final int n = Math.min(HASH_CHUNK, payloadLength - done);
            buffer.getBytes(start + done, hashChunk, 0, n);
            keccak.update(hashChunk, 0, n);
            done += n;
        }
        keccak.doFinal(dst, dstOffset);
    }

    /** The transaction hash as a value (allocates). */
    public Hash hash() {
        final byte[] out = new byte[Hash.LENGTH];
        hashInto(out, 0);
        return Hash.of(out);
    }
}
