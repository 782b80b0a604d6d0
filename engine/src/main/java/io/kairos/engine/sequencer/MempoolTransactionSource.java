package io.kairos.engine.sequencer;

import io.kairos.engine.consensus.AdaptiveBatching;
import io.kairos.engine.consensus.TransactionSource;
import io.kairos.engine.mempool.Mempool;
import io.kairos.engine.mempool.ReadyTxConsumer;
import io.kairos.engine.state.AccountView;

/**
 * The mempool as consensus's source of transactions: a leader drains the ready transactions, best
 * fee first, and proposes when {@link AdaptiveBatching} says a block should be cut (a lone
 * transaction at light load at once; under heavy load when the target interval has passed).
 * {@link Sequencer} tells it, before each call into consensus, what the ingress just delivered and
 * the time. Draining does not remove anything: transactions leave the pool when their block commits.
 *
 * <p>Single-threaded: the sequencer thread.
 */
public final class MempoolTransactionSource implements TransactionSource {
    private final Mempool mempool;
    private final AdaptiveBatching batching;
    private int lastBatch;
    private long nowMillis;
    private long lastCutMillis;

    public MempoolTransactionSource(final Mempool mempool, final AdaptiveBatching batching) {
        this.mempool = mempool;
        this.batching = batching;
    }

    /** What the ingress delivered since the last look, and the time now (epoch milliseconds). */
    void observe(final int lastIngressBatch, final long now) {
        this.lastBatch = lastIngressBatch;
        this.nowMillis = now;
    }

    @Override
    public void fill(final ReadyTxConsumer consumer, final AccountView state, final int maxTransactions,
                     final long maxBytes) {
        lastCutMillis = nowMillis;
        mempool.drainReady(Math.min(maxTransactions, batching.maxTransactions()),
            Math.min(maxBytes, batching.maxBytes()), consumer);
    }

    @Override
    public boolean ready() {
        return mempool.hasReady()
            && batching.shouldCut(mempool.size(), mempool.bytes(), lastBatch, nowMillis, lastCutMillis);
    }
}
