package io.kairos.journal;

import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.Block;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.CommittedBlock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.kairos.journal.JournalFormat.FIXED_LENGTH;
import static io.kairos.journal.JournalFormat.HASH_LENGTH;
import static io.kairos.journal.JournalFormat.ORDER;

/**
 * One committed block as the journal stores it: the encoded block header, the encoded body (each
 * transaction with its u32 length prefix), and each transaction's hash, receipt status and fee.
 * This is the journal's read API: the engine's {@link CommittedBlock} cannot be rebuilt outside
 * its package, so blocks read back from disk come out as {@code BlockRecord}s. Immutable; safe to
 * share between threads.
 */
public final class BlockRecord {
    private static final ReceiptStatus[] STATUSES = ReceiptStatus.values();

    private final BlockHeader header;
    private final byte[] headerBytes;
    private final byte[] body;
    private final byte[] txHashes;
    private final byte[] statuses;
    private final long[] fees;

    private BlockRecord(final BlockHeader header, final byte[] headerBytes, final byte[] body, final byte[] txHashes,
                        final byte[] statuses, final long[] fees) {
        this.header = header;
        this.headerBytes = headerBytes;
        this.body = body;
        this.txHashes = txHashes;
        this.statuses = statuses;
        this.fees = fees;
    }

    /**
     * Builds a record from its parts (copied). The arrays must agree with the header: body length,
     * and one hash (32 bytes), status and fee per transaction.
     *
     * @throws JournalException {@code INVALID_RECORD} if they do not
     */
    public static BlockRecord of(final BlockHeader header, final byte[] body, final byte[] txHashes,
                                 final ReceiptStatus[] statuses, final long[] fees) {
        final int n = header.transactionCount();
        if (body.length != header.bodyLength() || txHashes.length != n * HASH_LENGTH || statuses.length != n
            || fees.length != n) {
            throw new JournalException(JournalError.INVALID_RECORD, "block " + header.height() + " with " + n
                + " transactions and a " + header.bodyLength() + "-byte body got a " + body.length + "-byte body, "
                + txHashes.length + " hash bytes, " + statuses.length + " statuses and " + fees.length + " fees");
        }
        final byte[] s = new byte[n];
        for (int i = 0; i < n; i++) {
            s[i] = (byte) statuses[i].ordinal();
        }
        return new BlockRecord(header, header.encode(), body.clone(), txHashes.clone(), s, fees.clone());
    }

    /** The record of a committed block, copied from its parts (no decoding). */
    public static BlockRecord from(final CommittedBlock block, final CodecLimits limits) {
        final int n = block.transactionCount();
        final byte[] body = new byte[block.bodyLength()];
        block.copyBody(body, 0);
        final byte[] hashes = new byte[n * HASH_LENGTH];
        block.copyTransactionHashes(hashes, 0);
        final byte[] s = new byte[n];
        final long[] f = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = block.statusCode(i);
            f[i] = block.fee(i);
        }
        return new BlockRecord(block.header(), block.header().encode(), body, hashes, s, f);
    }

    /** This record as the engine's committed block. */
    public CommittedBlock toCommittedBlock() {
        return CommittedBlock.of(header, body, txHashes, statuses, fees);
    }

    /**
     * Decodes a record that passed {@link JournalFormat#check} and is a block.
     *
     * @throws JournalException {@code INVALID_RECORD} if it is not a sound block record
     */
    public static BlockRecord decode(final byte[] record, final int offset, final int length) {
        final RecordFault fault = JournalFormat.check(record, offset, length);
        if (fault != null) {
            throw new JournalException(JournalError.INVALID_RECORD, "record fails its checks: " + fault);
        }
        if (JournalFormat.kind(record, offset) != JournalFormat.KIND_BLOCK) {
            throw new JournalException(JournalError.INVALID_RECORD, "record is a cut marker, not a block");
        }
        final UnsafeBuffer b = new UnsafeBuffer(record, offset, length);
        final long height = b.getLong(JournalFormat.HEIGHT_OFFSET, ORDER);
        final int headerLength = b.getInt(JournalFormat.HEADER_LENGTH_OFFSET, ORDER);
        final int bodyLength = b.getInt(JournalFormat.BODY_LENGTH_OFFSET, ORDER);
        final int n = b.getInt(JournalFormat.TRANSACTION_COUNT_OFFSET, ORDER);
        if (headerLength != BlockHeader.LENGTH) {
            throw new JournalException(JournalError.INVALID_RECORD, "block " + height + ": header length "
                + headerLength + ", expected " + BlockHeader.LENGTH);
        }
        int pos = offset + FIXED_LENGTH;
        final byte[] headerBytes = Arrays.copyOfRange(record, pos, pos + headerLength);
        pos += headerLength;
        final BlockHeader header;
        try {
            header = BlockHeader.decode(headerBytes, CodecLimits.DEFAULT);
        } catch (final RuntimeException e) {
            throw new JournalException(JournalError.INVALID_RECORD, "block " + height + ": header does not decode: "
                + e.getMessage(), e);
        }
        if (header.height() != height || header.bodyLength() != bodyLength || header.transactionCount() != n) {
            throw new JournalException(JournalError.INVALID_RECORD, "block " + height
                + ": record header disagrees with the block header (height " + header.height() + ", body "
                + header.bodyLength() + ", transactions " + header.transactionCount() + ")");
        }
        final byte[] body = Arrays.copyOfRange(record, pos, pos + bodyLength);
        pos += bodyLength;
        final byte[] hashes = Arrays.copyOfRange(record, pos, pos + n * HASH_LENGTH);
        pos += n * HASH_LENGTH;
        final byte[] s = Arrays.copyOfRange(record, pos, pos + n);
        pos += n;
        final long[] f = new long[n];
        for (int i = 0; i < n; i++) {
            if ((s[i] & 0xFF) >= STATUSES.length) {
                throw new JournalException(JournalError.INVALID_RECORD, "block " + height + ": transaction " + i
                    + " has unknown receipt status " + (s[i] & 0xFF));
            }
            f[i] = b.getLong(pos - offset + i * Long.BYTES, ORDER);
        }
        return new BlockRecord(header, headerBytes, body, hashes, s, f);
    }

    /** Bytes {@link #encode} writes. */
    public int encodedLength() {
        return JournalFormat.blockRecordLength(headerBytes.length, body.length, statuses.length);
    }

    /** Encodes the whole record, CRC included, into {@code dst} at {@code offset}; returns its length. */
    public int encode(final byte[] dst, final int offset) {
        final int length = encodedLength();
        final int n = statuses.length;
        final UnsafeBuffer b = new UnsafeBuffer(dst, offset, length);
        JournalFormat.writeFixed(b, JournalFormat.KIND_BLOCK, header.height(), headerBytes.length, body.length, n);
        int pos = FIXED_LENGTH;
        b.putBytes(pos, headerBytes);
        pos += headerBytes.length;
        b.putBytes(pos, body);
        pos += body.length;
        b.putBytes(pos, txHashes);
        pos += txHashes.length;
        b.putBytes(pos, statuses);
        pos += n;
        for (int i = 0; i < n; i++) {
            b.putLong(pos + i * Long.BYTES, fees[i], ORDER);
        }
        JournalFormat.seal(dst, offset, length);
        return length;
    }

    /** The encoded record, CRC included. */
    public byte[] encode() {
        final byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    public long height() {
        return header.height();
    }

    public BlockHeader header() {
        return header;
    }

    public Hash hash() {
        return header.hash();
    }

    public int transactionCount() {
        return statuses.length;
    }

    /** A copy of the encoded block header. */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    /** A copy of the encoded body. */
    public byte[] body() {
        return body.clone();
    }

    public Hash transactionHash(final int index) {
        return Hash.of(Arrays.copyOfRange(txHashes, index * HASH_LENGTH, (index + 1) * HASH_LENGTH));
    }

    /** Whether the transaction at {@code index} has hash {@code hash} (32 bytes). */
    boolean transactionHashEquals(final int index, final byte[] hash) {
        return Arrays.equals(txHashes, index * HASH_LENGTH, (index + 1) * HASH_LENGTH, hash, 0, HASH_LENGTH);
    }

    long transactionHashPrefix(final int index) {
        return new UnsafeBuffer(txHashes).getLong(index * HASH_LENGTH, java.nio.ByteOrder.BIG_ENDIAN);
    }

    public ReceiptStatus status(final int index) {
        return STATUSES[statuses[index]];
    }

    public long fee(final int index) {
        return fees[index];
    }

    public Receipt receipt(final int index) {
        return new Receipt(transactionHash(index), height(), index, status(index), fees[index]);
    }

    /** The whole block, decoded and checked (transactions root against the body). */
    public Block toBlock(final CodecLimits limits) {
        final byte[] encoded = new byte[headerBytes.length + body.length];
        System.arraycopy(headerBytes, 0, encoded, 0, headerBytes.length);
        System.arraycopy(body, 0, encoded, headerBytes.length, body.length);
        return Block.decode(encoded, limits);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof BlockRecord r && Arrays.equals(headerBytes, r.headerBytes) && Arrays.equals(body, r.body)
            && Arrays.equals(txHashes, r.txHashes) && Arrays.equals(statuses, r.statuses) && Arrays.equals(fees, r.fees);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(headerBytes) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "BlockRecord[height=" + height() + ", transactions=" + transactionCount() + ", body=" + body.length + "B]";
    }
}
