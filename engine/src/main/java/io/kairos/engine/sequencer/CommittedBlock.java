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
