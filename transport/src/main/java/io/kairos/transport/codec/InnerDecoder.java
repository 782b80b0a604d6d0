package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.DirectBuffer;

import static io.kairos.transport.codec.FrameHeader.ORDER;
import static io.kairos.transport.codec.Messages.BLOCK_REQUEST_CURSOR_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_REQUEST_FROM_OFFSET;
import static io.kairos.transport.codec.Messages.BLOCK_REQUEST_LENGTH;
import static io.kairos.transport.codec.Messages.BLOCK_REQUEST_MAX_OFFSET;
import static io.kairos.transport.codec.Messages.CONSENSUS_BODY_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_CHUNK_COUNT_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_CHUNK_DATA_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_CHUNK_HEIGHT_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_CHUNK_INDEX_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_CHUNK_LENGTH_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_CHUNK_ROOT_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_REQUEST_CHUNK_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_REQUEST_HEIGHT_OFFSET;
import static io.kairos.transport.codec.Messages.SNAPSHOT_REQUEST_LENGTH;
import static io.kairos.transport.codec.Messages.STATUS_HASH_OFFSET;
import static io.kairos.transport.codec.Messages.STATUS_HEIGHT_OFFSET;
import static io.kairos.transport.codec.Messages.STATUS_LENGTH;

/**
 * Validates one decrypted inner message (see {@link Messages} for the layouts) and exposes its fields.
 * {@link #wrap} checks the whole message, so the accessors of its type never read out of bounds;
 * accessors of another type return meaningless values. Offsets returned are absolute in
 * {@link #buffer()}. Valid until the buffer is reused. Allocation-free flyweight; not thread-safe.
 */
public final class InnerDecoder {
    private final BlockResponseDecoder blockResponse = new BlockResponseDecoder();
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int type;

    /**
     * @return the message type, one of {@link MessageType}
     * @throws TransportException OVERSIZED past {@code maxLength} (checked first), UNKNOWN_TYPE or MALFORMED
     */
    public int wrap(final DirectBuffer buffer, final int offset, final int length, final int maxLength) {
        if (length > maxLength) {
            throw new TransportException(TransportError.OVERSIZED,
                "inner message of " + length + " bytes, the maximum is " + maxLength);
        }
        if (length < 1) {
            throw new TransportException(TransportError.MALFORMED, "empty inner message");
        }
        final int t = buffer.getByte(offset) & 0xFF;
        switch (t) {
            case MessageType.CONSENSUS -> {
                if (length < CONSENSUS_BODY_OFFSET + 1) {
                    throw new TransportException(TransportError.MALFORMED, "consensus message without bytes");
                }
            }
            case MessageType.BLOCK_REQUEST -> {
                exact(length, BLOCK_REQUEST_LENGTH, "block request");
                final long from = buffer.getLong(offset + BLOCK_REQUEST_FROM_OFFSET, ORDER);
                final int max = buffer.getInt(offset + BLOCK_REQUEST_MAX_OFFSET, ORDER);
                final long cursor = buffer.getLong(offset + BLOCK_REQUEST_CURSOR_OFFSET, ORDER);
                Messages.checkBlockRequest(from, max, cursor);
            }
            case MessageType.BLOCK_RESPONSE -> blockResponse.wrap(buffer, offset, length);
            case MessageType.SNAPSHOT_REQUEST -> {
                exact(length, SNAPSHOT_REQUEST_LENGTH, "snapshot request");
                final long h = buffer.getLong(offset + SNAPSHOT_REQUEST_HEIGHT_OFFSET, ORDER);
                final int chunk = buffer.getInt(offset + SNAPSHOT_REQUEST_CHUNK_OFFSET, ORDER);
                if (h < 0 || chunk < 0) {
                    throw new TransportException(TransportError.MALFORMED,
                        "snapshot request needs height >= 0 and chunkIndex >= 0, got " + h + ", " + chunk);
                }
            }
            case MessageType.SNAPSHOT_CHUNK -> {
                if (length < SNAPSHOT_CHUNK_DATA_OFFSET) {
                    throw new TransportException(TransportError.MALFORMED, "snapshot chunk of " + length
                        + " bytes, the fixed part is " + SNAPSHOT_CHUNK_DATA_OFFSET);
                }
                final int dataLength = buffer.getInt(offset + SNAPSHOT_CHUNK_LENGTH_OFFSET, ORDER);
                if (dataLength != length - SNAPSHOT_CHUNK_DATA_OFFSET) {
                    throw new TransportException(TransportError.MALFORMED, "snapshot chunk declares " + dataLength
                        + " data bytes, " + (length - SNAPSHOT_CHUNK_DATA_OFFSET) + " follow");
                }
                Messages.checkSnapshotChunk(buffer.getLong(offset + SNAPSHOT_CHUNK_HEIGHT_OFFSET, ORDER),
                    buffer.getInt(offset + SNAPSHOT_CHUNK_INDEX_OFFSET, ORDER),
                    buffer.getInt(offset + SNAPSHOT_CHUNK_COUNT_OFFSET, ORDER), dataLength);
            }
            case MessageType.STATUS -> {
                exact(length, STATUS_LENGTH, "status");
                final long h = buffer.getLong(offset + STATUS_HEIGHT_OFFSET, ORDER);
                if (h < 0) {
                    throw new TransportException(TransportError.MALFORMED, "status height must be >= 0, got " + h);
                }
            }
            case MessageType.TRANSACTIONS -> checkTransactions(buffer, offset, length);
            default -> throw new TransportException(TransportError.UNKNOWN_TYPE,
                "inner message type " + t + " is not known");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.type = t;
        return t;
    }

    /** Walks the entries once: the count is bounded, every length in range, and they fill the message exactly. */
    private static void checkTransactions(final DirectBuffer buffer, final int offset, final int length) {
        if (length < Messages.TRANSACTIONS_ENTRIES_OFFSET) {
            throw new TransportException(TransportError.MALFORMED, "transactions message of " + length + " bytes");
        }
        final int count = buffer.getShort(offset + Messages.TRANSACTIONS_COUNT_OFFSET, ORDER) & 0xFFFF;
        if (count < 1 || count > Messages.MAX_TRANSACTIONS_PER_BATCH) {
            throw new TransportException(TransportError.MALFORMED, "transactions message declares " + count
                + " transactions, expected 1.." + Messages.MAX_TRANSACTIONS_PER_BATCH);
        }
        int at = Messages.TRANSACTIONS_ENTRIES_OFFSET;
        for (int i = 0; i < count; i++) {
            if (length - at < Integer.BYTES) {
                throw new TransportException(TransportError.MALFORMED, "transactions message ends in entry " + i
                    + " of " + count);
            }
            final int n = buffer.getInt(offset + at, ORDER);
            if (n < 1 || n > Messages.MAX_TRANSACTION_BYTES || n > length - at - Integer.BYTES) {
                throw new TransportException(TransportError.MALFORMED, "transaction " + i + " declares " + n
                    + " bytes, " + (length - at - Integer.BYTES) + " follow (at most "
                    + Messages.MAX_TRANSACTION_BYTES + ")");
            }
            at += Integer.BYTES + n;
        }
        if (at != length) {
            throw new TransportException(TransportError.MALFORMED, "transactions message has " + (length - at)
                + " bytes after its " + count + " transactions");
        }
    }

    /** TRANSACTIONS: how many the message carries. */
    public int transactionCount() {
        return buffer.getShort(offset + Messages.TRANSACTIONS_COUNT_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * TRANSACTIONS: the offset in {@link #buffer()} of the first entry; each entry is an i32 length
     * and that many bytes, and the entries were checked to fill the message exactly.
     */
    public int transactionsEntriesOffset() {
        return offset + Messages.TRANSACTIONS_ENTRIES_OFFSET;
    }

    private static void exact(final int length, final int expected, final String what) {
        if (length != expected) {
            throw new TransportException(TransportError.MALFORMED,
                what + " of " + length + " bytes, expected exactly " + expected);
        }
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int type() {
        return type;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int consensusOffset() {
        return offset + CONSENSUS_BODY_OFFSET;
    }

    public int consensusLength() {
        return length - CONSENSUS_BODY_OFFSET;
    }

    public long blockRequestFromHeight() {
        return buffer.getLong(offset + BLOCK_REQUEST_FROM_OFFSET, ORDER);
    }

    public int blockRequestMaxBlocks() {
        return buffer.getInt(offset + BLOCK_REQUEST_MAX_OFFSET, ORDER);
    }

    public long blockRequestCursor() {
        return buffer.getLong(offset + BLOCK_REQUEST_CURSOR_OFFSET, ORDER);
    }

    /** The page, already validated by {@link #wrap}. */
    public BlockResponseDecoder blockResponse() {
        return blockResponse;
    }

    public long snapshotRequestHeight() {
        return buffer.getLong(offset + SNAPSHOT_REQUEST_HEIGHT_OFFSET, ORDER);
    }

    public int snapshotRequestChunkIndex() {
        return buffer.getInt(offset + SNAPSHOT_REQUEST_CHUNK_OFFSET, ORDER);
    }

    public long snapshotChunkHeight() {
        return buffer.getLong(offset + SNAPSHOT_CHUNK_HEIGHT_OFFSET, ORDER);
    }

    /** Absolute offset of the 32-byte state root. */
    public int snapshotChunkStateRootOffset() {
        return offset + SNAPSHOT_CHUNK_ROOT_OFFSET;
    }

    public int snapshotChunkIndex() {
        return buffer.getInt(offset + SNAPSHOT_CHUNK_INDEX_OFFSET, ORDER);
    }

    public int snapshotChunkCount() {
        return buffer.getInt(offset + SNAPSHOT_CHUNK_COUNT_OFFSET, ORDER);
    }

    public int snapshotChunkDataOffset() {
        return offset + SNAPSHOT_CHUNK_DATA_OFFSET;
    }

    public int snapshotChunkDataLength() {
        return length - SNAPSHOT_CHUNK_DATA_OFFSET;
    }

    public long statusHeight() {
        return buffer.getLong(offset + STATUS_HEIGHT_OFFSET, ORDER);
    }

    /** Absolute offset of the 32-byte block hash. */
    public int statusBlockHashOffset() {
        return offset + STATUS_HASH_OFFSET;
    }
}
