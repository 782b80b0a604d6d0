package io.kairos.engine.consensus;

import io.kairos.engine.mempool.ReadyTxConsumer;
import io.kairos.engine.state.AccountView;

/**
 * Where a leader takes the transactions of a block it proposes: the node's mempool
 * ({@code mempool.drainReady}), or the simulator's fixed pool. Offers ready transactions, best first,
 * to {@code consumer} until it declines or the limits are reached; {@code state} is the committed
 * state the block builds on (for nonces). Called on the consensus thread.
 */
@FunctionalInterface
public interface TransactionSource {
    void fill(ReadyTxConsumer consumer, AccountView state, int maxTransactions, long maxBytes);

    /**
     * Whether a block should be proposed now rather than wait for more transactions (see
     * {@link ConsensusConfig#emptyBlockIntervalNs()}). Asked by a round-0 leader when its round starts
     * and at every {@link ConsensusCore#onTick}; the default, always, proposes at once.
     */
    default boolean ready() {
        return true;
    }

    /** Offers nothing: blocks stay empty. */
    TransactionSource EMPTY = (consumer, state, maxTransactions, maxBytes) -> { };
}
