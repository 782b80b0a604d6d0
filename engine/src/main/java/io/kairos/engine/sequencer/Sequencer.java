package io.kairos.engine.sequencer;

import io.kairos.engine.consensus.ConsensusCore;
import io.kairos.engine.consensus.ConsensusError;
import io.kairos.engine.consensus.ConsensusOutbox;
import io.kairos.engine.consensus.ConsensusOutput;
import io.kairos.engine.consensus.LedgerExecution;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.Mempool;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.pipeline.EventKind;
import io.kairos.engine.pipeline.IngressEvent;
import io.kairos.engine.pipeline.IngressSink;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.engine.state.snapshot.Snapshotter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The single thread that owns the ledger: it admits verified transactions to the mempool, drives
 * consensus ({@link ConsensusCore}), which proposes, executes, votes on and commits blocks, and then
 * makes the committed blocks durable, acknowledges them and tells the pool. It is the ingress
 * pipeline's sink, so everything here runs on the pipeline's admission thread, and queries and
 * consensus messages reach it as control events in the same ring: no locks, one writer.
 *
 * <pre>
 *   ingress ring ─► decode ─► verify x k ─► [Sequencer]
 *                                             │ admit ─► Mempool
 *                                             │ end of batch / tick / peer message:
 *                                             ▼
 *                               ConsensusCore.onTick / onMessage
 *                                 leader: drain ready (fee order, when AdaptiveBatching says cut)
 *                                         ─► LedgerExecution (execute, state root) ─► propose
 *                                 all:    validate, vote (safety record first), 2f+1 precommits
 *                                         ─► BlockStore.append
 *                                             ▼
 *                         BlockStore.flush ─► acknowledge ─► Mempool.onBlockCommitted ─► snapshot
 *                                          ─► ConsensusOutbox (votes, proposals) to the peers
 * </pre>
 *
 * <p>A single validator is the n = 1 case: its own proposal, prevote and precommit form a quorum, so
 * a block is decided in the same call that proposes it. With more validators the votes arrive as
 * {@link #CONTROL_CONSENSUS_MESSAGE} events from the transport.
 *
 * <p>Block heights start at 1; block 1's parent hash is the genesis hash. Timestamps come from the
 * consensus core's {@link io.kairos.engine.consensus.BlockClock} and never go backwards.
 */
public final class Sequencer implements IngressSink {
    /** Control code of a query: the event's attachment is a {@code Consumer<Sequencer>} run here. */
    public static final int CONTROL_QUERY = 1;
    /** Control code of a consensus message from a peer: the attachment is its {@code byte[]}. */
    public static final int CONTROL_CONSENSUS_MESSAGE = 2;

    private final ConsensusCore core;
    private final LedgerExecution ledger;
    private final MempoolTransactionSource source;
    private final ConsensusOutbox outbox;
    private final Mempool mempool;
    private final BlockStore store;
    private final EpochClock clock;
    private final NanoClock nanoClock;
    private final SequencerListener listener;
    private final long expiryPeriodMillis;

    private final TransactionView view;
    private final byte[] hashScratch = new byte[Hash.LENGTH];
    private final Snapshotter snapshotter;
    private final BlockAssembly catchUp;
    private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[0]);

    private boolean started;
    private long wakeAtNs = Long.MIN_VALUE;
    private long height;
    private long lastExpiryMillis;
    private int batchEvents;
    private int eventsSinceTick;
    private long blocksProduced;
    private long evidenceSeen;
    private Throwable haltCause;
    private static final ConsensusError[] REFUSAL_CODES = ConsensusError.values();
    /** Written only here, after each call into the core; read by any thread. */
    private volatile ConsensusStatus consensusStatus = ConsensusStatus.NOT_STARTED;
    /** Blocks appended but not yet acknowledged: released after the store's flush (see releaseCommitted). */
    private final ArrayList<CommittedBlock> unacknowledged = new ArrayList<>();

    /**
     * @param core        consensus over {@code ledger}, built with {@code source} as its transaction source
     * @param source      the pool as the core's transaction source
     * @param snapshotter takes snapshots after committed blocks; {@code null} for none
     * @param outbox      where consensus messages go; {@link ConsensusOutbox#NONE} for a single validator
     */
    public Sequencer(final ConsensusCore core, final MempoolTransactionSource source, final Mempool mempool,
                     final EpochClock clock, final NanoClock nanoClock, final SequencerListener listener,
                     final CodecLimits limits, final long expiryPeriodMillis, final Snapshotter snapshotter,
                     final ConsensusOutbox outbox) {
        this.core = core;
        this.ledger = core.ledger();
        this.source = source;
        this.outbox = outbox;
        this.mempool = mempool;
        this.store = ledger.store();
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.expiryPeriodMillis = expiryPeriodMillis;
        this.view = new TransactionView(limits);
        this.snapshotter = snapshotter;
        this.catchUp = new BlockAssembly(ledger.genesis().maxBlockTransactions(), ledger.genesis().maxBlockBytes(),
            limits);
        this.height = ledger.height();
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
        } else if (event.code() == CONTROL_CONSENSUS_MESSAGE && event.attachment() instanceof byte[] message) {
            onConsensusMessage(message);
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
        source.observe(lastBatch, now);
        try {
            final long nowNs = nanoClock.nanoTime();
            if (!started) {
                started = true;
                act(core.start(nowNs));
            } else if (nowNs >= wakeAtNs || source.ready()) {
                // One block per look: what arrives while it commits is admitted before the next is cut,
                // so blocks grow with the time a commit takes.
                act(core.onTick(nowNs));
            }
        } catch (final Throwable t) {
            halt(t);
        }
    }

    private void onConsensusMessage(final byte[] message) {
        batchEvents++;
        if (haltCause != null || !started) {
            return;
        }
        try {
            act(core.onMessage(message, nanoClock.nanoTime()));
        } catch (final Throwable t) {
            halt(t);
        }
    }

    /**
     * Half a block may be applied: nothing here may run again. The pipeline would count and carry
     * on, so the sequencer stops itself and says so.
     */
    private void halt(final Throwable t) {
        haltCause = t;
        unacknowledged.clear();
        listener.halted(t);
    }

    /** Carries out one consensus output in the order ConsensusOutput prescribes. */
    private void act(final ConsensusOutput out) {
        wakeAtNs = out.wakeAtNs();
        evidenceSeen += out.evidence().size();
        publishStatus();
        final List<ConsensusOutput.Commit> commits = out.commits();
        if (!commits.isEmpty() || !out.broadcasts().isEmpty() || !out.sends().isEmpty()) {
            // What was signed and recorded in this call becomes durable before anything leaves (the
            // safety record before the journal's flush, so the record is never behind the journal).
            core.syncStores();
        }
        for (int i = 0; i < commits.size(); i++) {
            final CommittedBlock block = commits.get(i).block();
            final boolean last = i == commits.size() - 1;
            onCommitted(block, last);
        }
        if (!commits.isEmpty()) {
            releaseCommitted();
            if (haltCause != null) {
                return;
            }
        }
        for (final byte[] m : out.broadcasts()) {
            outbox.broadcast(m);
        }
        for (final ConsensusOutput.Send send : out.sends()) {
            outbox.send(send.validator(), send.message());
        }
    }

    private void onCommitted(final CommittedBlock block, final boolean lastOfOutput) {
        final int count = block.transactionCount();
        final byte[] txHashes = new byte[count * Hash.LENGTH];
        block.copyTransactionHashes(txHashes, 0);
        hashes.wrap(txHashes);
        final DirectBuffer senders;
        if (lastOfOutput) {
            senders = ledger.committedSenders();
        } else {
            // Several blocks decided in one call (catching up): only the last is in the ledger's assembly.
            catchUp.load(block);
            senders = catchUp.senders();
        }
        // The ledger already shows the state after the last block of the output, which is what the
        // pool's re-check of the senders needs; earlier blocks only remove what they included.
        mempool.onBlockCommitted(hashes, 0, senders, 0, count);
        height = block.height();
        blocksProduced++;
        unacknowledged.add(block);
        if (snapshotter != null && lastOfOutput) {
            snapshotter.afterBlock(block.height(), block.hash(), block.header().timestampMillis(),
                block.header().stateRoot(), ledger.state());
        }
    }

    private void publishStatus() {
        long refused = 0;
        for (final ConsensusError e : REFUSAL_CODES) {
            refused += core.refusals(e);
        }
        consensusStatus = new ConsensusStatus(core.height(), core.round(), core.step(), core.roundsUsed(), refused,
            evidenceSeen, core.commits());
    }

    /** The consensus core as of the sequencer's last call into it; readable from any thread. */
    public ConsensusStatus consensusStatus() {
        return consensusStatus;
    }

    /** Why the sequencer stopped, or {@code null} while it runs. */
    public Throwable haltCause() {
        return haltCause;
    }

    // Reads for queries; call only from a query (the sequencer thread).

    /** The committed state. */
    public LedgerState state() {
        return ledger.state();
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

    /** Blocks this node committed since it started (its own proposals and, with peers, theirs). */
    public long blocksProduced() {
        return blocksProduced;
    }

    public BlockExecutor executor() {
        return ledger.executor();
    }

    /** The authenticated commitment over all accounts; its root is in every block header. */
    public StateTree stateTree() {
        return ledger.stateTree();
    }

    /** The consensus state machine this sequencer drives (round, step, evidence, refusals). */
    public ConsensusCore consensus() {
        return core;
    }

    /** Equivocation evidence seen so far (kept in {@link ConsensusCore#evidence()}). */
    public long evidenceSeen() {
        return evidenceSeen;
    }
}
