package io.kairos.engine.pipeline;

import io.kairos.engine.mempool.RejectReason;

/**
 * The immediate answer to a submission. {@link #ACCEPTED} means the event is in the ring and will
 * reach the {@link IngressSink} exactly once, even across {@link IngressPipeline#stop()}; every other
 * value means nothing was published and the caller still owns the outcome.
 */
public enum SubmitResult {
    /** Published; the sink will hear about it exactly once. */
    ACCEPTED(null),
    /** The ring had no free slot (within the wait bound, for the timed variants); retry later. */
    BUSY(RejectReason.BUSY),
    /** Longer than the configured transaction limit; refused before any copying. */
    OVERSIZED(RejectReason.OVERSIZED),
    /** The pipeline is stopping or stopped. */
    SHUTDOWN(RejectReason.SHUTDOWN);

    private final RejectReason reason;

    SubmitResult(final RejectReason reason) {
        this.reason = reason;
    }

    public boolean accepted() {
        return this == ACCEPTED;
    }

    /** The stable refusal code for clients, or {@code null} for {@link #ACCEPTED}. */
    public RejectReason reason() {
        return reason;
    }
}
