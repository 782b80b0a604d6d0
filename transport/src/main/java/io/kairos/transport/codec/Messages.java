package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;

import static io.kairos.transport.codec.FrameHeader.ORDER;

/**
 * Encoders of the fixed-layout inner messages, and the layout constants their decoders share
 * (little-endian, offsets from the start of the inner message):
 *
 * <pre>
 * CONSENSUS        0 u8 type=1 | 1.. the MessageCodec bytes (at least one)
 * BLOCK_REQUEST    0 u8 type=2 | 1 i64 fromHeight | 9 i32 maxBlocks (1..100) | 13 i64 cursor        (21 bytes)
 * BLOCK_RESPONSE   0 u8 type=3 | 1 u8 flags (bit 0 END) | 2 u16 count (0..100) | 4 i64 nextCursor
 *                  | 12.. count x (i32 blockLength, block, i32 certificateLength, certificate)
 * SNAPSHOT_REQUEST 0 u8 type=4 | 1 i64 height | 9 i32 chunkIndex                                   (13 bytes)
 * SNAPSHOT_CHUNK   0 u8 type=5 | 1 i64 height | 9 32-byte stateRoot | 41 i32 chunkIndex
 *                  | 45 i32 chunkCount | 49 i32 dataLength | 53.. data
 * STATUS           0 u8 type=6 | 1 i64 height | 9 32-byte blockHash                               (41 bytes)
 * TRANSACTIONS     0 u8 type=7 | 1 u16 count (1..1024) | 3.. count x (i32 length (1..128 KiB), bytes)
 * </pre>
 *
 * Every encoder writes into {@code buffer[offset, offset+capacity)} and returns the length written, or
 * throws OVERSIZED when the message would not fit. Stateless; thread-safe.
 */
public final class Messages {
    /** Most blocks in one BLOCK_RESPONSE page, and the largest maxBlocks a request may ask for. */
    public static final int MAX_BLOCKS_PER_PAGE = 100;
    public static final int HASH_LENGTH = 32;

    public static final int TYPE_OFFSET = 0;
    public static final int CONSENSUS_BODY_OFFSET = 1;

    public static final int BLOCK_REQUEST_FROM_OFFSET = 1;
    public static final int BLOCK_REQUEST_MAX_OFFSET = 9;
    public static final int BLOCK_REQUEST_CURSOR_OFFSET = 13;
    public static final int BLOCK_REQUEST_LENGTH = 21;

    public static final int BLOCK_RESPONSE_FLAGS_OFFSET = 1;
    public static final int BLOCK_RESPONSE_COUNT_OFFSET = 2;
    public static final int BLOCK_RESPONSE_CURSOR_OFFSET = 4;
    public static final int BLOCK_RESPONSE_ENTRIES_OFFSET = 12;
    public static final int BLOCK_RESPONSE_FLAG_END = 1;

    public static final int SNAPSHOT_REQUEST_HEIGHT_OFFSET = 1;
    public static final int SNAPSHOT_REQUEST_CHUNK_OFFSET = 9;
    public static final int SNAPSHOT_REQUEST_LENGTH = 13;

    public static final int SNAPSHOT_CHUNK_HEIGHT_OFFSET = 1;
    public static final int SNAPSHOT_CHUNK_ROOT_OFFSET = 9;
    public static final int SNAPSHOT_CHUNK_INDEX_OFFSET = 41;
    public static final int SNAPSHOT_CHUNK_COUNT_OFFSET = 45;
    public static final int SNAPSHOT_CHUNK_LENGTH_OFFSET = 49;
    public static final int SNAPSHOT_CHUNK_DATA_OFFSET = 53;

    public static final int STATUS_HEIGHT_OFFSET = 1;
    public static final int STATUS_HASH_OFFSET = 9;
    public static final int STATUS_LENGTH = 41;

    public static final int TRANSACTIONS_COUNT_OFFSET = 1;
    public static final int TRANSACTIONS_ENTRIES_OFFSET = 3;
    /** Most transactions in one TRANSACTIONS message. */
    public static final int MAX_TRANSACTIONS_PER_BATCH = 1024;
    /** Longest transaction a TRANSACTIONS message may carry (an encoded transaction is far shorter). */
    public static final int MAX_TRANSACTION_BYTES = 128 * 1024;

    private Messages() {
    }

    public static int encodeConsensus(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                      final DirectBuffer src, final int srcOffset, final int srcLength) {
        if (srcLength < 1) {
            throw new TransportException(TransportError.MALFORMED, "a consensus message needs at least one byte");
        }
        fits((long) CONSENSUS_BODY_OFFSET + srcLength, capacity, "consensus message");
        final int length = CONSENSUS_BODY_OFFSET + srcLength;
        buffer.putByte(offset, (byte) MessageType.CONSENSUS);
        buffer.putBytes(offset + CONSENSUS_BODY_OFFSET, src, srcOffset, srcLength);
        return length;
    }

    public static int encodeConsensus(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                      final byte[] src) {
        if (src.length < 1) {
            throw new TransportException(TransportError.MALFORMED, "a consensus message needs at least one byte");
        }
        fits((long) CONSENSUS_BODY_OFFSET + src.length, capacity, "consensus message");
        final int length = CONSENSUS_BODY_OFFSET + src.length;
        buffer.putByte(offset, (byte) MessageType.CONSENSUS);
        buffer.putBytes(offset + CONSENSUS_BODY_OFFSET, src);
        return length;
    }

    public static int encodeBlockRequest(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                         final long fromHeight, final int maxBlocks, final long cursor) {
        checkBlockRequest(fromHeight, maxBlocks, cursor);
        fits(BLOCK_REQUEST_LENGTH, capacity, "block request");
        buffer.putByte(offset, (byte) MessageType.BLOCK_REQUEST);
        buffer.putLong(offset + BLOCK_REQUEST_FROM_OFFSET, fromHeight, ORDER);
        buffer.putInt(offset + BLOCK_REQUEST_MAX_OFFSET, maxBlocks, ORDER);
        buffer.putLong(offset + BLOCK_REQUEST_CURSOR_OFFSET, cursor, ORDER);
        return BLOCK_REQUEST_LENGTH;
    }

    public static int encodeSnapshotRequest(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                            final long height, final int chunkIndex) {
        if (height < 0 || chunkIndex < 0) {
            throw new TransportException(TransportError.MALFORMED,
                "snapshot request needs height >= 0 and chunkIndex >= 0, got " + height + ", " + chunkIndex);
        }
        fits(SNAPSHOT_REQUEST_LENGTH, capacity, "snapshot request");
        buffer.putByte(offset, (byte) MessageType.SNAPSHOT_REQUEST);
        buffer.putLong(offset + SNAPSHOT_REQUEST_HEIGHT_OFFSET, height, ORDER);
        buffer.putInt(offset + SNAPSHOT_REQUEST_CHUNK_OFFSET, chunkIndex, ORDER);
        return SNAPSHOT_REQUEST_LENGTH;
    }

    public static int encodeSnapshotChunk(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                          final long height, final byte[] stateRoot, final int chunkIndex,
                                          final int chunkCount, final DirectBuffer data, final int dataOffset,
                                          final int dataLength) {
        checkSnapshotChunk(height, chunkIndex, chunkCount, dataLength);
        checkHash(stateRoot, "stateRoot");
        fits((long) SNAPSHOT_CHUNK_DATA_OFFSET + dataLength, capacity, "snapshot chunk");
        final int length = SNAPSHOT_CHUNK_DATA_OFFSET + dataLength;
        buffer.putByte(offset, (byte) MessageType.SNAPSHOT_CHUNK);
        buffer.putLong(offset + SNAPSHOT_CHUNK_HEIGHT_OFFSET, height, ORDER);
        buffer.putBytes(offset + SNAPSHOT_CHUNK_ROOT_OFFSET, stateRoot);
        buffer.putInt(offset + SNAPSHOT_CHUNK_INDEX_OFFSET, chunkIndex, ORDER);
        buffer.putInt(offset + SNAPSHOT_CHUNK_COUNT_OFFSET, chunkCount, ORDER);
        buffer.putInt(offset + SNAPSHOT_CHUNK_LENGTH_OFFSET, dataLength, ORDER);
        buffer.putBytes(offset + SNAPSHOT_CHUNK_DATA_OFFSET, data, dataOffset, dataLength);
        return length;
    }

    /**
     * Encodes {@code count} transactions of {@code txs} from index {@code from} as one TRANSACTIONS
     * message (see {@link #transactionsLength} to pack a batch that fits).
     *
     * @throws TransportException MALFORMED for an empty batch, more than 1,024, or a transaction that
     *                            is empty or longer than 128 KiB; OVERSIZED when it does not fit
     */
    public static int encodeTransactions(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                         final List<byte[]> txs, final int from, final int count) {
        if (count < 1 || count > MAX_TRANSACTIONS_PER_BATCH || from < 0 || from + count > txs.size()) {
            throw new TransportException(TransportError.MALFORMED, "a transactions message carries 1.."
                + MAX_TRANSACTIONS_PER_BATCH + " transactions, got " + count + " from " + from + " of " + txs.size());
        }
        long total = TRANSACTIONS_ENTRIES_OFFSET;
        for (int i = from; i < from + count; i++) {
            final int n = txs.get(i).length;
            if (n < 1 || n > MAX_TRANSACTION_BYTES) {
                throw new TransportException(TransportError.MALFORMED, "a forwarded transaction is 1.."
                    + MAX_TRANSACTION_BYTES + " bytes, got " + n);
            }
            total += Integer.BYTES + n;
        }
        fits(total, capacity, "transactions");
        buffer.putByte(offset, (byte) MessageType.TRANSACTIONS);
        buffer.putShort(offset + TRANSACTIONS_COUNT_OFFSET, (short) count, ORDER);
        int at = offset + TRANSACTIONS_ENTRIES_OFFSET;
        for (int i = from; i < from + count; i++) {
            final byte[] tx = txs.get(i);
            buffer.putInt(at, tx.length, ORDER);
            buffer.putBytes(at + Integer.BYTES, tx);
            at += Integer.BYTES + tx.length;
        }
        return (int) total;
    }

    /** Bytes a TRANSACTIONS message holding transactions of these lengths in all takes. */
    public static long transactionsLength(final int count, final long transactionBytes) {
        return TRANSACTIONS_ENTRIES_OFFSET + (long) count * Integer.BYTES + transactionBytes;
    }

    public static int encodeStatus(final MutableDirectBuffer buffer, final int offset, final int capacity,
                                   final long height, final byte[] blockHash) {
        if (height < 0) {
            throw new TransportException(TransportError.MALFORMED, "status height must be >= 0, got " + height);
        }
        checkHash(blockHash, "blockHash");
        fits(STATUS_LENGTH, capacity, "status");
        buffer.putByte(offset, (byte) MessageType.STATUS);
        buffer.putLong(offset + STATUS_HEIGHT_OFFSET, height, ORDER);
        buffer.putBytes(offset + STATUS_HASH_OFFSET, blockHash);
        return STATUS_LENGTH;
    }

    static void checkBlockRequest(final long fromHeight, final int maxBlocks, final long cursor) {
        if (fromHeight < 0 || cursor < 0 || maxBlocks < 1 || maxBlocks > MAX_BLOCKS_PER_PAGE) {
            throw new TransportException(TransportError.MALFORMED, "block request needs fromHeight >= 0, cursor >= 0"
                + " and maxBlocks in 1.." + MAX_BLOCKS_PER_PAGE + ", got " + fromHeight + ", " + cursor + ", "
                + maxBlocks);
        }
    }

    static void checkSnapshotChunk(final long height, final int chunkIndex, final int chunkCount,
                                   final int dataLength) {
        if (height < 0 || chunkCount < 1 || chunkIndex < 0 || chunkIndex >= chunkCount || dataLength < 0) {
            throw new TransportException(TransportError.MALFORMED, "snapshot chunk needs height >= 0, chunkCount >= 1,"
                + " 0 <= chunkIndex < chunkCount and dataLength >= 0, got " + height + ", " + chunkCount + ", "
                + chunkIndex + ", " + dataLength);
        }
    }

    private static void checkHash(final byte[] hash, final String name) {
        if (hash == null || hash.length != HASH_LENGTH) {
            throw new TransportException(TransportError.MALFORMED,
                name + " must be " + HASH_LENGTH + " bytes, got " + (hash == null ? "null" : hash.length));
        }
    }

    static void fits(final long length, final int capacity, final String what) {
        if (length > capacity) {
            throw new TransportException(TransportError.OVERSIZED,
                what + " of " + length + " bytes, the maximum is " + capacity);
        }
    }
}
