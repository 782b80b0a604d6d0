package io.kairos.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import io.kairos.engine.mempool.RejectReason;

/**
 * Stage (3): the one handler behind every verifier, and the only code that calls the
 * {@link IngressSink}. Delivers each event exactly once, in ring order, and calls
 * {@link IngressSink#onEndOfBatch()} at the end of every Disruptor batch.
 *
 * <p>Fails closed: a transaction that carries no rejection but was never marked valid by a verifier
 * (which only a bug elsewhere could cause) is rejected as {@code MALFORMED} and counted, never
 * admitted. An exception from the sink is counted and the pipeline moves on.
 *
 * <p>Runs on {@code kairos-admit}; not thread-safe.
 */
final class AdmitStage implements EventHandler<IngressEvent> {
    private final IngressSink sink;
    private final ErrorCounters errors;

    AdmitStage(final IngressSink sink, final ErrorCounters errors) {
        this.sink = sink;
        this.errors = errors;
    }

    @Override
    public void onEvent(final IngressEvent event, final long sequence, final boolean endOfBatch) {
        try {
            deliver(event);
        } catch (final Throwable e) {
            errors.increment(PipelineStage.ADMIT);
        } finally {
            event.releaseAttachment();
        }
        if (endOfBatch) {
            try {
                sink.onEndOfBatch();
            } catch (final Throwable e) {
                errors.increment(PipelineStage.ADMIT);
            }
        }
    }

    private void deliver(final IngressEvent event) {
        if (event.cancelled()) {
            return;
        }
        switch (event.kind()) {
            case TRANSACTION -> {
                final RejectReason reason = event.rejectReason();
                if (reason != null) {
                    sink.onRejected(event.correlationId(), reason);
                } else if (event.signatureChecked() && event.signatureValid()) {
                    sink.onTransaction(event);
                } else {
                    errors.increment(PipelineStage.ADMIT);
                    sink.onRejected(event.correlationId(), RejectReason.MALFORMED);
                }
            }
            case TICK, CONTROL -> sink.onControl(event);
        }
    }
}
