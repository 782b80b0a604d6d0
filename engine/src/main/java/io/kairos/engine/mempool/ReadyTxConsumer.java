package io.kairos.engine.mempool;

import org.agrona.DirectBuffer;

/**
 * Receives ready transactions from {@link Mempool#drainReady}, best fee first. The buffers belong to
 * the pool and are valid only during the call: copy what you keep. Called on the pool's thread; it
 * must not call back into the pool's mutating methods.
 */
@FunctionalInterface
public interface ReadyTxConsumer {
    /**
     * @return {@code true} if the transaction was taken into the block; {@code false} to skip it,
     * which also skips the sender's later transactions for the rest of this drain (they depend on it)
     */
    boolean accept(DirectBuffer tx, int offset, int length, DirectBuffer hash, int hashOffset);
}
