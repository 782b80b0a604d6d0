package io.kairos.engine.sequencer;

import io.kairos.engine.mempool.RejectReason;
import org.agrona.DirectBuffer;

/**
 * What the sequencer reports, on its own thread, in order. Implementations must return quickly and
 * must not throw: they run inside the sequencer's duty cycle.
 */
public interface SequencerListener {
    /** The submission {@code correlationId} entered the pool as the transaction with this hash. */
    void admitted(long correlationId, DirectBuffer hash, int hashOffset);

    /** The submission {@code correlationId} was refused. */
    void rejected(long correlationId, RejectReason reason);

    /** A pooled transaction left without being included (replaced, evicted, expired, stale). */
    void departed(DirectBuffer hash, int hashOffset, RejectReason reason);

    /** A block was executed and committed; its receipts are in it. */
    void committed(CommittedBlock block);

    /**
     * Producing a block failed (a broken supply invariant, a failed block store, a bug): the state may
     * hold half a block, so the sequencer has stopped for good. Every later submission is refused with
     * {@code SHUTDOWN}; the node must stop and recover from its journal.
     */
    void halted(Throwable cause);
}
