package io.kairos.engine.sequencer;

import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.SupplyInvariantViolation;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.engine.state.snapshot.SnapshotError;
import io.kairos.engine.state.snapshot.SnapshotException;
import io.kairos.engine.state.snapshot.SnapshotStore;
import io.kairos.engine.state.snapshot.StateSnapshot;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the state a node starts from: the newest snapshot that proves itself, then a replay of
 * the block store after it (see {@link Replayer}, which checks every replayed state root).
 *
 * <p>A snapshot is used only if all of these hold, newest first; any that fails is skipped, with
 * the reason kept in {@link Result#skipped()}, and the next older one is tried, down to the genesis:
 * <ol>
 *   <li>it reads back whole: format, lengths, order and CRC ({@link SnapshotError#CORRUPT});</li>
 *   <li>it descends from this genesis ({@link SnapshotError#WRONG_GENESIS});</li>
 *   <li>the block store holds a block (or its base header) at its height with the same hash, i.e. it describes this
 *       journal and not blocks a cut tail no longer holds ({@link SnapshotError#NOT_ON_CHAIN});</li>
 *   <li>its accounts hash to the state root in that block's header
 *       ({@link SnapshotError#STATE_ROOT_MISMATCH}); the supply rule is checked by the executor.</li>
 * </ol>
 * Skipping costs only replay time: the journal is the source of truth.
 *
 * <p>Runs on the thread that will own the state, before the sequencer starts.
 */
public final class StateRecovery {
    /**
     * What recovery loaded and replayed.
     *
     * @param snapshotHeight height of the snapshot loaded, 0 if recovery started from the genesis
     * @param skipped        one line per snapshot passed over, newest first, each saying why
     * @param loadNanos      time to read and prove the snapshot (0 without one)
     * @param replayNanos    time to replay the blocks after it
     */
    public record Result(LedgerState state, BlockExecutor executor, StateTree tree, Replayer.Result replay,
                         long snapshotHeight, List<String> skipped, long loadNanos, long replayNanos) {
        public Result {
            skipped = List.copyOf(skipped);
        }

        /** Blocks re-executed from the block store. */
        public long replayedBlocks() {
            return replay.height() - snapshotHeight;
        }

        /** One line for operators: what was loaded, what was replayed, how long each took. */
        public String describe() {
            final StringBuilder s = new StringBuilder();
            if (snapshotHeight > 0) {
                s.append(String.format("loaded snapshot at height %d (%d accounts) in %.2f s; ", snapshotHeight,
                    state.accountCount(), loadNanos / 1e9));
            } else {
                s.append("no usable snapshot, started from the genesis; ");
            }
            s.append(String.format("replayed %d blocks (%d transactions) in %.2f s to height %d; every state root "
                + "checked", replayedBlocks(), replay.transactions(), replayNanos / 1e9, replay.height()));
            for (final String skip : skipped) {
                s.append(System.lineSeparator()).append("  skipped ").append(skip);
            }
            return s.toString();
        }
    }

    private StateRecovery() {
    }

    /**
     * Recovers the state for {@code store}'s chain.
     *
     * @param snapshots where to look for snapshots; {@code null} to replay from the genesis
     * @throws ReplayException if the block store itself does not replay (that is never skipped)
     */
    public static Result recover(final Genesis genesis, final BlockStore store, final SnapshotStore snapshots,
                                 final long hashSeed, final CodecLimits limits, final NanoClock clock) {
        final List<String> skipped = new ArrayList<>();
        final long loadStart = clock.nanoTime();
        final Loaded loaded = snapshots == null ? null : newestUsable(genesis, store, snapshots, hashSeed, skipped);
        final long loadNanos = loaded == null ? 0 : clock.nanoTime() - loadStart;
        if (store.baseHeight() > 0 && (loaded == null || loaded.snapshot.height() < store.baseHeight())) {
            throw new ReplayException(ReplayError.MISSING_BLOCK, store.baseHeight() + 1, "the block store starts after"
                + " height " + store.baseHeight() + " (it was begun from a snapshot by state sync) and no usable snapshot"
                + " at or above that height is left" + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")
                + ": move the data directory aside and let the node state-sync again");
        }

        final LedgerState state;
        final BlockExecutor executor;
        final StateTree tree;
        final long from;
        final Hash parent;
        final long parentTimestamp;
        if (loaded == null) {
            state = LedgerState.fromGenesis(genesis, hashSeed);
            executor = new BlockExecutor(genesis, state);
            tree = StateTree.fromAccounts(state.accountsSorted());
            from = 0;
            parent = genesis.hash();
            parentTimestamp = genesis.genesisTimeMillis();
        } else {
            state = loaded.state;
            executor = loaded.executor;
            tree = loaded.tree;
            from = loaded.snapshot.height();
            parent = loaded.snapshot.blockHash();
            parentTimestamp = loaded.snapshot.timestampMillis();
        }
        final long replayStart = clock.nanoTime();
        final Replayer.Result replay = Replayer.replay(genesis, store, executor, tree, from, parent, parentTimestamp,
            limits);
        return new Result(state, executor, tree, replay, from, skipped, loadNanos, clock.nanoTime() - replayStart);
    }

    private record Loaded(StateSnapshot snapshot, LedgerState state, BlockExecutor executor, StateTree tree) {
    }

    private static Loaded newestUsable(final Genesis genesis, final BlockStore store, final SnapshotStore snapshots,
                                       final long hashSeed, final List<String> skipped) {
        final long top = store.height();
        for (final long height : snapshots.heights()) {
            try {
                return prove(genesis, store, snapshots, height, top, hashSeed);
            } catch (final SnapshotException e) {
                skipped.add("snapshot at height " + height + " in " + snapshots.describe() + ": " + e.code() + ": "
                    + e.getMessage());
            }
        }
        return null;
    }

    private static Loaded prove(final Genesis genesis, final BlockStore store, final SnapshotStore snapshots,
                                final long height, final long top, final long hashSeed) {
        if (height > top) {
            throw new SnapshotException(SnapshotError.NOT_ON_CHAIN, "the journal ends at height " + top
                + ", below the snapshot (its tail was cut or lost)");
        }
        final StateSnapshot snapshot = snapshots.load(height);
        if (!snapshot.genesisHash().equals(genesis.hash())) {
            throw new SnapshotException(SnapshotError.WRONG_GENESIS, "taken on genesis " + snapshot.genesisHash()
                + ", this chain's genesis is " + genesis.hash());
        }
        final BlockHeader header = store.header(height);
        if (header == null || !header.hash().equals(snapshot.blockHash())) {
            throw new SnapshotException(SnapshotError.NOT_ON_CHAIN, "taken after block " + snapshot.blockHash()
                + " but the journal's block at that height is " + (header == null ? "missing" : header.hash()));
        }
        final StateTree tree = StateTree.fromAccounts(snapshot.accounts());
        if (!tree.root().equals(snapshot.stateRoot()) || !tree.root().equals(header.stateRoot())) {
            throw new SnapshotException(SnapshotError.STATE_ROOT_MISMATCH, "its accounts hash to " + tree.root()
                + ", the snapshot claims " + snapshot.stateRoot() + " and block " + height + " commits to "
                + header.stateRoot());
        }
        final LedgerState state = snapshot.toState(hashSeed, snapshot.accountCount());
        final BlockExecutor executor;
        try {
            executor = new BlockExecutor(genesis, state, height);
        } catch (final SupplyInvariantViolation e) {
            throw new SnapshotException(SnapshotError.CORRUPT, "its supply breaks the supply rule: " + e.getMessage());
        }
        return new Loaded(snapshot, state, executor, tree);
    }
}
