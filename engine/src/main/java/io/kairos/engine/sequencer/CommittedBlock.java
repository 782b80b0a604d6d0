package io.kairos.engine.sequencer;

import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.Block;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A committed block as the block store keeps it: the header, the encoded body and each
 * transaction's hash and outcome, in compact arrays (one object per block, not per transaction).
 * Immutable once built; safe to share between threads.
 */
public final class CommittedBlock {
    private final BlockHeader header;
    private final Hash hash;
    private final byte[] body;
    private final byte[] txHashes;
    private final byte[] statuses;
    private final long[] fees;

    /** Takes ownership of the arrays. */
    CommittedBlock(final BlockHeader header, final Hash hash, final byte[] body, final byte[] txHashes,
                   final byte[] statuses, final long[] fees) {
        this.header = header;
        this.hash = hash;
        this.body = body;
        this.txHashes = txHashes;
        this.statuses = statuses;
        this.fees = fees;
    }

    /**
     * Rebuilds a committed block from stored parts (a journal's record), copying the arrays.
     *
     * @param statuses one {@link ReceiptStatus} ordinal per transaction
     * @throws IllegalArgumentException if the arrays disagree with the header
     */
    public static CommittedBlock of(final BlockHeader header, final byte[] body, final byte[] txHashes,
                                    final byte[] statuses, final long[] fees) {
        final int n = header.transactionCount();
        if (body.length != header.bodyLength() || txHashes.length != n * Hash.LENGTH || statuses.length != n
            || fees.length != n) {
            throw new IllegalArgumentException("block " + header.height() + " of " + n + " transactions and a "
                + header.bodyLength() + "-byte body does not match the arrays given");
        }
        for (final byte s : statuses) {
            if (s < 0 || s >= ReceiptStatus.values().length) {
                throw new IllegalArgumentException("unknown receipt status " + s);
            }
        }
        return new CommittedBlock(header, header.hash(), body.clone(), txHashes.clone(), statuses.clone(),
            fees.clone());
    }

    /** Copies the encoded body (length-prefixed transactions) into {@code dst} at {@code offset}. */
    public void copyBody(final byte[] dst, final int offset) {
        System.arraycopy(body, 0, dst, offset, body.length);
    }

    /** Copies the 32-byte transaction hashes, back to back, into {@code dst} at {@code offset}. */
    public void copyTransactionHashes(final byte[] dst, final int offset) {
        System.arraycopy(txHashes, 0, dst, offset, txHashes.length);
    }

    /** Receipt status ordinal of the transaction at {@code index}. */
    public byte statusCode(final int index) {
        return statuses[index];
    }

    /** Fee charged to the transaction at {@code index}. */
    public long fee(final int index) {
        return fees[index];
    }

    public BlockHeader header() {
        return header;
    }

    public long height() {
        return header.height();
    }

    /** The block hash (of its header). */
    public Hash hash() {
        return hash;
    }

    public int transactionCount() {
        return header.transactionCount();
    }

    public int bodyLength() {
        return body.length;
    }

    /** Hash of the transaction at {@code index}. */
    public Hash transactionHash(final int index) {
        final byte[] h = new byte[Hash.LENGTH];
        System.arraycopy(txHashes, index * Hash.LENGTH, h, 0, Hash.LENGTH);
        return Hash.of(h);
    }

    /** The first 8 bytes of the hash of the transaction at {@code index}, as an index key. */
    long transactionHashPrefix(final int index) {
        long v = 0;
        final int base = index * Hash.LENGTH;
        for (int b = 0; b < Long.BYTES; b++) {
            v = v << 8 | (txHashes[base + b] & 0xFF);
        }
        return v;
    }

    /** Whether the transaction at {@code index} has hash {@code hash} (no allocation). */
    boolean transactionHashEquals(final int index, final byte[] hash) {
        return java.util.Arrays.equals(txHashes, index * Hash.LENGTH, (index + 1) * Hash.LENGTH,
            hash, 0, Hash.LENGTH);
    }

    public Receipt receipt(final int index) {
        return new Receipt(transactionHash(index), header.height(), index,
            ReceiptStatus.values()[statuses[index]], fees[index]);
    }

    public List<Receipt> receipts() {
        final List<Receipt> out = new ArrayList<>(transactionCount());
        for (int i = 0; i < transactionCount(); i++) {
            out.add(receipt(i));
        }
        return out;
    }

    /** The transaction at {@code index}, decoded from the body. */
    public Transaction transaction(final int index) {
        final UnsafeBuffer b = new UnsafeBuffer(body);
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += Integer.BYTES + b.getInt(offset, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        final int length = b.getInt(offset, java.nio.ByteOrder.LITTLE_ENDIAN);
        return Transaction.decode(b, offset + Integer.BYTES, length, CodecLimits.DEFAULT);
    }

    /** The whole block, decoded and checked (transactions root against the body). */
    public Block toBlock(final CodecLimits limits) {
        final byte[] encoded = new byte[BlockHeader.LENGTH + body.length];
        header.write(new UnsafeBuffer(encoded), 0);
        System.arraycopy(body, 0, encoded, BlockHeader.LENGTH, body.length);
        return Block.decode(encoded, limits);
    }
}
