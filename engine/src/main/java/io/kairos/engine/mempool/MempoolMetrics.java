package io.kairos.engine.mempool;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of a {@link Mempool}: transactions admitted and included, one counter per
 * {@link RejectReason} (refusals at admission and departures afterwards, the two sets do not
 * overlap), and the current count and bytes.
 *
 * <p>Written only by the pool's thread, with release stores and no allocation; any thread may read
 * it, each counter on its own ({@link #snapshot()} reads them one after the other, so a snapshot
 * taken while the pool works is not one atomic cut).
 */
public final class MempoolMetrics {
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final int ADMITTED = REASONS.length;
    private static final int INCLUDED = ADMITTED + 1;
    private static final int COUNT = ADMITTED + 2;
    private static final int BYTES = ADMITTED + 3;

    private final AtomicLongArray counters = new AtomicLongArray(REASONS.length + 4);

    MempoolMetrics() {
    }

    private void increment(final int index) {
        counters.setRelease(index, counters.getPlain(index) + 1);
    }

    void countAdmitted() {
        increment(ADMITTED);
    }

    void countIncluded() {
        increment(INCLUDED);
    }

    void countReason(final RejectReason reason) {
        increment(reason.ordinal());
    }

    void occupancy(final int count, final long bytes) {
        counters.setRelease(COUNT, count);
        counters.setRelease(BYTES, bytes);
    }

    /** Transactions accepted by {@link Mempool#admit}, replacements included. */
    public long admitted() {
        return counters.getAcquire(ADMITTED);
    }

    /** Transactions removed by {@link Mempool#onBlockCommitted} because a block included them. */
    public long included() {
        return counters.getAcquire(INCLUDED);
    }

    /** How many transactions were refused, or left the pool, for {@code reason}. */
    public long count(final RejectReason reason) {
        return counters.getAcquire(reason.ordinal());
    }

    /** Transactions in the pool now. */
    public long size() {
        return counters.getAcquire(COUNT);
    }

    /** Summed encoded size of the transactions in the pool now. */
    public long bytes() {
        return counters.getAcquire(BYTES);
    }

    /** A copy of every counter; allocates, meant for reporting. */
    public Snapshot snapshot() {
        final EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        for (final RejectReason r : REASONS) {
            byReason.put(r, count(r));
        }
        return new Snapshot(admitted(), included(), size(), bytes(), Collections.unmodifiableMap(byReason));
    }

    /**
     * The counters at one moment. {@code byReason} has an entry for every {@link RejectReason}.
     */
    public record Snapshot(long admitted, long included, long size, long bytes, Map<RejectReason, Long> byReason) {
        public long count(final RejectReason reason) {
            return byReason.get(reason);
        }
    }
}
