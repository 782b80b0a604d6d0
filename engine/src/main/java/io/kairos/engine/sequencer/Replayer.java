package io.kairos.engine.sequencer;

import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import org.agrona.concurrent.UnsafeBuffer;


/**
 * Rebuilds the ledger state from the genesis by re-executing every block of a {@link BlockStore}
 * (the journal, after a restart), and proves the result: every block must follow its parent, every
 * stored transaction must hash to its stored hash, every re-executed outcome must equal the stored
 * receipt, and the account tree's root after each block must equal the one in its header. Any
 * difference stops the replay with a {@link ReplayException} naming the height: a node never starts
 * on a state it cannot prove.
 *
 * <p>Runs on the thread that will own the state, before the sequencer starts. Not thread-safe.
 */
public final class Replayer {
    /** What was replayed. */
    public record Result(long height, Hash lastBlockHash, long lastTimestampMillis, long transactions) {
    }

    private Replayer() {
    }

    /** Replays blocks 1 to {@code store.height()} onto {@code executor}, which must hold the genesis state. */
    public static Result replay(final Genesis genesis, final BlockStore store, final BlockExecutor executor,
                                final CodecLimits limits) {
        final StateTree tree = StateTree.fromAccounts(executor.state().accountsSorted());
        return replay(genesis, store, executor, tree, 0, genesis.hash(), genesis.genesisTimeMillis(), limits);
    }

    /**
     * Replays blocks {@code fromHeight + 1} to {@code store.height()} onto {@code executor}, whose
     * state (and {@code tree}, which must commit to the same accounts) is the state after block
     * {@code fromHeight}, whose hash is {@code parent} and timestamp {@code parentTimestamp}: the
     * state loaded from a snapshot, or the genesis for {@code fromHeight} 0. {@code tree} ends at the
     * replayed state.
     */
    public static Result replay(final Genesis genesis, final BlockStore store, final BlockExecutor executor,
                                final StateTree tree, final long fromHeight, final Hash parent,
                                final long parentTimestamp, final CodecLimits limits) {
        final LedgerState state = executor.state();
        final BlockAssembly assembly = new BlockAssembly(genesis.maxBlockTransactions(), genesis.maxBlockBytes(),
            limits);
        Hash lastHash = parent;
        long lastTimestamp = parentTimestamp;
        long transactions = 0;
        final long top = store.height();
        for (long h = fromHeight + 1; h <= top; h++) {
            final CommittedBlock block = store.block(h);
            if (block == null) {
                throw new ReplayException(ReplayError.MISSING_BLOCK, h, "the block store has no block at this height");
            }
            final BlockHeader header = block.header();
            if (header.height() != h || header.chainId() != genesis.chainId() || !header.parentHash().equals(lastHash)) {
                throw new ReplayException(ReplayError.BROKEN_CHAIN, h, "expected chain " + genesis.chainId()
                    + " and parent " + lastHash + ", found chain " + header.chainId() + ", height " + header.height()
                    + " and parent " + header.parentHash());
            }
            final int n = block.transactionCount();
            final UnsafeBuffer proposer = new UnsafeBuffer(header.proposer().toByteArray());
            assembly.load(block);
            assembly.execute(executor, h, proposer, 0);
            for (int i = 0; i < n; i++) {
                final ReceiptStatus status = executor.receipts().status(i);
                if (status.ordinal() != block.statusCode(i)) {
                    throw new ReplayException(ReplayError.RECEIPT_MISMATCH, h, "transaction " + i + " re-executes to "
                        + status + " but its receipt says " + ReceiptStatus.values()[block.statusCode(i)]);
                }
            }
            final Hash root = assembly.commitTouched(tree, state, proposer);
            if (!root.equals(header.stateRoot())) {
                throw new ReplayException(ReplayError.STATE_ROOT_MISMATCH, h, "re-executed state has root " + root
                    + " but the header commits to " + header.stateRoot());
            }
            lastHash = block.hash();
            lastTimestamp = header.timestampMillis();
            transactions += n;
        }
        return new Result(top, lastHash, lastTimestamp, transactions);
    }
}
