package io.kairos.node.devnet;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Commit latencies of a load run: recorded from any thread, read once a second for the status line
 * ({@link #interval()}) and at the end for the summary ({@link #total()}). Values above the ceiling
 * are recorded as the ceiling.
 */
final class LatencyLog {
    private final long ceilingNanos;
    private final Recorder recent;
    private final Histogram total;

    LatencyLog(final long ceilingNanos) {
        this.ceilingNanos = ceilingNanos;
        this.recent = new Recorder(ceilingNanos, 3);
        this.total = new Histogram(ceilingNanos, 3);
    }

    void record(final long nanos) {
        recent.recordValue(Math.min(nanos, ceilingNanos));
    }

    /** Latencies recorded since the last call; they are added to the run's total. */
    synchronized Histogram interval() {
        final Histogram h = recent.getIntervalHistogram();
        total.add(h);
        return h;
    }

    /** Every latency of the run so far (call {@link #interval()} first to include the latest). */
    synchronized Histogram total() {
        return total.copy();
    }
}
