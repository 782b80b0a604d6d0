package io.kairos.engine.execution;

import io.kairos.engine.core.Hash;
import org.agrona.DirectBuffer;

/**
 * The receipts of the block being (or last) executed, as parallel arrays sized once for the largest
 * block, so that recording a receipt allocates nothing. {@link BlockExecutor} owns and refills it
 * for every block; readers on the execution thread copy out what they need (or make
 * {@link Receipt}s with {@link #receipt(int)}) before the next block begins.
 *
 * <p>Threading: owned by the execution thread, like the executor.
 */
public final class ReceiptBuffer {
    private final int capacity;
    private final byte[] hashes;
    private final byte[] statuses;
    private final long[] fees;
    private long height;
    private int count;

    ReceiptBuffer(final int capacity) {
        this.capacity = capacity;
        this.hashes = new byte[capacity * Hash.LENGTH];
        this.statuses = new byte[capacity];
        this.fees = new long[capacity];
    }

    void reset(final long blockHeight) {
        height = blockHeight;
        count = 0;
    }

    void add(final DirectBuffer hashBuffer, final int hashOffset, final ReceiptStatus status, final long fee) {
        final int i = count;
        hashBuffer.getBytes(hashOffset, hashes, i * Hash.LENGTH, Hash.LENGTH);
        statuses[i] = (byte) status.ordinal();
        fees[i] = fee;
        count = i + 1;
    }

    /** The most receipts one block can have. */
    public int capacity() {
        return capacity;
    }

    /** Receipts recorded for the current block so far. */
    public int count() {
        return count;
    }

    public long blockHeight() {
        return height;
    }

    public ReceiptStatus status(final int index) {
        return ReceiptStatus.ofOrdinal(statuses[checkIndex(index)]);
    }

    public long feeCharged(final int index) {
        return fees[checkIndex(index)];
    }

    /** Copies the 32-byte hash of transaction {@code index} into {@code dst[dstOffset]}. */
    public void copyTxHash(final int index, final byte[] dst, final int dstOffset) {
        System.arraycopy(hashes, checkIndex(index) * Hash.LENGTH, dst, dstOffset, Hash.LENGTH);
    }

    /** Receipt {@code index} as an immutable value; allocates, so it is for the API layer. */
    public Receipt receipt(final int index) {
        final byte[] hash = new byte[Hash.LENGTH];
        copyTxHash(index, hash, 0);
        return new Receipt(Hash.of(hash), height, index, status(index), fees[index]);
    }

    private int checkIndex(final int index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("receipt " + index + " of a block with " + count + " receipts");
        }
        return index;
    }
}
