package io.kairos.engine.sequencer;

import io.kairos.engine.consensus.AdaptiveBatching;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptBuffer;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.MerkleTree;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.Mempool;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.pipeline.EventKind;
import io.kairos.engine.pipeline.IngressEvent;
import io.kairos.engine.pipeline.IngressSink;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.engine.state.snapshot.Snapshotter;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Consumer;

/**
 * The single thread that owns the ledger: it admits verified transactions to the mempool, decides
 * when to cut a block ({@link AdaptiveBatching}), executes it, commits it to the {@link BlockStore}
 * and tells the pool what was included. It is the ingress pipeline's sink, so everything here runs on
 * the pipeline's admission thread, and queries reach it as control events in the same ring: no
 * locks, one writer.
 *
 * <pre>
 *   ingress ring ─► decode ─► verify x k ─► [Sequencer]
 *                                             │ admit ─► Mempool
 *                                             │ end of batch / tick: AdaptiveBatching says cut?
 *                                             ▼
 *                         drain ready (fee order) ─► BlockExecutor ─► header + root ─► BlockStore
 *                                                                                   └► Mempool.onBlockCommitted
 * </pre>
 *
 * <p>This is the single-validator "consensus": the node proposes and commits its own blocks at once.
 * The BFT issues replace {@link #produceBlock} with propose, vote and commit on a quorum behind the
 * same split (cut, execute, commit).
 *
 * <p>Block heights start at 1; block 1's parent hash is the genesis hash. Timestamps come from the
 * clock passed in and never go backwards. Each header carries the root of the {@link StateTree} over
 * all accounts after the block (see docs/state-commitment.md), updated for the touched accounts only.
 */
public final class Sequencer implements IngressSink {
    /** Control code of a query: the event's attachment is a {@code Consumer<Sequencer>} run here. */
    public static final int CONTROL_QUERY = 1;

    private final Genesis genesis;
    private final Address proposer;
    private final UnsafeBuffer proposerBuffer;
    private final Mempool mempool;
    private final BlockExecutor executor;
    private final LedgerState state;
    private final BlockStore store;
    private final AdaptiveBatching batching;
    private final EpochClock clock;
    private final SequencerListener listener;
    private final long expiryPeriodMillis;

    private final TransactionView view;
    private final byte[] hashScratch = new byte[Hash.LENGTH];
    private final StateTree stateTree;
    private final Snapshotter snapshotter;
    private final BlockAssembly assembly;
    private final byte[] rootWork;
    private final byte[] root = new byte[Hash.LENGTH];
    private final int maxTransactions;

    private Hash parentHash;
    private long parentTimestamp;
    private long height;
    private long lastCutMillis;
    private long lastExpiryMillis;
    private int batchEvents;
    private int eventsSinceTick;
    private long blocksProduced;
    private Throwable haltCause;
    /** Blocks appended but not yet acknowledged: released after the store's flush (see releaseCommitted). */
    private final java.util.ArrayList<CommittedBlock> unacknowledged = new java.util.ArrayList<>();

    /**
     * @param stateTree   the commitment over exactly the executor's accounts (as recovery left it)
     * @param snapshotter takes snapshots after committed blocks; {@code null} for none
     */
    public Sequencer(final Genesis genesis, final Address proposer, final Mempool mempool,
                     final BlockExecutor executor, final BlockStore store, final AdaptiveBatching batching,
                     final EpochClock clock, final SequencerListener listener, final CodecLimits limits,
                     final long expiryPeriodMillis, final StateTree stateTree, final Snapshotter snapshotter) {
        this.genesis = genesis;
        this.proposer = proposer;
        this.proposerBuffer = new UnsafeBuffer(proposer.toByteArray());
        this.mempool = mempool;
        this.executor = executor;
        this.state = executor.state();
        this.store = store;
        this.batching = batching;
        this.clock = clock;
        this.listener = listener;
        this.expiryPeriodMillis = expiryPeriodMillis;
        this.view = new TransactionView(limits);
        this.maxTransactions = batching.maxTransactions();
        this.assembly = new BlockAssembly(maxTransactions, Math.toIntExact(batching.maxBytes()), limits);
        this.stateTree = stateTree;
        this.snapshotter = snapshotter;
        this.rootWork = new byte[Hash.LENGTH * maxTransactions];
        this.height = store.height();
        // After a restart the executor holds the replayed state (see Replayer); continue from the last block.
        final CommittedBlock last = height > 0 ? store.block(height) : null;
        this.parentHash = last == null ? genesis.hash() : last.hash();
        this.parentTimestamp = last == null ? genesis.genesisTimeMillis() : last.header().timestampMillis();
        mempool.departureListener(listener::departed);
    }

    @Override
    public void onTransaction(final IngressEvent event) {
        batchEvents++;
        if (haltCause != null) {
            listener.rejected(event.correlationId(), RejectReason.SHUTDOWN);
            return;
        }
        final RejectReason decoded = view.wrap(event.buffer(), event.transactionOffset(), event.transactionLength())
            == null ? null : RejectReason.MALFORMED;
        if (decoded != null) {
            listener.rejected(event.correlationId(), decoded);
            return;
        }
        event.copyHash(hashScratch, 0);
        final RejectReason reason = mempool.admit(view, hashScratch, event.senderBuffer(), 0, clock.time());
        if (reason == null) {
            listener.admitted(event.correlationId(), event.hashBuffer(), 0);
        } else {
            listener.rejected(event.correlationId(), reason);
        }
    }

    @Override
    public void onRejected(final long correlationId, final RejectReason reason) {
        batchEvents++;
        listener.rejected(correlationId, reason);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onControl(final IngressEvent event) {
        if (event.kind() == EventKind.TICK) {
            // A tick judges the load by what arrived since the previous tick: quiet means cut now,
            // busy means let the block grow to the interval.
            final int recent = eventsSinceTick;
            eventsSinceTick = 0;
            maybeCut(recent);
            releaseCommitted();
        } else if (event.code() == CONTROL_QUERY && event.attachment() instanceof Consumer<?> query) {
            ((Consumer<Sequencer>) query).accept(this);
        }
    }

    @Override
    public void onEndOfBatch() {
        final int events = batchEvents;
        batchEvents = 0;
        eventsSinceTick += events;
        maybeCut(events);
        releaseCommitted();
    }

    /**
     * Makes the appended blocks durable ({@link BlockStore#flush()}, a sync under the journal's batch
     * policy) and only then acknowledges them: no receipt leaves before its block is as durable as
     * the store's policy promises.
     */
    private void releaseCommitted() {
        if (haltCause != null) {
            return;
        }
        try {
            store.flush();
        } catch (final Throwable t) {
            haltCause = t;
            unacknowledged.clear();
            listener.halted(t);
            return;
        }
        for (int i = 0; i < unacknowledged.size(); i++) {
            listener.committed(unacknowledged.get(i));
        }
        unacknowledged.clear();
    }

    private void maybeCut(final int lastBatch) {
        if (haltCause != null) {
            return;
        }
        final long now = clock.time();
        if (now - lastExpiryMillis >= expiryPeriodMillis) {
            lastExpiryMillis = now;
            mempool.expire(now);
        }
        if (batching.shouldCut(mempool.size(), mempool.bytes(), lastBatch, now, lastCutMillis)) {
            try {
                produceBlock(now);
            } catch (final Throwable t) {
                // Half a block may be applied: nothing here may run again. The pipeline would count and
                // carry on, so the sequencer stops itself and says so.
                haltCause = t;
                listener.halted(t);
            }
        }
    }

    /** Why the sequencer stopped, or {@code null} while it runs. */
    public Throwable haltCause() {
        return haltCause;
    }

    /** Cuts, executes and commits one block from the pool's ready transactions; returns its size. */
    int produceBlock(final long now) {
        assembly.reset();
        mempool.drainReady(maxTransactions, batching.maxBytes(), assembly);
        final int count = assembly.count();
        lastCutMillis = now;
        if (count == 0) {
            return 0;
        }
        final long nextHeight = height + 1;
        final long timestamp = Math.max(now, parentTimestamp);
        assembly.execute(executor, nextHeight, proposerBuffer, 0);
        final Hash stateRoot = assembly.commitTouched(stateTree, state, proposerBuffer);
        final int offset = assembly.bodyLength();
        final UnsafeBuffer body = assembly.body();
        final UnsafeBuffer hashes = assembly.hashes();

        hashes.getBytes(0, rootWork, 0, count * Hash.LENGTH);
        MerkleTree.computeRoot(rootWork, count, root, 0);
        final BlockHeader header = new BlockHeader(genesis.chainId(), nextHeight, timestamp, parentHash, proposer,
            Hash.of(root), stateRoot, count, offset);
        final CommittedBlock block = new CommittedBlock(header, header.hash(), copy(body, offset),
            copy(hashes, count * Hash.LENGTH), statuses(executor.receipts(), count), fees(executor.receipts(), count));
        store.append(block);
        mempool.onBlockCommitted(hashes, 0, assembly.senders(), 0, count);

        height = nextHeight;
        parentHash = block.hash();
        parentTimestamp = timestamp;
        blocksProduced++;
        unacknowledged.add(block);
        if (snapshotter != null) {
            snapshotter.afterBlock(nextHeight, parentHash, timestamp, stateRoot, state);
        }
        return count;
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length) {
        final byte[] out = new byte[length];
        buffer.getBytes(0, out, 0, length);
        return out;
    }

    private static byte[] statuses(final ReceiptBuffer receipts, final int count) {
        final byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) receipts.status(i).ordinal();
        }
        return out;
    }

    private static long[] fees(final ReceiptBuffer receipts, final int count) {
        final long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = receipts.feeCharged(i);
        }
        return out;
    }

    // Reads for queries; call only from a query (the sequencer thread).

    public LedgerState state() {
        return state;
    }

    public Mempool mempool() {
        return mempool;
    }

    public BlockStore store() {
        return store;
    }

    public long height() {
        return height;
    }

    public long blocksProduced() {
        return blocksProduced;
    }

    public BlockExecutor executor() {
        return executor;
    }

    /** The authenticated commitment over all accounts; its root is in every block header. */
    public StateTree stateTree() {
        return stateTree;
    }
}
