package io.kairos.node.rpc;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.KairosEngine.CommittedTransaction;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.mempool.MempoolMetrics;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.ConsensusStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link RpcBackend} over one embedded {@link KairosEngine}: a single validator, which is always
 * synced and is the whole quorum, with no peers. Thread-safe; every call is non-blocking. State
 * queries run on the engine's sequencer and complete on its callback thread; because
 * {@link KairosEngine#query} may wait up to a second for room in a full ingress ring, they are
 * published from a virtual thread, never from the caller's (an event loop).
 */
public final class EngineRpcBackend implements RpcBackend {
    private final KairosEngine engine;
    private final long minFee;
    private final Executor publisher = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param minFee the engine's mempool minimum fee in units ({@code MempoolConfig.minFee()}), which
     *               the engine does not expose itself
     */
    public EngineRpcBackend(final KairosEngine engine, final long minFee) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.minFee = minFee;
    }

    @Override
    public Genesis genesis() {
        return engine.genesis();
    }

    @Override
    public long height() {
        return engine.height();
    }

    /** Publishes an engine query from a virtual thread and completes with its result. */
    private <T> CompletableFuture<T> offload(final Supplier<CompletableFuture<T>> query) {
        return CompletableFuture.supplyAsync(query, publisher).thenCompose(Function.identity());
    }

    @Override
    public CompletableFuture<Long> balance(final Address address) {
        return offload(() -> engine.balance(address));
    }

    @Override
    public CompletableFuture<Long> nonce(final Address address) {
        return offload(() -> engine.nonce(address));
    }

    @Override
    public CompletableFuture<Long> pendingNonce(final Address address) {
        final byte[] raw = address.toByteArray();
        return offload(() -> engine.query(s -> {
            final UnsafeBuffer buffer = new UnsafeBuffer(raw);
            return s.state().nonce(address) + s.mempool().senderReadyCount(buffer, 0);
        }));
    }

    /**
     * The engine reports admission only by failing the receipt future, so admission is learnt with a
     * barrier: an empty query published after the transaction runs on the sequencer after it, and
     * its result reaches the callback thread after any refusal of the transaction did. When the
     * barrier completes and the receipt future has not failed, the pool holds the transaction (or a
     * block already includes it).
     */
    @Override
    public Submission submit(final byte[] encoded) {
        final CompletableFuture<Receipt> committed = engine.submit(encoded);
        final CompletableFuture<Void> admitted = new CompletableFuture<>();
        if (committed.isDone()) {
            settle(committed, admitted);
            return new Submission(admitted, committed);
        }
        // Published after the transaction (submit returned), so the sequencer runs it after the transaction.
        offload(() -> engine.query(s -> Boolean.TRUE))
            .whenComplete((ok, barrierFailure) -> settle(committed, admitted));
        return new Submission(admitted, committed);
    }

    private static void settle(final CompletableFuture<Receipt> committed, final CompletableFuture<Void> admitted) {
        if (committed.isCompletedExceptionally()) {
            committed.whenComplete((r, e) -> admitted.completeExceptionally(unwrap(e)));
        } else {
            admitted.complete(null);
        }
    }

    private static Throwable unwrap(final Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public CompletableFuture<Optional<CommittedTransaction>> transaction(final Hash hash) {
        return engine.transaction(hash);
    }

    @Override
    public CompletableFuture<Optional<CommittedBlock>> block(final long height) {
        return engine.block(height);
    }

    @Override
    public CompletableFuture<Optional<CommittedBlock>> blockByHash(final Hash hash) {
        return engine.blockByHash(hash);
    }

    @Override
    public CompletableFuture<AccountProof> proof(final Address address) {
        return offload(() -> engine.query(s -> new AccountProof(s.height(), s.stateTree().root(),
            s.stateTree().prove(address))));
    }

    @Override
    public MempoolMetrics.Snapshot mempool() {
        return engine.mempoolMetrics().snapshot();
    }

    @Override
    public long minFee() {
        return minFee;
    }

    @Override
    public long committedTransactions() {
        return engine.committedTransactions();
    }

    /**
     * What the node knows of its peers: how many are connected and the highest height any of them
     * announced. {@link #ALONE} for a single validator.
     */
    public interface Peers {
        int connected();

        long highestHeight();

        Peers ALONE = new Peers() {
            @Override
            public int connected() {
                return 0;
            }

            @Override
            public long highestHeight() {
                return 0;
            }
        };
    }

    /** Blocks behind the best peer from which the node says it is syncing (as block sync starts). */
    static final long SYNCING_GAP = 3;

    private Peers peers = Peers.ALONE;
    private java.util.function.LongSupplier journalSyncNanos = () -> 0;

    /** How long the node's last journal sync took, in nanoseconds (the journal's {@code lastSyncNanos}). */
    public EngineRpcBackend journalSync(final java.util.function.LongSupplier nanos) {
        this.journalSyncNanos = Objects.requireNonNull(nanos, "nanos");
        return this;
    }

    /** The node's view of its peers, for the status, eth_syncing, readiness and the peer gauges. */
    public EngineRpcBackend peers(final Peers view) {
        this.peers = Objects.requireNonNull(view, "view");
        return this;
    }

    @Override
    public NodeStatus status() {
        final long h = engine.height();
        final long highest = Math.max(h, peers.highestHeight());
        final int connected = peers.connected();
        final int validators = engine.genesis().validators().size();
        // In consensus: healthy, and with the peers connected a quorum can be formed (always, alone).
        final boolean quorum = validators == 1 || (connected + 1) * 3 > validators * 2;
        final boolean healthy = engine.failure().isEmpty();
        final ConsensusStatus c = engine.consensusStatus();
        return new NodeStatus(h, highest, highest > h + SYNCING_GAP, healthy && quorum, connected, c.round(),
            c.viewChanges(), journalSyncNanos.getAsLong() / 1e9);
    }

    @Override
    public void onBlock(final Consumer<CommittedBlock> listener) {
        engine.onBlock(listener);
    }
}
