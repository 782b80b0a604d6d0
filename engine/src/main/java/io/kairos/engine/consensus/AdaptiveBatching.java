package io.kairos.engine.consensus;

/**
 * When to cut the next block: a pure decision over counters and time passed in, so that it can be
 * tested by hand and replayed.
 *
 * <ul>
 *   <li><b>Full.</b> Ready transactions reach the block's count or byte limit: cut now.</li>
 *   <li><b>Light load.</b> The ingress batch just handled was small (at most
 *       {@code lightLoadBatch} events) and something is ready: cut now, so a lone transaction is
 *       committed without waiting for the interval (low latency).</li>
 *   <li><b>Heavy load.</b> Ingress batches are large: let the pool fill and cut when the target
 *       interval has passed since the last block, so blocks grow with the load (throughput).</li>
 * </ul>
 *
 * Stateless and thread-safe.
 *
 * @param maxTransactions block count limit
 * @param maxBytes        block byte limit (transaction bytes)
 * @param targetIntervalMillis the longest a ready transaction waits under heavy load
 * @param lightLoadBatch  an ingress batch of at most this many events counts as light load
 */
public record AdaptiveBatching(int maxTransactions, long maxBytes, long targetIntervalMillis, int lightLoadBatch) {
    public AdaptiveBatching {
        if (maxTransactions < 1 || maxBytes < 1 || targetIntervalMillis < 0 || lightLoadBatch < 0) {
            throw new IllegalArgumentException("block limits must be positive, the interval and the light-load "
                + "batch non-negative");
        }
    }

    /**
     * Whether to cut a block now.
     *
     * @param readyTransactions ready (executable) transactions in the pool
     * @param readyBytes        their encoded bytes
     * @param lastIngressBatch  events in the ingress batch just handled, or for a timer tick the events
     *                          since the previous tick
     * @param nowMillis         the time now
     * @param lastCutMillis     when the previous block was cut
     */
    public boolean shouldCut(final int readyTransactions, final long readyBytes, final int lastIngressBatch,
                             final long nowMillis, final long lastCutMillis) {
        if (readyTransactions <= 0) {
            return false;
        }
        if (readyTransactions >= maxTransactions || readyBytes >= maxBytes) {
            return true;
        }
        if (lastIngressBatch <= lightLoadBatch) {
            return true;
        }
        return nowMillis - lastCutMillis >= targetIntervalMillis;
    }
}
