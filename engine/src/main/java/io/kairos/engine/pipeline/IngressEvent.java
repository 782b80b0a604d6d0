package io.kairos.engine.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.ledger.TxType;
import io.kairos.engine.mempool.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pre-allocated slot of the ingress ring, reused for every event that passes through it.
 *
 * <p>For a {@link EventKind#TRANSACTION} the slot holds a copy of the submitted bytes at
 * {@link #transactionOffset()} of {@link #buffer()}, what the decode stage learned (scheme, type,
 * nonce, fee, amount, the 20-byte sender address and the 32-byte transaction hash, each computed
 * once), the verification result and, if the transaction was refused, a {@link RejectReason}. The
 * bytes before the transaction hold its signing prefix (the signing tag and chain id), written by the
 * decode stage so that the signing bytes are one contiguous slice and the verifiers copy nothing.
 * The buffer grows to the largest transaction the slot has held and is never shrunk, so steady
 * state allocates nothing.
 *
 * <p>For {@link EventKind#TICK} and {@link EventKind#CONTROL} the slot holds a code, a value and an
 * attachment, passed through untouched.
 *
 * <p>Threading: written by one producer, then by each stage in turn, the Disruptor's sequences
 * ordering the writes. A sink may read an event only during the callback that hands it over, and
 * must copy what it keeps: the slot is reused as soon as the callback returns. The arrays behind
 * {@link #buffer()}, {@link #senderBuffer()} and {@link #hashBuffer()} must not be modified.
 */
public final class IngressEvent {
    /** Where the transaction starts in {@link #buffer()}: after the room for its signing prefix. */
    public static final int TRANSACTION_OFFSET = TransactionLayout.SIGNING_PREFIX_LENGTH;
    /** Room for an Ed25519 transaction with a few hundred bytes of payload before a slot grows. */
    static final int INITIAL_CAPACITY = TRANSACTION_OFFSET + 512;

    private final int maxCapacity;
    private byte[] bytes;
    private final UnsafeBuffer buffer;
    private final byte[] sender = new byte[Address.LENGTH];
    private final UnsafeBuffer senderBuffer = new UnsafeBuffer(sender);
    private final byte[] hash = new byte[Hash.LENGTH];
    private final UnsafeBuffer hashBuffer = new UnsafeBuffer(hash);

    private EventKind kind = EventKind.CONTROL;
    private boolean cancelled;
    private long correlationId;
    private int length;

    private SchemeId scheme;
    private TxType type;
    private long nonce;
    private long fee;
    private long amount;
    private int signingLength;
    private boolean signatureChecked;
    private boolean signatureValid;
    private RejectReason rejectReason;

    private int code;
    private long value;
    private Object attachment;

    /** @param maxTransactionBytes the longest transaction this slot must be able to hold */
    IngressEvent(final int maxTransactionBytes) {
        this.maxCapacity = TRANSACTION_OFFSET + maxTransactionBytes;
        this.bytes = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
        this.buffer = new UnsafeBuffer(bytes);
    }

    /** Copies {@code src[offset, offset+len)} in as a new transaction; {@code len} is within the limit. */
    void loadTransaction(final byte[] src, final int offset, final int len, final long correlation) {
        ensureCapacity(len);
        System.arraycopy(src, offset, bytes, TRANSACTION_OFFSET, len);
        resetTransaction(len, correlation);
    }

    void loadTransaction(final DirectBuffer src, final int offset, final int len, final long correlation) {
        ensureCapacity(len);
        src.getBytes(offset, bytes, TRANSACTION_OFFSET, len);
        resetTransaction(len, correlation);
    }

    private void ensureCapacity(final int len) {
        final int needed = TRANSACTION_OFFSET + len;
        if (needed > bytes.length) {
            // Doubling bounds the number of regrowths per slot; the limit bounds the size.
            final int grown = (int) Math.min(maxCapacity, Math.max(needed, 2L * bytes.length));
            bytes = new byte[grown];
            buffer.wrap(bytes);
        }
    }

    private void resetTransaction(final int len, final long correlation) {
        kind = EventKind.TRANSACTION;
        cancelled = false;
        correlationId = correlation;
        length = len;
        scheme = null;
        type = null;
        nonce = 0;
        fee = 0;
        amount = 0;
        signingLength = 0;
        signatureChecked = false;
        signatureValid = false;
        rejectReason = null;
        attachment = null;
    }

    void loadControl(final EventKind eventKind, final int controlCode, final long controlValue,
                     final Object controlAttachment, final long correlation) {
        kind = eventKind;
        cancelled = false;
        correlationId = correlation;
        code = controlCode;
        value = controlValue;
        attachment = controlAttachment;
        length = 0;
        rejectReason = null;
    }

    /**
     * Marks a slot whose producer failed between claiming and filling it: it must still be published
     * (the ring cannot skip a sequence), and every stage passes over it without delivering it.
     */
    void cancel() {
        cancelled = true;
        attachment = null;
    }

    boolean cancelled() {
        return cancelled;
    }

    void decoded(final SchemeId txScheme, final TxType txType, final long txNonce, final long txFee,
                 final long txAmount, final int txSigningLength) {
        scheme = txScheme;
        type = txType;
        nonce = txNonce;
        fee = txFee;
        amount = txAmount;
        signingLength = txSigningLength;
    }

    void reject(final RejectReason reason) {
        if (rejectReason == null) {
            rejectReason = reason;
        }
    }

    void verified(final boolean valid) {
        signatureChecked = true;
        signatureValid = valid;
        if (!valid) {
            reject(RejectReason.BAD_SIGNATURE);
        }
    }

    /** Drops the reference to a control attachment once delivered, so the ring does not keep it alive. */
    void releaseAttachment() {
        attachment = null;
    }

    byte[] bytes() {
        return bytes;
    }

    UnsafeBuffer mutableBuffer() {
        return buffer;
    }

    byte[] senderBytes() {
        return sender;
    }

    byte[] hashBytes() {
        return hash;
    }

    /** Length of the signing bytes, which start at index 0 of the backing array (after decode). */
    int signingLength() {
        return signingLength;
    }

    boolean signatureChecked() {
        return signatureChecked;
    }

    public EventKind kind() {
        return kind;
    }

    /** The id the submitter chose; the pipeline only carries it. */
    public long correlationId() {
        return correlationId;
    }

    /** The buffer holding the transaction at {@link #transactionOffset()}. */
    public DirectBuffer buffer() {
        return buffer;
    }

    public int transactionOffset() {
        return TRANSACTION_OFFSET;
    }

    /** The transaction's encoded length, signature included. */
    public int transactionLength() {
        return length;
    }

    /** Index in {@link #buffer()} of the 20-byte recipient. */
    public int recipientOffset() {
        return TRANSACTION_OFFSET + TransactionLayout.RECIPIENT_OFFSET;
    }

    public SchemeId scheme() {
        return scheme;
    }

    public TxType type() {
        return type;
    }

    public long nonce() {
        return nonce;
    }

    public long fee() {
        return fee;
    }

    public long amount() {
        return amount;
    }

    /** The sender's 20-byte address at index 0, for {@code AccountView.balance(buffer, 0)} and the like. */
    public DirectBuffer senderBuffer() {
        return senderBuffer;
    }

    /** The 32-byte transaction hash at index 0. */
    public DirectBuffer hashBuffer() {
        return hashBuffer;
    }

    /** The sender as a value; allocates, so not for the hot path. */
    public Address sender() {
        return Address.of(sender);
    }

    /** The transaction hash as a value; allocates, so not for the hot path. */
    public Hash hash() {
        return Hash.of(hash);
    }

    public void copySender(final byte[] dst, final int offset) {
        System.arraycopy(sender, 0, dst, offset, Address.LENGTH);
    }

    public void copyHash(final byte[] dst, final int offset) {
        System.arraycopy(hash, 0, dst, offset, Hash.LENGTH);
    }

    /** Whether a verifier found the signature valid. */
    public boolean signatureValid() {
        return signatureValid;
    }

    /** Why the transaction was refused, or {@code null} if it passed every stage so far. */
    public RejectReason rejectReason() {
        return rejectReason;
    }

    /** The publisher's code of a {@link EventKind#CONTROL} event. */
    public int code() {
        return code;
    }

    /** The time of a {@link EventKind#TICK}, or the publisher's value of a {@link EventKind#CONTROL}. */
    public long value() {
        return value;
    }

    /** The publisher's object riding on a {@link EventKind#CONTROL} event (a query and its reply slot). */
    public Object attachment() {
        return attachment;
    }
}
