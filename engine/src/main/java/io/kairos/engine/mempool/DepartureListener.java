package io.kairos.engine.mempool;

import org.agrona.DirectBuffer;

/**
 * Told when a pooled transaction leaves without being included: {@link RejectReason#REPLACED},
 * {@link RejectReason#EVICTED}, {@link RejectReason#EXPIRED} or {@link RejectReason#STALE}. The hash
 * buffer is valid only during the call. Called on the pool's thread; it must not call back into the
 * pool's mutating methods (read-only queries such as {@link Mempool#contains} are fine, and already
 * answer {@code false} for the departing transaction).
 */
@FunctionalInterface
public interface DepartureListener {
    void departed(DirectBuffer hash, int hashOffset, RejectReason reason);
}
