package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The header of a block, version 1: a fixed {@value #LENGTH}-byte little-endian record (layout in
 * {@code docs/encoding.md}). The block hash is SHA-256(tag("kairos/block/v1") || header encoding);
 * the header commits to the body through {@link #transactionsRoot()}, {@link #transactionCount()}
 * and {@link #bodyLength()}.
 *
 * <p>The timestamp is whatever consensus put there (epoch milliseconds); this class never reads a
 * clock. The state root is {@link Hash#ZERO} until state commitments exist, but any value decodes.
 *
 * <p>Thread-safe (immutable).
 */
public final class BlockHeader {
    public static final int VERSION = 1;
    public static final int VERSION_OFFSET = 0;
    /** Three reserved bytes, zero in version 1. */
    public static final int RESERVED_OFFSET = 1;
    public static final int RESERVED_LENGTH = 3;
    public static final int CHAIN_ID_OFFSET = 4;
    public static final int HEIGHT_OFFSET = 12;
    public static final int TIMESTAMP_OFFSET = 20;
    public static final int PARENT_HASH_OFFSET = 28;
    public static final int PROPOSER_OFFSET = 60;
    public static final int TRANSACTIONS_ROOT_OFFSET = 80;
    public static final int STATE_ROOT_OFFSET = 112;
    public static final int TRANSACTION_COUNT_OFFSET = 144;
    public static final int BODY_LENGTH_OFFSET = 148;
    public static final int LENGTH = 152;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final long chainId;
    private final long height;
    private final long timestampMillis;
    private final Hash parentHash;
    private final Address proposer;
    private final Hash transactionsRoot;
    private final Hash stateRoot;
    private final int transactionCount;
    private final int bodyLength;

    /**
     * @throws ValidationException {@code INVALID_VALUE} for a negative height, timestamp, count or
     *                             body length, or a missing hash or proposer
     */
    public BlockHeader(final long chainId, final long height, final long timestampMillis, final Hash parentHash,
                       final Address proposer, final Hash transactionsRoot, final Hash stateRoot,
                       final int transactionCount, final int bodyLength) {
        requireNonNegative("height", height);
        requireNonNegative("timestamp", timestampMillis);
        requireNonNegative("transaction count", transactionCount);
        requireNonNegative("body length", bodyLength);
        this.chainId = chainId;
        this.height = height;
        this.timestampMillis = timestampMillis;
        this.parentHash = requirePresent("parent hash", parentHash);
        this.proposer = requirePresent("proposer", proposer);
        this.transactionsRoot = requirePresent("transactions root", transactionsRoot);
        this.stateRoot = requirePresent("state root", stateRoot);
        this.transactionCount = transactionCount;
        this.bodyLength = bodyLength;
    }

    private static void requireNonNegative(final String what, final long value) {
        if (value < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, what + " must not be negative, got " + value);
        }
    }

    private static <T> T requirePresent(final String what, final T value) {
        if (value == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "block header has no " + what);
        }
        return value;
    }

    public static BlockHeader decode(final byte[] bytes) {
        return decode(bytes, CodecLimits.DEFAULT);
    }

    public static BlockHeader decode(final byte[] bytes, final CodecLimits limits) {
        return read(new UnsafeBuffer(bytes), 0, bytes.length, limits);
    }

    /**
     * Decodes exactly one header from {@code buffer[offset, offset+length)}; {@code length} must be
     * {@value #LENGTH}. The limits bound the body the header announces.
     *
     * @throws ValidationException with the typed reason if the bytes are not a valid header
     */
    public static BlockHeader read(final DirectBuffer buffer, final int offset, final int length,
                                   final CodecLimits limits) {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "region [" + offset + ", +" + length
                + ") lies outside the buffer of capacity " + buffer.capacity());
        }
        if (length < 1) {
            throw new ValidationException(ValidationError.TRUNCATED, "block header is empty, expected " + LENGTH
                + " bytes");
        }
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (version != VERSION) {
            throw new ValidationException(ValidationError.UNKNOWN_VERSION,
                "block header version " + version + " is not supported, expected " + VERSION);
        }
        if (length < LENGTH) {
            throw new ValidationException(ValidationError.TRUNCATED,
                "block header ends after " + length + " bytes, expected " + LENGTH);
        }
        if (length > LENGTH) {
            throw new ValidationException(ValidationError.TRAILING_BYTES,
                "block header is " + LENGTH + " bytes, got " + length);
        }
        for (int i = 0; i < RESERVED_LENGTH; i++) {
            final int b = buffer.getByte(offset + RESERVED_OFFSET + i) & 0xFF;
            if (b != 0) {
                throw new ValidationException(ValidationError.RESERVED_NOT_ZERO,
                    "block header reserved byte " + (RESERVED_OFFSET + i) + " must be 0, got " + b);
            }
        }
        final long height = buffer.getLong(offset + HEIGHT_OFFSET, ORDER);
        final long timestamp = buffer.getLong(offset + TIMESTAMP_OFFSET, ORDER);
        final long count = buffer.getInt(offset + TRANSACTION_COUNT_OFFSET, ORDER) & 0xFFFF_FFFFL;
        final long body = buffer.getInt(offset + BODY_LENGTH_OFFSET, ORDER) & 0xFFFF_FFFFL;
        if (count > limits.maxBlockTransactions()) {
            throw new ValidationException(ValidationError.OVERSIZED, "block announces " + count
                + " transactions, over the limit of " + limits.maxBlockTransactions());
        }
        if (LENGTH + body > limits.maxBlockBytes()) {
            throw new ValidationException(ValidationError.OVERSIZED, "block announces " + (LENGTH + body)
                + " bytes, over the limit of " + limits.maxBlockBytes());
        }
        return new BlockHeader(
            buffer.getLong(offset + CHAIN_ID_OFFSET, ORDER),
            height,
            timestamp,
            Hash.read(buffer, offset + PARENT_HASH_OFFSET),
            Address.read(buffer, offset + PROPOSER_OFFSET),
            Hash.read(buffer, offset + TRANSACTIONS_ROOT_OFFSET),
            Hash.read(buffer, offset + STATE_ROOT_OFFSET),
            (int) count,
            (int) body);
    }

    /** Writes the {@value #LENGTH}-byte encoding at {@code buffer[offset]}. */
    public void write(final MutableDirectBuffer buffer, final int offset) {
        buffer.putByte(offset + VERSION_OFFSET, (byte) VERSION);
        buffer.setMemory(offset + RESERVED_OFFSET, RESERVED_LENGTH, (byte) 0);
        buffer.putLong(offset + CHAIN_ID_OFFSET, chainId, ORDER);
        buffer.putLong(offset + HEIGHT_OFFSET, height, ORDER);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestampMillis, ORDER);
        parentHash.write(buffer, offset + PARENT_HASH_OFFSET);
        proposer.write(buffer, offset + PROPOSER_OFFSET);
        transactionsRoot.write(buffer, offset + TRANSACTIONS_ROOT_OFFSET);
        stateRoot.write(buffer, offset + STATE_ROOT_OFFSET);
        buffer.putInt(offset + TRANSACTION_COUNT_OFFSET, transactionCount, ORDER);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, bodyLength, ORDER);
    }

    public byte[] encode() {
        final byte[] out = new byte[LENGTH];
        write(new UnsafeBuffer(out), 0);
        return out;
    }

    /** The block hash: SHA-256(tag("kairos/block/v1") || header encoding). */
    public Hash hash() {
        return Hashing.hash(Hashing.Domain.BLOCK_HEADER, encode());
    }

    public long chainId() {
        return chainId;
    }

    public long height() {
        return height;
    }

    /** Epoch milliseconds, as chosen by consensus. */
    public long timestampMillis() {
        return timestampMillis;
    }

    public Hash parentHash() {
        return parentHash;
    }

    public Address proposer() {
        return proposer;
    }

    public Hash transactionsRoot() {
        return transactionsRoot;
    }

    public Hash stateRoot() {
        return stateRoot;
    }

    public int transactionCount() {
        return transactionCount;
    }

    /** Length in bytes of the body that follows the header. */
    public int bodyLength() {
        return bodyLength;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof BlockHeader h
            && chainId == h.chainId && height == h.height && timestampMillis == h.timestampMillis
            && parentHash.equals(h.parentHash) && proposer.equals(h.proposer)
            && transactionsRoot.equals(h.transactionsRoot) && stateRoot.equals(h.stateRoot)
            && transactionCount == h.transactionCount && bodyLength == h.bodyLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(chainId, height, timestampMillis, parentHash, proposer, transactionsRoot, stateRoot,
            transactionCount, bodyLength);
    }

    @Override
    public String toString() {
        return "BlockHeader{chain " + chainId + ", height " + height + ", time " + timestampMillis + ", parent "
            + parentHash + ", proposer " + proposer + ", txRoot " + transactionsRoot + ", stateRoot " + stateRoot
            + ", " + transactionCount + " txs, body " + bodyLength + " bytes}";
    }
}
