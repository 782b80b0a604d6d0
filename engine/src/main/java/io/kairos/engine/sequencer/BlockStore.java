package io.kairos.engine.sequencer;

import io.kairos.engine.core.Hash;
import io.kairos.engine.ledger.BlockHeader;

/**
 * Where committed blocks go: the engine's port for the journal. The sequencer thread appends in
 * height order; reads may come from any thread. The in-memory implementation keeps recent blocks;
 * the journal adapter (Chronicle Queue) keeps them all on disk.
 */
public interface BlockStore {
    /** Appends the block at the next height. Sequencer thread only. */
    void append(CommittedBlock block);

    /** The block at {@code height}, or {@code null} if never committed or no longer retained. */
    CommittedBlock block(long height);

    /**
     * Where the transaction with {@code hash} was committed: {@code height << 32 | index}, or -1 if
     * unknown or no longer retained.
     */
    long locate(Hash hash);

    /**
     * The height of the committed block with hash {@code blockHash}, or -1 if unknown or no longer
     * retained. The default knows no block hashes.
     */
    default long blockHeight(final Hash blockHash) {
        return -1;
    }

    /** Height of the last appended block; 0 before the first (height 0 is the genesis). */
    long height();

    /**
     * The height this store starts after: 0 for a store that holds the chain from block 1, H for one
     * begun from a snapshot at H (state sync), which holds no block at or below H. The default is 0.
     */
    default long baseHeight() {
        return 0;
    }

    /**
     * The header at {@code height}: of the block held there, or, at {@link #baseHeight()}, the
     * certified header the store starts after; {@code null} otherwise. The default reads the block.
     */
    default BlockHeader header(final long height) {
        final CommittedBlock b = block(height);
        return b == null ? null : b.header();
    }

    /**
     * Makes what was appended durable as the store's policy requires. The sequencer calls it at the
     * end of every ingress batch (the Disruptor's flush point); sequencer thread only.
     */
    default void flush() {
    }
}
