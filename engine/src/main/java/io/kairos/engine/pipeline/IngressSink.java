package io.kairos.engine.pipeline;

import io.kairos.engine.mempool.RejectReason;

/**
 * Where the ingress pipeline delivers: the engine implements it with the mempool and block
 * production. Every accepted submission reaches exactly one of {@link #onTransaction},
 * {@link #onRejected} or {@link #onControl}, exactly once, in ring order (so events from one producer
 * arrive in the order that producer submitted them). After the last event of each batch the pipeline
 * calls {@link #onEndOfBatch()}: the place to flush whatever the sink accumulates.
 *
 * <p>Threading: every method is called on the one admission thread, {@code kairos-admit}, never
 * concurrently, which is what lets the engine keep all state on one thread. An event may be read only
 * during the call that hands it over; copy what must outlive it. A method that throws is counted as an
 * {@link PipelineStage#ADMIT} error and the pipeline moves on: the event is not delivered again.
 * A method that blocks stalls the pipeline, and submitters then see {@link SubmitResult#BUSY}.
 */
public interface IngressSink {
    /**
     * A transaction that decoded, is for this chain and carries a valid signature; its sender, hash
     * and fixed fields are on the event. Stateful checks (nonce, balance, fee, duplicates) are the
     * sink's.
     */
    void onTransaction(IngressEvent event);

    /**
     * A transaction refused by a stateless check: {@link RejectReason#MALFORMED},
     * {@link RejectReason#OVERSIZED}, {@link RejectReason#WRONG_CHAIN_ID} or
     * {@link RejectReason#BAD_SIGNATURE}.
     */
    void onRejected(long correlationId, RejectReason reason);

    /** A {@link EventKind#TICK} or {@link EventKind#CONTROL} event, passed through untouched. */
    void onControl(IngressEvent event);

    /** The batch that the last delivered event closed is complete; flush here. */
    default void onEndOfBatch() {
    }
}
