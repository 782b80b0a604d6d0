package io.kairos.engine.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-stage counts of failures the pipeline absorbed instead of dying: exceptions from decoding,
 * from a verifier, from the sink. Incremented only on failure, so the cost is off the hot path.
 * Thread-safe.
 */
final class ErrorCounters {
    private final AtomicLongArray counts = new AtomicLongArray(PipelineStage.values().length);

    void increment(final PipelineStage stage) {
        counts.incrementAndGet(stage.ordinal());
    }

    long get(final PipelineStage stage) {
        return counts.get(stage.ordinal());
    }

    long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }
}
