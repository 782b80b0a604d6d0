package io.kairos.engine;

import io.kairos.engine.consensus.AdaptiveBatching;
import io.kairos.engine.consensus.BlockSync;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.MessageCodec;
import io.kairos.engine.consensus.CertificateStore;
import io.kairos.engine.consensus.ConsensusConfig;
import io.kairos.engine.consensus.ConsensusCore;
import io.kairos.engine.consensus.ConsensusOutbox;
import io.kairos.engine.consensus.InMemoryCertificateStore;
import io.kairos.engine.consensus.InMemorySafetyStore;
import io.kairos.engine.consensus.LedgerExecution;
import io.kairos.engine.consensus.SafetyStore;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.Mempool;
import io.kairos.engine.mempool.MempoolConfig;
import io.kairos.engine.mempool.MempoolMetrics;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.pipeline.IngressPipeline;
import io.kairos.engine.pipeline.PipelineConfig;
import io.kairos.engine.pipeline.SubmitResult;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.ConsensusStatus;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import io.kairos.engine.sequencer.MempoolTransactionSource;
import io.kairos.engine.sequencer.Replayer;
import io.kairos.engine.sequencer.StateRecovery;
import io.kairos.engine.sequencer.Sequencer;
import io.kairos.engine.sequencer.SequencerListener;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.snapshot.SnapshotStore;
import io.kairos.engine.state.snapshot.Snapshotter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Kairos as a library: a single-validator ledger engine running in the caller's process.
 *
 * <pre>{@code
 * KairosEngine engine = KairosEngine.builder(genesis)
 *     .validator(validatorKey)
 *     .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
 *     .build();
 * engine.start();
 * Receipt r = engine.submit(signedTransfer).get();   // completes when the block commits
 * }</pre>
 *
 * <p>Transactions enter through the ingress pipeline (decode, parallel signature checks) and reach
 * the {@link Sequencer}, the one thread that owns the pool, the state and block production. Every
 * submission ends exactly once: its future completes with the {@link Receipt} when its block
 * commits, or fails with a {@link TransactionRejectedException} naming the {@link RejectReason}.
 *
 * <p>Threading: every public method may be called from any thread. Futures and listeners are
 * completed and called on one engine thread, {@code kairos-callbacks}, never on the sequencer, so a
 * slow listener delays other callbacks but never block production. Queries of state run on the
 * sequencer, in order with the transactions before them, and see committed state; lookups of
 * blocks and transactions read the block store on a {@code kairos-store-reader} thread and see
 * acknowledged blocks only.
 *
 * <p>Time comes in through the clocks given to the builder; the engine reads no clock of its own.
 */
public final class KairosEngine implements AutoCloseable {
    private final Genesis genesis;
    private final IngressPipeline pipeline;
    private final Sequencer sequencer;
    private final Mempool mempool;
    private final EpochClock clock;
    private final long tickMillis;
    private final ExecutorService callbacks;
    private final ExecutorService storeReader;
    private final BlockStore store;
    private final Thread ticker;
    private final AtomicLong nextCorrelation = new AtomicLong(Long.MIN_VALUE);
    private final Map<Long, CompletableFuture<Receipt>> bySubmission = new ConcurrentHashMap<>();
    /** With a forwarder: the bytes of each client submission until the pool admits or refuses it. */
    private final Map<Long, byte[]> toForward = new ConcurrentHashMap<>();
    private final Consumer<byte[]> forwarder;
    private final LedgerExecution ledger;
    private final AtomicLong forwardedIn = new AtomicLong();
    private final Map<Hash, CompletableFuture<Receipt>> byHash = new HashMap<>();
    /** STALE departures whose candidate block is still being decided; callback thread only. */
    private final Map<Hash, Stale> staleUntil = new HashMap<>();
    private final boolean multiValidator;
    private final long staleHoldHeights;
    private final List<Consumer<CommittedBlock>> blockListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Receipt>> receiptListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong consensusDrops = new AtomicLong();
    private volatile long height;
    private volatile long committedTransactions;
    private volatile boolean running;
    private volatile boolean closed;
    private volatile Throwable failure;
    private final StateRecovery.Result recovery;
    private final Snapshotter snapshotter;
    /** The consensus core's codec (immutable): synced blocks become decisions off the sequencer thread. */
    private final MessageCodec syncCodec;
    private final CodecLimits pipelineLimits;

    private KairosEngine(final Builder b) {
        this.genesis = b.genesis;
        this.multiValidator = b.genesis.validators().size() > 1;
        this.staleHoldHeights = 2L * b.genesis.validators().size();
        this.forwarder = b.forwarder;
        this.clock = b.epochClock;
        this.tickMillis = b.tickMillis;
        // A store that already holds blocks (a journal after a restart) is recovered first: the newest
        // snapshot that proves itself, then a replay of the blocks after it, every state root checked.
        this.recovery = StateRecovery.recover(genesis, b.store, b.snapshots, b.hashSeed, b.pipeline.limits(),
            b.nanoClock);
        this.height = recovery.replay().height();
        this.snapshotter = b.snapshots == null ? null
            : new Snapshotter(b.snapshots, genesis.hash(), b.snapshotInterval, b.nanoClock);
        final CodecLimits limits = b.pipeline.limits();
        // Consensus owns the recovered state from here on; the pool reads balances and nonces through it.
        final LedgerExecution ledger = new LedgerExecution(genesis, b.store, limits, SignatureVerifier.DIRECT,
            recovery, () -> StateRecovery.recover(b.genesis, b.store, b.snapshots, b.hashSeed, limits, b.nanoClock));
        this.mempool = new Mempool(b.mempool, ledger.accounts());
        // A candidate's transactions that sit in the pool passed the ingress's signature check.
        ledger.verifiedBy(mempool::contains);
        this.ledger = ledger;
        final AdaptiveBatching batching = new AdaptiveBatching(genesis.maxBlockTransactions(),
            genesis.maxBlockBytes(), genesis.targetBlockIntervalMillis(), b.lightLoadBatch);
        final MempoolTransactionSource source = new MempoolTransactionSource(mempool, batching);
        final EpochClock wall = b.epochClock;
        final ConsensusCore core = new ConsensusCore(b.consensus, b.validator, b.safety, b.certificates, ledger,
            source, SignatureVerifier.DIRECT, nowNs -> wall.time());
        this.syncCodec = core.codec();
        this.pipelineLimits = limits;
        this.sequencer = new Sequencer(core, source, mempool, clock, b.nanoClock, new Listener(), limits,
            Math.max(1, b.expiryPeriodMillis), snapshotter, b.outbox);
        this.pipeline = new IngressPipeline(b.pipeline, sequencer, b.nanoClock::nanoTime);
        this.callbacks = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "kairos-callbacks");
            t.setDaemon(true);
            return t;
        });
        this.store = b.store;
        this.storeReader = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "kairos-store-reader");
            t.setDaemon(true);
            return t;
        });
        this.ticker = new Thread(this::tick, "kairos-ticker");
        this.ticker.setDaemon(true);
    }

    public static Builder builder(final Genesis genesis) {
        return new Builder(genesis);
    }

    /** Starts the pipeline threads and the block timer. */
    public synchronized void start() {
        if (running || closed) {
            throw new IllegalStateException(closed ? "engine is closed" : "engine already started");
        }
        pipeline.start();
        running = true;
        ticker.start();
    }

    public Genesis genesis() {
        return genesis;
    }

    /**
     * Submits a signed transaction. The future completes with its receipt when its block commits, or
     * fails with {@link TransactionRejectedException}. Never blocks: a full ingress fails the future
     * at once with {@link RejectReason#BUSY}.
     */
    public CompletableFuture<Receipt> submit(final Transaction tx) {
        return submit(tx.encode());
    }

    /** Submits an encoded transaction; see {@link #submit(Transaction)}. */
    public CompletableFuture<Receipt> submit(final byte[] encoded) {
        return submit(encoded, 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Like {@link #submit(Transaction)}, but when the ingress is full waits up to {@code timeout} for
     * room before failing with {@link RejectReason#BUSY}. The calling thread blocks at most that long.
     */
    public CompletableFuture<Receipt> submit(final Transaction tx, final long timeout, final TimeUnit unit) {
        return submit(tx.encode(), timeout, unit);
    }

    /** See {@link #submit(Transaction, long, TimeUnit)}. */
    public CompletableFuture<Receipt> submit(final byte[] encoded, final long timeout, final TimeUnit unit) {
        final CompletableFuture<Receipt> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(new TransactionRejectedException(RejectReason.SHUTDOWN));
            return future;
        }
        final long id = nextCorrelation.incrementAndGet();
        bySubmission.put(id, future);
        if (forwarder != null) {
            toForward.put(id, encoded);
        }
        final SubmitResult r = timeout <= 0
            ? pipeline.trySubmit(encoded, 0, encoded.length, id)
            : pipeline.submit(encoded, 0, encoded.length, id, timeout, unit);
        if (!r.accepted()) {
            toForward.remove(id);
            if (bySubmission.remove(id) != null) {
                future.completeExceptionally(new TransactionRejectedException(r.reason()));
            }
        }
        return future;
    }

    /**
     * Submits a transaction another validator forwarded: it goes through the same ingress (decode,
     * signature, pool rules) as a client's, but nobody waits for it and it is not forwarded again.
     * Never blocks.
     *
     * @return whether the ingress took it (false when full or shut down; the sender's copy remains)
     */
    public boolean submitForwarded(final byte[] encoded) {
        if (!running) {
            return false;
        }
        final boolean taken = pipeline.trySubmit(encoded, 0, encoded.length, 0).accepted();
        if (taken) {
            forwardedIn.incrementAndGet();
        }
        return taken;
    }

    /**
     * Signatures in other validators' candidate blocks that were not checked a second time because
     * the same transaction had passed this engine's ingress (it sat in the pool). Any thread.
     */
    public long signaturesKnownAtValidation() {
        return ledger.signaturesKnown();
    }

    /** Forwarded transactions this engine's ingress took ({@link #submitForwarded}). */
    public long forwardedTransactionsIn() {
        return forwardedIn.get();
    }

    /** Calls {@code listener} with every committed block, in height order, on the callback thread. */
    public void onBlock(final Consumer<CommittedBlock> listener) {
        blockListeners.add(Objects.requireNonNull(listener));
    }

    /** Calls {@code listener} with every receipt, in commit order, on the callback thread. */
    public void onReceipt(final Consumer<Receipt> listener) {
        receiptListeners.add(Objects.requireNonNull(listener));
    }

    public CompletableFuture<Long> balance(final Address address) {
        return query(s -> s.state().balance(address));
    }

    public CompletableFuture<Long> nonce(final Address address) {
        return query(s -> s.state().nonce(address));
    }

    /**
     * The committed transaction with this hash and its receipt, if the block store still has it.
     * Looked up on the engine's store-reader thread, never the sequencer's (a journal lookup may
     * wait for its index), and only among acknowledged blocks: a transaction is found once its
     * receipt has been released, never before.
     */
    public CompletableFuture<Optional<CommittedTransaction>> transaction(final Hash hash) {
        return read(() -> {
            final long location = store.locate(hash);
            if (location < 0 || (location >>> 32) > height) {
                return Optional.<CommittedTransaction>empty();
            }
            final CommittedBlock block = store.block(location >>> 32);
            final int index = (int) location;
            return block == null ? Optional.<CommittedTransaction>empty()
                : Optional.of(new CommittedTransaction(block.transaction(index), block.receipt(index)));
        });
    }

    /** The acknowledged block at {@code blockHeight}, if the block store still has it (store-reader thread). */
    public CompletableFuture<Optional<CommittedBlock>> block(final long blockHeight) {
        return read(() -> blockHeight > height ? Optional.<CommittedBlock>empty()
            : Optional.ofNullable(store.block(blockHeight)));
    }

    /** The acknowledged block with this hash, if the block store still has it (store-reader thread). */
    public CompletableFuture<Optional<CommittedBlock>> blockByHash(final Hash blockHash) {
        return read(() -> {
            final long h = store.blockHeight(blockHash);
            return h < 1 || h > height ? Optional.<CommittedBlock>empty() : Optional.ofNullable(store.block(h));
        });
    }

    /** Runs a block-store read on the store-reader thread; completes on the callback thread. */
    private <T> CompletableFuture<T> read(final Supplier<T> read) {
        final CompletableFuture<T> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(new TransactionRejectedException(RejectReason.SHUTDOWN));
            return future;
        }
        try {
            storeReader.execute(() -> {
                try {
                    final T value = read.get();
                    callbacks.execute(() -> future.complete(value));
                } catch (final RuntimeException e) {
                    callbacks.execute(() -> future.completeExceptionally(e));
                }
            });
        } catch (final RejectedExecutionException e) {
            future.completeExceptionally(new TransactionRejectedException(RejectReason.SHUTDOWN));
        }
        return future;
    }

    /**
     * Runs {@code query} on the sequencer thread, after everything submitted before it, and completes
     * with its result on the callback thread. The function must only read.
     */
    public <T> CompletableFuture<T> query(final Function<Sequencer, T> query) {
        final CompletableFuture<T> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(new TransactionRejectedException(RejectReason.SHUTDOWN));
            return future;
        }
        final Consumer<Sequencer> task = s -> {
            try {
                final T value = query.apply(s);
                callbacks.execute(() -> future.complete(value));
            } catch (final RuntimeException e) {
                callbacks.execute(() -> future.completeExceptionally(e));
            }
        };
        final SubmitResult r = pipeline.publishControl(Sequencer.CONTROL_QUERY, 0, task, 0, 1, TimeUnit.SECONDS);
        if (!r.accepted()) {
            future.completeExceptionally(new TransactionRejectedException(r.reason()));
        }
        return future;
    }

    /**
     * Hands a consensus message from a peer (opaque {@code MessageCodec} bytes, as the transport
     * received them) to the sequencer, in order with the transactions and queries before it. Never
     * blocks: when the ingress ring is full, or the engine is not running, the message is dropped,
     * counted in {@link #consensusDrops()}, and {@code false} returned; consensus recovers lost
     * messages through its timeouts and resends. The engine keeps {@code message}: the caller must
     * not change it afterwards. Any thread (the transport's, typically).
     */
    public boolean deliverConsensus(final byte[] message) {
        Objects.requireNonNull(message, "message");
        // Before start() the pipeline refuses with an exception; a peer that is early simply loses the message.
        if (running && pipeline.tryPublishControl(Sequencer.CONTROL_CONSENSUS_MESSAGE, 0, message, 0).accepted()) {
            return true;
        }
        consensusDrops.incrementAndGet();
        return false;
    }

    /**
     * A page of decided blocks with their commit certificates from {@code fromHeight} on, for a peer
     * that is behind ({@link BlockSync#page}: at most 100 blocks and about {@code maxBytes}). Read on
     * the sequencer thread, which owns the store and the certificates; completes on the callbacks
     * thread.
     */
    public CompletableFuture<List<BlockSync.Entry>> syncPage(final long fromHeight, final int maxBlocks,
                                                             final long maxBytes) {
        return query(s -> s.consensus().syncPage(fromHeight, maxBlocks, maxBytes));
    }

    /**
     * Hands one synced block and its certificate to consensus as the decision it is (see
     * {@link BlockSync}); consensus checks the certificate and the state root. Never blocks.
     *
     * @return false when the ring was full or the engine stopped (counted in {@link #consensusDrops()})
     * @throws ConsensusException {@code MALFORMED} when the bytes are not a block and its certificate
     */
    public boolean deliverSyncedBlock(final byte[] block, final byte[] certificate) {
        return deliverConsensus(BlockSync.decision(block, certificate, syncCodec, pipelineLimits));
    }

    /** Consensus messages {@link #deliverConsensus} dropped because the ring was full or the engine stopped. */
    public long consensusDrops() {
        return consensusDrops.get();
    }

    /**
     * The consensus core as the sequencer last left it (height being decided, round, step, rounds
     * used, refusals, evidence); {@link ConsensusStatus#NOT_STARTED} before its first call. Any thread.
     */
    public ConsensusStatus consensusStatus() {
        return sequencer.consensusStatus();
    }

    /** Height of the last committed block (0 before the first). */
    public long height() {
        return height;
    }

    /** What was replayed from the block store at build time (height 0 for an empty store). */
    public Replayer.Result replayed() {
        return recovery.replay();
    }

    /** What recovery did at build time: the snapshot loaded, the blocks replayed, the snapshots skipped. */
    public StateRecovery.Result recovery() {
        return recovery;
    }

    /** What the snapshotter has done, or {@code null} if the engine takes no snapshots. */
    public Snapshotter.Status snapshots() {
        return snapshotter == null ? null : snapshotter.status();
    }

    /** Transactions committed since start (successful or not). */
    public long committedTransactions() {
        return committedTransactions;
    }

    /** The pool's counters; readable from any thread. */
    public MempoolMetrics mempoolMetrics() {
        return mempool.metrics();
    }

    /**
     * Why the engine stopped producing blocks (a broken supply invariant, a failed block store), or
     * empty while it is healthy. After a failure every submission is refused with {@code SHUTDOWN};
     * a node must stop.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Exceptions thrown by listeners (each is caught so the engine carries on). */
    public long listenerErrors() {
        return listenerErrors.get();
    }

    /**
     * Stops the timer and the pipeline (what was accepted is processed first), lets a snapshot being
     * written finish, then fails every pending submission with {@link RejectReason#SHUTDOWN}.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        ticker.interrupt();
        try {
            ticker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.close();
        storeReader.shutdown();
        try {
            storeReader.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (snapshotter != null) {
            snapshotter.close();
        }
        callbacks.execute(() -> failAllPending(null));
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (final InterruptedException e) {
                return;
            }
            pipeline.tryPublishTick(clock.time());
        }
    }

    /**
     * Turns the sequencer's reports into future completions and listener calls. The sequencer calls
     * it on its own thread; all the work that can block or throw is handed to the callback thread.
     * {@code byHash} is touched only on the callback thread.
     */
    private final class Listener implements SequencerListener {
        @Override
        public void admitted(final long correlationId, final DirectBuffer hash, final int hashOffset) {
            if (correlationId < 0) {
                final Hash h = Hash.read(hash, hashOffset);
                callbacks.execute(() -> {
                    final CompletableFuture<Receipt> f = bySubmission.remove(correlationId);
                    if (f != null) {
                        byHash.put(h, f);
                    }
                    final byte[] admittedBytes = forwarder == null ? null : toForward.remove(correlationId);
                    if (admittedBytes != null) {
                        try {
                            forwarder.accept(admittedBytes);
                        } catch (final RuntimeException e) {
                            listenerErrors.incrementAndGet();
                        }
                    }
                });
            }
        }

        @Override
        public void rejected(final long correlationId, final RejectReason reason) {
            if (correlationId < 0) {
                callbacks.execute(() -> {
                    toForward.remove(correlationId);
                    final CompletableFuture<Receipt> f = bySubmission.remove(correlationId);
                    if (f != null) {
                        f.completeExceptionally(new TransactionRejectedException(reason));
                    }
                });
            }
        }

        @Override
        public void departed(final DirectBuffer hash, final int hashOffset, final RejectReason reason) {
            final Hash h = Hash.read(hash, hashOffset);
            // With several validators the pool re-checks senders against the state of the candidate
            // block being decided, so a transaction that candidate includes can leave as STALE and
            // still commit with it. Its verdict waits for the candidate's height.
            // Other validators' pools hold it too when it was forwarded, so a candidate that included
            // it and then lost its round does not end its chances: the next leaders may include it.
            // The verdict waits two rotations of the leaders past the candidate's height.
            final long decidedAt = height + 1 + staleHoldHeights;
            callbacks.execute(() -> {
                final CompletableFuture<Receipt> f = byHash.remove(h);
                if (f == null) {
                    return;
                }
                if (reason == RejectReason.STALE && multiValidator) {
                    staleUntil.put(h, new Stale(f, decidedAt));
                } else {
                    f.completeExceptionally(new TransactionRejectedException(reason));
                }
            });
        }

        @Override
        public void halted(final Throwable cause) {
            failure = cause;
            running = false;
            callbacks.execute(() -> failAllPending(cause));
        }

        @Override
        public void committed(final CommittedBlock block) {
            height = block.height();
            committedTransactions += block.transactionCount();
            callbacks.execute(() -> deliver(block));
        }
    }

    /** Fails every submission still waiting with SHUTDOWN (and {@code cause}, if any). Callback thread. */
    private void failAllPending(final Throwable cause) {
        final List<CompletableFuture<Receipt>> left = new ArrayList<>(bySubmission.values());
        left.addAll(byHash.values());
        for (final Stale stale : staleUntil.values()) {
            left.add(stale.future());
        }
        bySubmission.clear();
        toForward.clear();
        byHash.clear();
        staleUntil.clear();
        for (final CompletableFuture<Receipt> f : left) {
            final TransactionRejectedException e = new TransactionRejectedException(RejectReason.SHUTDOWN);
            if (cause != null) {
                e.initCause(cause);
            }
            f.completeExceptionally(e);
        }
    }

    private void deliver(final CommittedBlock block) {
        final boolean wantReceipts = !byHash.isEmpty() || !staleUntil.isEmpty() || !receiptListeners.isEmpty();
        if (wantReceipts) {
            for (int i = 0; i < block.transactionCount(); i++) {
                final Receipt receipt = block.receipt(i);
                CompletableFuture<Receipt> f = byHash.remove(receipt.txHash());
                if (f == null && !staleUntil.isEmpty()) {
                    final Stale stale = staleUntil.remove(receipt.txHash());
                    f = stale == null ? null : stale.future();
                }
                if (f != null) {
                    f.complete(receipt);
                }
                for (final Consumer<Receipt> l : receiptListeners) {
                    safely(l, receipt);
                }
            }
        }
        if (!staleUntil.isEmpty()) {
            final var it = staleUntil.values().iterator();
            while (it.hasNext()) {
                final Stale stale = it.next();
                if (stale.decidedAt() <= block.height()) {
                    it.remove();
                    stale.future().completeExceptionally(new TransactionRejectedException(RejectReason.STALE));
                }
            }
        }
        for (final Consumer<CommittedBlock> l : blockListeners) {
            safely(l, block);
        }
    }

    /** A STALE departure waiting for the height whose candidate may still include it. */
    private record Stale(CompletableFuture<Receipt> future, long decidedAt) {
    }

    private <T> void safely(final Consumer<T> listener, final T value) {
        try {
            listener.accept(value);
        } catch (final RuntimeException e) {
            listenerErrors.incrementAndGet();
        }
    }

    /** A committed transaction and its receipt. */
    public record CommittedTransaction(Transaction transaction, Receipt receipt) {
    }

    /** Configures an engine; {@link #proposer} and {@link #clocks} are required. */
    public static final class Builder {
        private final Genesis genesis;
        private SigningKey validator;
        private SafetyStore safety;
        private CertificateStore certificates;
        private ConsensusConfig consensus;
        private ConsensusOutbox outbox = ConsensusOutbox.NONE;
        private EpochClock epochClock;
        private NanoClock nanoClock;
        private PipelineConfig pipeline;
        private MempoolConfig mempool = MempoolConfig.DEFAULT;
        private BlockStore store;
        private long hashSeed = 0x6A09E667F3BCC909L;
        private long tickMillis = 5;
        private int lightLoadBatch = 32;
        private long expiryPeriodMillis = 1_000;
        private SnapshotStore snapshots;
        private Consumer<byte[]> forwarder;
        private long snapshotInterval;

        private Builder(final Genesis genesis) {
            this.genesis = Objects.requireNonNull(genesis, "genesis");
            this.pipeline = PipelineConfig.defaults(genesis.chainId());
        }

        /**
         * This validator's signing key: it must be one of the genesis validators. Blocks it proposes
         * credit fees and rewards to its address. The caller keeps ownership (the engine never
         * destroys it) and must keep it alive until {@link #close()}.
         */
        public Builder validator(final SigningKey key) {
            this.validator = key;
            return this;
        }

        /**
         * Where consensus records what this validator signed, before it signs (see {@link SafetyStore}).
         * Default: in memory, which is only safe with one validator; a node passes the journal's
         * file-backed store.
         */
        public Builder safetyStore(final SafetyStore store) {
            this.safety = store;
            return this;
        }

        /** Where commit certificates are kept (to serve peers that catch up). Default: the last 1,024 in memory. */
        public Builder certificateStore(final CertificateStore store) {
            this.certificates = store;
            return this;
        }

        /**
         * Consensus timeouts and the empty-block interval. Default: {@link ConsensusConfig#defaults()},
         * except that a single validator proposes only when transactions are ready (no empty blocks).
         */
        public Builder consensus(final ConsensusConfig config) {
            this.consensus = config;
            return this;
        }

        /**
         * Where client transactions go once this engine's pool admitted them, so that the node can
         * forward them to the other validators (whoever proposes next then has them): called on the
         * callback thread with the encoded bytes, never for a transaction that came in through
         * {@link KairosEngine#submitForwarded}. Default: none.
         */
        public Builder forwarder(final Consumer<byte[]> forwarder) {
            this.forwarder = forwarder;
            return this;
        }

        /** Where consensus messages for the other validators go (the transport). Default: nowhere. */
        public Builder outbox(final ConsensusOutbox outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        /** Wall time for block timestamps and expiry, and a monotonic clock for bounded waits. */
        public Builder clocks(final EpochClock epoch, final NanoClock nano) {
            this.epochClock = epoch;
            this.nanoClock = nano;
            return this;
        }

        public Builder pipeline(final PipelineConfig config) {
            this.pipeline = config;
            return this;
        }

        public Builder mempool(final MempoolConfig config) {
            this.mempool = config;
            return this;
        }

        /**
         * Where committed blocks go; default: the last 256 MiB of blocks in memory. A store that already
         * holds blocks (a journal after a restart) is replayed onto the genesis by {@link #build()},
         * which proves every block's state root and throws {@code ReplayException} if one differs; the
         * engine then continues after the last block.
         */
        public Builder blockStore(final BlockStore store) {
            this.store = store;
            return this;
        }

        /**
         * Takes a snapshot of the state into {@code store} after every {@code intervalBlocks} blocks
         * (in the background; see {@link Snapshotter}), and recovers from the newest usable one at
         * build. Default: no snapshots, recovery replays from the genesis.
         */
        public Builder snapshots(final SnapshotStore store, final long intervalBlocks) {
            if (intervalBlocks < 1) {
                throw new IllegalArgumentException("snapshot interval must be at least 1 block, got " + intervalBlocks);
            }
            this.snapshots = Objects.requireNonNull(store, "store");
            this.snapshotInterval = intervalBlocks;
            return this;
        }

        /** Secret seed of the state and pool hash tables; give each node its own random value. */
        public Builder hashSeed(final long seed) {
            this.hashSeed = seed;
            return this;
        }

        /** How often the block timer wakes the sequencer (default 5 ms). */
        public Builder tickMillis(final long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("tick must be at least 1 ms");
            }
            this.tickMillis = millis;
            return this;
        }

        /** Ingress batches up to this size count as light load: blocks are cut at once (default 32). */
        public Builder lightLoadBatch(final int events) {
            this.lightLoadBatch = events;
            return this;
        }

        public KairosEngine build() {
            Objects.requireNonNull(validator, "the validator's signing key is required");
            Objects.requireNonNull(epochClock, "clocks are required (the engine reads no clock of its own)");
            Objects.requireNonNull(nanoClock, "clocks are required (the engine reads no clock of its own)");
            if (pipeline.chainId() != genesis.chainId()) {
                throw new IllegalArgumentException("pipeline chain id " + pipeline.chainId()
                    + " is not the genesis chain id " + genesis.chainId());
            }
            if (store == null) {
                store = new InMemoryBlockStore(256L * 1024 * 1024);
            }
            if (safety == null) {
                safety = new InMemorySafetyStore();
            }
            if (certificates == null) {
                certificates = new InMemoryCertificateStore(1_024);
            }
            if (consensus == null) {
                consensus = genesis.validators().size() == 1
                    ? ConsensusConfig.defaults().withEmptyBlockInterval(Long.MAX_VALUE) : ConsensusConfig.defaults();
            }
            return new KairosEngine(this);
        }
    }
}
