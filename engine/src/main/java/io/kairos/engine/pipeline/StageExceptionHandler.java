package io.kairos.engine.pipeline;

import com.lmax.disruptor.ExceptionHandler;
import io.kairos.engine.mempool.RejectReason;

/**
 * The Disruptor's last line of defence for one stage: counts the failure, rejects the event as
 * {@code MALFORMED} if it is a transaction still in decode or verify, and lets the processor carry on.
 * It never logs and never rethrows, so one bad event cannot stop a stage. The stages catch their own
 * failures first; this handler only sees what slips past them.
 */
final class StageExceptionHandler implements ExceptionHandler<IngressEvent> {
    private final PipelineStage stage;
    private final ErrorCounters errors;

    StageExceptionHandler(final PipelineStage stage, final ErrorCounters errors) {
        this.stage = stage;
        this.errors = errors;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final IngressEvent event) {
        errors.increment(stage);
        if (event != null && stage != PipelineStage.ADMIT && event.kind() == EventKind.TRANSACTION) {
            event.reject(RejectReason.MALFORMED);
        }
    }

    @Override
    public void handleOnStartException(final Throwable ex) {
        errors.increment(stage);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex) {
        errors.increment(stage);
    }
}
