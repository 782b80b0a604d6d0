package io.kairos.engine.consensus;

/**
 * Where block timestamps come from: the epoch milliseconds at the moment the driver's monotonic
 * clock read {@code nowNs} (the {@code nowNs} of the call that makes the core propose). Called only
 * on the consensus thread, when the replica builds a fresh block. A node reads its wall clock here
 * (the driver's epoch clock, not derived from nowNs); a simulator or test derives it from its simulated
 * clock ({@link #fromMonotonic}), which keeps a run deterministic. The core never stamps a block
 * earlier than its parent: a value below the parent's timestamp is raised to it.
 */
@FunctionalInterface
public interface BlockClock {
    long epochMillis(long nowNs);

    /**
     * A pure clock that reads {@code originMillis} when the monotonic clock reads 0 and advances with
     * it: for simulations ({@code genesis time + simulated milliseconds}) and tests.
     */
    static BlockClock fromMonotonic(final long originMillis) {
        return nowNs -> originMillis + Math.floorDiv(nowNs, 1_000_000L);
    }
}
