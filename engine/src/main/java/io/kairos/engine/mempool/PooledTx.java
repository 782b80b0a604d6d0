package io.kairos.engine.mempool;

import io.kairos.engine.core.Hash;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pooled transaction: its bytes, hash, priority fields and the links of the lists it sits in.
 * Instances are recycled by {@link EntryPool}; the byte array is kept across uses so that a pool
 * that has warmed up copies transactions without allocating. Confined to the pool's thread.
 */
final class PooledTx {
    static final byte[] NO_BYTES = new byte[0];

    final UnsafeBuffer buffer = new UnsafeBuffer(NO_BYTES);
    byte[] data;
    int length;

    final byte[] hash = new byte[Hash.LENGTH];
    final UnsafeBuffer hashBuffer = new UnsafeBuffer(hash);
    long hashKey;
    long slotKey;

    long nonce;
    long fee;
    /** Amount plus fee: what the sender must be able to pay. */
    long cost;
    /** Admission order; breaks fee ties so that every decision is deterministic. */
    long seq;
    long arrivalMillis;

    SenderQueue sender;
    boolean ready;
    /** Neighbours in the sender's nonce-ordered list. */
    PooledTx prev;
    PooledTx next;
    /** Neighbours in the pool-wide arrival-ordered list used for expiry. */
    PooledTx older;
    PooledTx newer;

    void clear() {
        sender = null;
        prev = null;
        next = null;
        older = null;
        newer = null;
        ready = false;
        length = 0;
    }
}
