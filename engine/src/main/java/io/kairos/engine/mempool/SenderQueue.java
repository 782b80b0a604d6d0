package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;

/**
 * The pooled transactions of one sender, in nonce order. The first {@code readyCount} of them are
 * ready: their nonces run without a gap from {@code baseNonce}, the sender's committed nonce. The
 * rest are future transactions waiting for a gap to close. Recycled by the pool; confined to the
 * pool's thread.
 */
final class SenderQueue {
    final byte[] address = new byte[Address.LENGTH];
    long addressKey;

    PooledTx first;
    PooledTx last;
    /** Last ready transaction, or null when none is ready. */
    PooledTx readyLast;
    int count;
    int readyCount;
    /** Sum of {@link PooledTx#cost} over the queue; never above the sender's balance once checked. */
    long totalCost;
    long baseNonce;

    /** The transaction that represents this sender in the ready heap; {@link #first} outside a drain. */
    PooledTx cursor;
    int readyHeapIndex = -1;
    int tailHeapIndex = -1;
    boolean touched;
    long mark;
    SenderQueue nextFree;

    long expectedNonce() {
        return baseNonce + readyCount;
    }

    void clear() {
        first = null;
        last = null;
        readyLast = null;
        cursor = null;
        count = 0;
        readyCount = 0;
        totalCost = 0;
        touched = false;
    }
}
