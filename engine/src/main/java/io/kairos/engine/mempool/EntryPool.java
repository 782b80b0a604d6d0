package io.kairos.engine.mempool;

/**
 * Recycles {@link PooledTx} entries together with their byte arrays. Arrays come in power-of-two
 * size classes from 256 bytes, so an entry in use wastes at most half its array, and a transaction
 * takes a free entry of exactly its class: in steady state nothing is allocated. Free arrays are
 * kept only up to a byte budget; beyond it a released entry drops its array (and only the small
 * entry object is kept), which bounds the memory a burst of large transactions can leave behind.
 * Confined to the pool's thread.
 */
final class EntryPool {
    private static final int MIN_SHIFT = 8;

    private final PooledTx[] freeByClass;
    private PooledTx freeBare;
    private final long retainBudget;
    private long retainedBytes;

    EntryPool(final int maxTxBytes, final long retainBudget) {
        this.freeByClass = new PooledTx[sizeClass(maxTxBytes) + 1];
        this.retainBudget = retainBudget;
    }

    static int sizeClass(final int length) {
        if (length <= 1 << MIN_SHIFT) {
            return 0;
        }
        return 32 - Integer.numberOfLeadingZeros(length - 1) - MIN_SHIFT;
    }

    /** An entry whose array holds at least {@code length} bytes; {@code length} is at most maxTxBytes. */
    PooledTx acquire(final int length) {
        final int c = sizeClass(length);
        PooledTx e = freeByClass[c];
        if (e != null) {
            freeByClass[c] = e.next;
            e.next = null;
            retainedBytes -= e.data.length;
            return e;
        }
        e = freeBare;
        if (e != null) {
            freeBare = e.next;
            e.next = null;
        } else {
            e = new PooledTx();
        }
        e.data = new byte[1 << (c + MIN_SHIFT)];
        e.buffer.wrap(e.data);
        return e;
    }

    void release(final PooledTx e) {
        e.clear();
        final int capacity = e.data.length;
        if (retainedBytes + capacity <= retainBudget) {
            final int c = sizeClass(capacity);
            e.next = freeByClass[c];
            freeByClass[c] = e;
            retainedBytes += capacity;
        } else {
            e.data = null;
            e.buffer.wrap(PooledTx.NO_BYTES);
            e.next = freeBare;
            freeBare = e;
        }
    }

    long retainedBytes() {
        return retainedBytes;
    }
}
