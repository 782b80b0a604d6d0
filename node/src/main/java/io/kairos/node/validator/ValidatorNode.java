package io.kairos.node.validator;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.consensus.ConsensusConfig;
import io.kairos.engine.consensus.ConsensusOutbox;
import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.pipeline.PipelineConfig;
import io.kairos.engine.consensus.Certificate;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.JournalError;
import io.kairos.journal.JournalException;
import io.kairos.journal.JournalSalvage;
import io.kairos.journal.safety.SafetyRecordFile;
import io.kairos.transport.codec.InnerDecoder;
import io.kairos.transport.codec.Messages;
import io.kairos.journal.JournalConfig;
import io.kairos.journal.RecoveryReport;
import io.kairos.journal.SyncPolicy;
import io.kairos.journal.consensus.CertificateJournal;
import io.kairos.journal.safety.ConsensusSafetyStore;
import io.kairos.journal.snapshot.SnapshotFiles;
import io.kairos.node.cli.CommandError;
import io.kairos.node.cli.CommandException;
import io.kairos.node.data.DataDirectory;
import io.kairos.node.rpc.EngineRpcBackend;
import io.kairos.transport.Endpoint;
import io.kairos.transport.PeerHandler;
import io.kairos.transport.codec.BlockResponseDecoder;
import io.kairos.transport.TransportAgent;
import io.kairos.transport.TransportConfig;
import io.kairos.transport.TransportCounters;
import io.kairos.transport.TransportException;
import io.kairos.transport.TransportListener;
import io.kairos.transport.driver.EmbeddedDriver;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One validator of a multi-validator network, assembled and running: its data directory (locked),
 * block journal, consensus safety record and certificate journal, snapshots, the {@link KairosEngine}
 * and the transport to the other validators (Aeron, UDP between processes or IPC inside one).
 *
 * <pre>
 *   engine sequencer ──ConsensusOutbox──► outbound queue (bounded, drops counted)
 *                                              │
 *   kairos-transport-N thread (AgentRunner):   ▼
 *     drain queue ─► TransportAgent.broadcast/send ─► Aeron publications ─► peers
 *     TransportAgent.doWork ─► PeerHandler.onConsensus ─► copy ─► engine.deliverConsensus
 *     once a second: broadcastStatus(height, hash)  (keeps sessions from being renegotiated)
 * </pre>
 *
 * <p>{@link Builder#open()} opens everything and starts the engine and the transport thread
 * ({@link Builder#build()} and {@link #start()} do it in two steps); a failure on the way closes
 * what was opened. {@link #close()} stops in the order that loses nothing
 * acknowledged: the engine first (it finishes the block in hand and syncs the journal), then the
 * transport thread, the media driver (if this node owns it), the stores and the directory lock.
 *
 * <p>Threading: every public method may be called from any thread. The {@link TransportAgent} is
 * touched only by the node's transport thread.
 */
public final class ValidatorNode implements AutoCloseable {
    /** Journal, snapshots and safety files live under the data directory; the genesis is copied there. */
    public static final String GENESIS_FILE = "genesis.json";
    public static final String JOURNAL_DIR = "journal";
    public static final String SNAPSHOT_DIR = "snapshots";

    private static final long STATUS_PERIOD_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int DRAIN_LIMIT = 256;
    private static final int FORWARD_BATCHES_PER_CYCLE = 4;
    private static final int FORWARD_QUEUE = 16_384;

    private final int index;
    private final Genesis genesis;
    private final DataDirectory data;
    private final BlockJournal journal;
    private final ConsensusSafetyStore safety;
    private final CertificateJournal certificates;
    private final KairosEngine engine;
    private final EmbeddedDriver ownDriver;
    private final TransportAgent transport;
    private final AgentRunner runner;
    private final ManyToOneConcurrentArrayQueue<Outgoing> outbound;
    private final AtomicLong outboxDrops;
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong transportErrors = new AtomicLong();
    private final AtomicLongArray peerHeights;
    private final BlockSyncer syncer;
    private final SnapshotServer snapshotServer;
    private final long stateSyncedHeight;
    private final ManyToOneConcurrentArrayQueue<byte[]> toForward;
    private final AtomicLong forwardDrops;
    private final AtomicLong forwarded = new AtomicLong();
    private final int maxMessageBytes;
    private final List<byte[]> batch = new ArrayList<>();
    private final List<String> startupNotes;
    private volatile int peersUp;
    private volatile long lastHeight;
    private volatile byte[] lastHash;
    private volatile boolean closed;
    private boolean started;

    private ValidatorNode(final Builder b, final Parts p) {
        this.index = p.index;
        this.genesis = b.genesis;
        this.data = p.data;
        this.journal = p.journal;
        this.safety = p.safety;
        this.certificates = p.certificates;
        this.engine = p.engine;
        this.ownDriver = p.ownDriver;
        this.transport = p.transport;
        this.outbound = p.outbound;
        this.outboxDrops = p.drops;
        this.peerHeights = p.peerHeights;
        this.syncer = p.syncer;
        this.snapshotServer = p.snapshotServer;
        this.stateSyncedHeight = p.stateSyncedHeight;
        this.toForward = p.toForward;
        this.forwardDrops = p.forwardDrops;
        this.maxMessageBytes = p.maxMessageBytes;
        this.startupNotes = List.copyOf(p.notes);
        this.lastHeight = engine.height();
        this.lastHash = p.lastHash;
        engine.onBlock(block -> {
            lastHash = block.hash().toByteArray();
            lastHeight = block.height();
        });
        this.runner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(b.maxIdleMicros)), e -> transportErrors.incrementAndGet(), null,
            new Duty());
    }

    /** How long this node's last journal sync took, in nanoseconds (0 before the first). */
    public long journalSyncNanos() {
        return journal.lastSyncNanos();
    }

    /** This node's peers as the JSON-RPC status sees them: connected count and best announced height. */
    public EngineRpcBackend.Peers peerView() {
        return new EngineRpcBackend.Peers() {
            @Override
            public int connected() {
                return peersUp;
            }

            @Override
            public long highestHeight() {
                long best = 0;
                for (int i = 0; i < peerHeights.length(); i++) {
                    best = Math.max(best, peerHeights.get(i));
                }
                return best;
            }
        };
    }

    /** Blocks this node took from peers' pages (block sync) and handed to consensus. */
    public long syncedBlocks() {
        return syncer.blocksDelivered();
    }

    /** Pages of blocks this node served to peers that were behind. */
    public long syncPagesServed() {
        return syncer.pagesServed();
    }

    /**
     * The height of the snapshot this node installed by state sync when it opened (its journal starts
     * after that block); 0 if it opened on its own journal.
     */
    public long stateSyncedHeight() {
        return stateSyncedHeight;
    }

    /** Client transactions this node forwarded to its peers (each counted once, however many peers). */
    public long transactionsForwarded() {
        return forwarded.get();
    }

    /** Client transactions not forwarded because the queue to the transport thread was full. */
    public long forwardDrops() {
        return forwardDrops.get();
    }

    /** Snapshot chunks this node served to peers that state-synced from it. */
    public long snapshotChunksServed() {
        return snapshotServer.chunksServed();
    }

    /** Synced entries that were not a block and its certificate (the page was dropped there). */
    public long syncBadEntries() {
        return syncer.badEntries();
    }

    public static Builder builder(final Genesis genesis, final SigningKey key, final Path dataDir) {
        return new Builder(genesis, key, dataDir);
    }

    /** Starts the engine and the transport thread; idempotent. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("validator node " + index + " is closed");
        }
        if (started) {
            return;
        }
        started = true;
        engine.start();
        AgentRunner.startOnThread(runner, r -> {
            final Thread t = new Thread(r, "kairos-transport-" + index);
            t.setDaemon(true);
            return t;
        });
    }

    /** This validator's index in the genesis validator set. */
    public int index() {
        return index;
    }

    public KairosEngine engine() {
        return engine;
    }

    public Genesis genesis() {
        return genesis;
    }

    /** The data directory this node holds locked. */
    public Path dataDir() {
        return data.path();
    }

    /** Peers with an established transport session, as of the transport thread's last duty cycle. */
    public int peersUp() {
        return peersUp;
    }

    /** The last committed height {@code validator} announced in a STATUS message, -1 if none yet. */
    public long peerHeight(final int validator) {
        return peerHeights.get(validator);
    }

    /** Outbound consensus messages dropped because the queue to the transport thread was full. */
    public long outboxDrops() {
        return outboxDrops.get();
    }

    /** Sends the transport refused with an exception (an oversized message), counted and dropped. */
    public long sendErrors() {
        return sendErrors.get();
    }

    /** Unexpected errors on the transport thread (counted; the thread carries on). */
    public long transportErrors() {
        return transportErrors.get();
    }

    /** The transport's per-peer counters; readable from any thread. */
    public TransportCounters transportCounters() {
        return transport.counters();
    }

    /** What opening found worth telling an operator (journal repairs, recovery); empty when all was clean. */
    public List<String> startupNotes() {
        return startupNotes;
    }

    /**
     * Stops the engine (what it accepted is decided or failed with SHUTDOWN, the journal synced),
     * then the transport thread, the media driver if this node launched it, the certificate and
     * safety stores, the journal, and releases the data directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.close();
        if (started) {
            runner.close();
        } else {
            transport.close();
        }
        closeQuietly(ownDriver, certificates, safety, journal, data);
    }

    private static void closeQuietly(final AutoCloseable... resources) {
        for (final AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (final Exception e) {
                // Closing at exit or after a failure: nothing left to do with a second error.
            }
        }
    }

    /** One consensus message for the transport thread; {@code target} -1 means every peer. */
    private record Outgoing(int target, byte[] message) {
    }

    /** The engine's port: copies and queues, never blocks (called on the sequencer thread). */
    private static final class Outbox implements ConsensusOutbox {
        private final ManyToOneConcurrentArrayQueue<Outgoing> queue;
        private final AtomicLong drops;

        Outbox(final ManyToOneConcurrentArrayQueue<Outgoing> queue, final AtomicLong drops) {
            this.queue = queue;
            this.drops = drops;
        }

        @Override
        public void broadcast(final byte[] message) {
            offer(-1, message);
        }

        @Override
        public void send(final int index, final byte[] message) {
            offer(index, message);
        }

        private void offer(final int target, final byte[] message) {
            if (!queue.offer(new Outgoing(target, message.clone()))) {
                drops.incrementAndGet();
            }
        }
    }

    /**
     * Inbound messages, on the transport thread (during state sync, the opening thread that drives
     * the transport). Until the engine exists, consensus traffic and block requests are dropped
     * (peers resend on their timeouts) and block pages and snapshot chunks go to state sync.
     */
    private static final class Inbound implements PeerHandler {
        private volatile KairosEngine engine;
        private volatile BlockSyncer syncer;
        private volatile StateSyncClient stateSync;
        private AtomicLongArray heights;
        private SnapshotServer snapshots;

        @Override
        public void onBlockRequest(final int validator, final long fromHeight, final int maxBlocks, final long cursor) {
            final BlockSyncer s = syncer;
            if (s != null) {
                s.onBlockRequest(validator, fromHeight, maxBlocks);
            }
        }

        @Override
        public void onBlockResponse(final int validator, final BlockResponseDecoder response) {
            final StateSyncClient sync = stateSync;
            final BlockSyncer s = syncer;
            if (sync != null) {
                sync.onBlockResponse(validator, response);
            } else if (s != null) {
                s.onBlockResponse(validator, response, System.nanoTime());
            }
        }

        @Override
        public void onSnapshotRequest(final int validator, final long height, final int chunkIndex) {
            snapshots.onRequest(validator, height, chunkIndex);
        }

        @Override
        public void onTransactions(final int validator, final InnerDecoder batch) {
            final KairosEngine e = engine;
            if (e == null) {
                return;
            }
            int at = batch.transactionsEntriesOffset();
            for (int i = 0; i < batch.transactionCount(); i++) {
                final byte[] tx = new byte[batch.buffer().getInt(at, ByteOrder.LITTLE_ENDIAN)];
                batch.buffer().getBytes(at + Integer.BYTES, tx);
                at += Integer.BYTES + tx.length;
                // A full ingress drops it here; the client's validator and the other peers still hold it.
                e.submitForwarded(tx);
            }
        }

        @Override
        public void onSnapshotChunk(final int validator, final InnerDecoder chunk) {
            final StateSyncClient sync = stateSync;
            if (sync != null) {
                sync.onChunk(validator, chunk);
            }
        }

        @Override
        public void onConsensus(final int validator, final DirectBuffer buffer, final int offset, final int length) {
            final KairosEngine e = engine;
            if (e == null) {
                return;
            }
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            // A full ring drops the message (counted by the engine); consensus resends on its timeouts.
            e.deliverConsensus(copy);
        }

        @Override
        public void onStatus(final int validator, final long height, final DirectBuffer buffer, final int hashOffset) {
            heights.set(validator, height);
        }

        @Override
        public void onPeerDown(final int validator) {
            heights.set(validator, -1);
        }
    }

    /**
     * Sends the client transactions admitted since the last cycle to every peer, packed into
     * TRANSACTIONS messages of at most 1,024 transactions that fit the largest message. Transport thread.
     */
    private int forward() {
        int sent = 0;
        while (sent < FORWARD_BATCHES_PER_CYCLE && !toForward.isEmpty()) {
            batch.clear();
            long bytes = 0;
            byte[] tx;
            while (batch.size() < Messages.MAX_TRANSACTIONS_PER_BATCH && (tx = toForward.peek()) != null
                && Messages.transactionsLength(batch.size() + 1, bytes + tx.length) <= maxMessageBytes - 64) {
                toForward.poll();
                batch.add(tx);
                bytes += tx.length;
            }
            if (batch.isEmpty()) {
                // Longer than a message can carry: the pool has it, only its forwarding is dropped.
                toForward.poll();
                forwardDrops.incrementAndGet();
                continue;
            }
            try {
                transport.broadcastTransactions(batch, 0, batch.size());
                forwarded.addAndGet(batch.size());
            } catch (final TransportException e) {
                sendErrors.incrementAndGet();
            }
            sent++;
        }
        return sent;
    }

    /** The transport thread's duty cycle. */
    private final class Duty implements Agent {
        private long lastStatusNs = System.nanoTime() - STATUS_PERIOD_NS;

        @Override
        public int doWork() {
            final long now = System.nanoTime();
            int work = 0;
            Outgoing o;
            while (work < DRAIN_LIMIT && (o = outbound.poll()) != null) {
                work++;
                try {
                    if (o.target() < 0) {
                        transport.broadcast(o.message());
                    } else {
                        transport.send(o.target(), o.message());
                    }
                } catch (final TransportException e) {
                    sendErrors.incrementAndGet();
                }
            }
            work += transport.doWork(now);
            work += syncer.doWork(transport, now);
            work += snapshotServer.doWork(transport);
            if (toForward != null) {
                work += forward();
            }
            if (now - lastStatusNs >= STATUS_PERIOD_NS) {
                lastStatusNs = now;
                transport.broadcastStatus(lastHeight, lastHash);
            }
            peersUp = transport.peersUp();
            return work;
        }

        @Override
        public void onClose() {
            transport.close();
        }

        @Override
        public String roleName() {
            return "kairos-transport-" + index;
        }
    }

    /** What the builder opened, in order, so that a failure can close it. */
    private static final class Parts {
        int index;
        DataDirectory data;
        BlockJournal journal;
        ConsensusSafetyStore safety;
        CertificateJournal certificates;
        KairosEngine engine;
        EmbeddedDriver ownDriver;
        TransportAgent transport;
        ManyToOneConcurrentArrayQueue<Outgoing> outbound;
        final AtomicLong drops = new AtomicLong();
        AtomicLongArray peerHeights;
        BlockSyncer syncer;
        SnapshotServer snapshotServer;
        long stateSyncedHeight;
        ManyToOneConcurrentArrayQueue<byte[]> toForward;
        final AtomicLong forwardDrops = new AtomicLong();
        int maxMessageBytes;
        byte[] lastHash;
        final List<String> notes = new ArrayList<>();

        void closeAll() {
            closeQuietly(transport, engine, ownDriver, certificates, safety, journal, data);
        }
    }

    /**
     * Configures a validator node. Required: the genesis, the validator's key (one of the genesis
     * validators), the data directory, and either {@link #udp} or {@link #ipc}.
     */
    public static final class Builder {
        private final Genesis genesis;
        private final SigningKey key;
        private final Path dataDir;
        private List<Endpoint> endpoints;
        private EmbeddedDriver sharedDriver;
        private Path aeronDir;
        private SyncPolicy syncPolicy = SyncPolicy.BATCH;
        private long snapshotInterval = 10_000;
        private int snapshotsKept = 3;
        private ConsensusConfig consensus;
        private Integer verifierThreads;
        private int termBufferLength = 32 * 1024 * 1024;
        private int outboxCapacity = 4_096;
        private long maxIdleMicros = 100;
        private TransportListener listener = TransportListener.NONE;
        private SecureRandom random;
        private boolean stateSync = true;
        private long stateSyncWaitMillis = 5_000;
        private long stateSyncGap = 20_000;
        private boolean repairFromPeers = true;
        private boolean forwardTransactions = true;

        private Builder(final Genesis genesis, final SigningKey key, final Path dataDir) {
            this.genesis = Objects.requireNonNull(genesis, "genesis");
            this.key = Objects.requireNonNull(key, "key");
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /**
         * UDP between processes: {@code endpoints.get(i)} is where validator i listens (this node
         * listens on its own entry). The node launches its own embedded media driver.
         */
        public Builder udp(final List<Endpoint> endpointsByValidator) {
            this.endpoints = List.copyOf(endpointsByValidator);
            this.sharedDriver = null;
            return this;
        }

        /** IPC with the other validators of this process, through {@code driver}, which the caller owns. */
        public Builder ipc(final EmbeddedDriver driver) {
            this.sharedDriver = Objects.requireNonNull(driver, "driver");
            this.endpoints = null;
            return this;
        }

        /** Where the node's own media driver keeps its files (UDP); default a fresh folder in /dev/shm or tmp. */
        public Builder aeronDirectory(final Path dir) {
            this.aeronDir = dir;
            return this;
        }

        /** Sync policy of the journal, safety record and certificates (default BATCH, as the devnet). */
        public Builder syncPolicy(final SyncPolicy policy) {
            this.syncPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Snapshot every {@code intervalBlocks} blocks, keeping the newest {@code kept} (default 10,000 and 3). */
        public Builder snapshots(final long intervalBlocks, final int kept) {
            if (intervalBlocks < 1 || kept < 1) {
                throw new IllegalArgumentException("snapshot interval and kept must be at least 1");
            }
            this.snapshotInterval = intervalBlocks;
            this.snapshotsKept = kept;
            return this;
        }

        /** Consensus timeouts; default the engine's ({@link ConsensusConfig#defaults()} for several validators). */
        public Builder consensus(final ConsensusConfig config) {
            this.consensus = config;
            return this;
        }

        /** Signature verification threads of the engine's pipeline; default the pipeline's. */
        public Builder verifierThreads(final int threads) {
            this.verifierThreads = threads;
            return this;
        }

        /**
         * Aeron term length of this node's publications (a power of two). The largest consensus
         * message is an eighth of it, less the frame overhead: the default 32 MiB carries 4 MiB
         * blocks; tests with small blocks use less memory with a smaller term.
         */
        public Builder termBufferLength(final int bytes) {
            this.termBufferLength = bytes;
            return this;
        }

        /** Outbound consensus messages queued for the transport thread before drops (default 4,096). */
        public Builder outboxCapacity(final int messages) {
            if (messages < 2) {
                throw new IllegalArgumentException("outbox capacity must be at least 2, got " + messages);
            }
            this.outboxCapacity = messages;
            return this;
        }

        /** Longest park of the idle transport thread in microseconds (default 100). */
        public Builder maxIdleMicros(final long micros) {
            if (micros < 1) {
                throw new IllegalArgumentException("max idle must be at least 1 us");
            }
            this.maxIdleMicros = micros;
            return this;
        }

        /** Hears about refused frames and Aeron errors, on the transport thread (default: nothing). */
        public Builder transportListener(final TransportListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** Randomness of handshakes and hash-table seeds; default a new {@link SecureRandom}. */
        public Builder random(final SecureRandom r) {
            this.random = r;
            return this;
        }

        /**
         * State sync when opening (default on, {@code waitMillis} 5,000 and {@code gapBlocks} 20,000):
         * the node listens for its peers' status for up to {@code waitMillis} (less once all have
         * answered), and when its journal is empty and a peer has any snapshot, or its journal is
         * more than {@code gapBlocks} behind a peer, it installs that peer's newest snapshot once it
         * is proven against a certified state root, then block-syncs the rest. A journal so far
         * behind is moved aside ({@code journal.replaced-<height>}), not deleted. Off, or a wait of
         * 0, opens on the local journal and catches up by block sync alone.
         */
        public Builder stateSync(final boolean enabled, final long waitMillis, final long gapBlocks) {
            if (waitMillis < 0 || gapBlocks < 1) {
                throw new IllegalArgumentException("state sync wait >= 0 ms and gap >= 1 block, got " + waitMillis
                    + " ms and " + gapBlocks);
            }
            this.stateSync = enabled;
            this.stateSyncWaitMillis = waitMillis;
            this.stateSyncGap = gapBlocks;
            return this;
        }

        /**
         * Whether a journal damaged in the middle is repaired from peers (default true): its sound
         * start is kept ({@link JournalSalvage}), the damaged copy set aside, and the rest fetched by
         * block or state sync. Off, the node refuses to open, as a single validator must.
         */
        public Builder repairFromPeers(final boolean enabled) {
            this.repairFromPeers = enabled;
            return this;
        }

        /**
         * Whether client transactions this node admits are forwarded to the other validators (default
         * true), so that whoever proposes next includes them, and a validator that goes down does
         * not take the only copy with it. Forwarded transactions are checked again by each receiver's
         * ingress and never forwarded a second time.
         */
        public Builder forwardTransactions(final boolean enabled) {
            this.forwardTransactions = enabled;
            return this;
        }

        /** {@link #build()}, then {@link ValidatorNode#start()}. */
        public ValidatorNode open() {
            final ValidatorNode node = build();
            try {
                node.start();
            } catch (final RuntimeException e) {
                node.close();
                throw e;
            }
            return node;
        }

        /**
         * Opens the stores, recovers the state and connects the transport, without starting: nothing
         * is proposed, sent or received until {@link ValidatorNode#start()} (a cluster opens every
         * node first, so that no validator starts rounds while the others are still recovering).
         *
         * @throws CommandException DATA_DIRECTORY_LOCKED, IO, or INVALID_ARGUMENT when the data
         *                          directory holds another chain or the key is not a genesis validator
         */
        public ValidatorNode build() {
            if (endpoints == null && sharedDriver == null) {
                throw new IllegalStateException("choose udp(endpoints) or ipc(driver)");
            }
            final ValidatorSet set = ValidatorSet.of(genesis);
            final int self = set.indexOfKey(key.publicKey());
            if (self < 0) {
                throw new CommandException(CommandError.INVALID_ARGUMENT, "the validator key "
                    + key.address().toHex() + " is not one of the genesis validators");
            }
            final SecureRandom rnd = random != null ? random : new SecureRandom();
            final Parts p = new Parts();
            p.index = self;
            try {
                p.data = DataDirectory.open(dataDir);
                checkGenesis(p.data.path());
                final JournalConfig journalConfig = JournalConfig.defaults(p.data.path().resolve(JOURNAL_DIR))
                    .withSyncPolicy(syncPolicy);
                p.journal = openJournal(journalConfig, set.size(), p.notes);
                if (!p.journal.setAsideFiles().isEmpty()) {
                    p.notes.add("journal: set aside queue files a crash left without a header: "
                        + p.journal.setAsideFiles());
                }
                final RecoveryReport report = p.journal.recoveryReport();
                if (report.cutCount() > 0) {
                    p.notes.add("journal: " + report.describe());
                }
                final SnapshotFiles snapshots = SnapshotFiles.open(p.data.path().resolve(SNAPSHOT_DIR), snapshotsKept);

                final String aeron;
                if (sharedDriver != null) {
                    aeron = sharedDriver.aeronDirectoryName();
                } else {
                    p.ownDriver = EmbeddedDriver.launch(EmbeddedDriver.Options.defaults(
                        aeronDir != null ? aeronDir : defaultAeronDir(p.data.path(), self)).withTermBufferLength(termBufferLength));
                    aeron = p.ownDriver.aeronDirectoryName();
                }
                final int maxMessage = Math.min(TransportConfig.MAX_MESSAGE_BYTES_CAP,
                    termBufferLength / 8 - TransportConfig.FRAME_OVERHEAD);
                TransportConfig.Builder tb = TransportConfig.builder().self(self, key).validators(set)
                    .termBufferLength(termBufferLength)
                    .maxMessageBytes(maxMessage);
                tb = sharedDriver != null ? tb.ipc() : tb.udp(endpoints);
                p.peerHeights = new AtomicLongArray(set.size());
                for (int i = 0; i < set.size(); i++) {
                    p.peerHeights.set(i, -1);
                }
                final Inbound inbound = new Inbound();
                inbound.heights = p.peerHeights;
                p.snapshotServer = new SnapshotServer(snapshots, Math.min(SnapshotServer.DEFAULT_CHUNK_BYTES,
                    maxMessage - 1024));
                inbound.snapshots = p.snapshotServer;
                p.transport = TransportAgent.connect(tb.build(), aeron, inbound, listener, rnd);

                long safetyFloor = 0;
                Certificate syncedCertificate = null;
                if (stateSync && set.size() > 1 && stateSyncWaitMillis > 0) {
                    final long local = p.journal.height();
                    final byte[] localHash = local == 0 ? genesis.hash().toByteArray()
                        : p.journal.header(local).hash().toByteArray();
                    final StateSyncClient client = new StateSyncClient(self, set.quorum(), p.peerHeights,
                        new SnapshotProof(genesis, set, SignatureVerifier.DIRECT), System::nanoTime);
                    inbound.stateSync = client;
                    final StateSyncClient.Outcome outcome;
                    try {
                        outcome = client.run(p.transport, local, localHash,
                            TimeUnit.MILLISECONDS.toNanos(stateSyncWaitMillis), local == 0 ? 0 : stateSyncGap);
                    } finally {
                        inbound.stateSync = null;
                    }
                    for (final String n : outcome.notes()) {
                        p.notes.add("state sync: " + n);
                    }
                    if (outcome.proven() != null) {
                        final SnapshotProof.Proven proven = outcome.proven();
                        final long h = proven.header().height();
                        snapshots.save(proven.snapshot());
                        p.journal.close();
                        if (local > 0) {
                            setAside(p.data.path(), JOURNAL_DIR, local, p.notes);
                            setAside(p.data.path(), CertificateJournal.FILE_NAME, local, p.notes);
                        }
                        p.journal = BlockJournal.openFromBase(journalConfig, proven.header());
                        p.stateSyncedHeight = h;
                        syncedCertificate = proven.certificate();
                        // Raised past every height a peer had reached: votes this key signed before its
                        // data was lost were at those heights at most, so it cannot sign twice there.
                        safetyFloor = Math.max(h, outcome.bestPeerHeight() + 1);
                        p.notes.add("state sync: installed the snapshot at height " + h + " from validator "
                            + outcome.peer() + " (" + proven.snapshot().accountCount() + " accounts, state root "
                            + proven.header().stateRoot() + " certified by " + proven.certificate().size()
                            + " validators); block sync continues from height " + (h + 1)
                            + "; this validator votes again above height " + safetyFloor);
                    }
                }
                if (safetyFloor > 0) {
                    try (SafetyRecordFile votes = SafetyRecordFile.open(p.data.path(), genesis.hash(), syncPolicy)) {
                        votes.recordCommitted(safetyFloor);
                        votes.sync();
                    }
                }
                p.safety = ConsensusSafetyStore.open(p.data.path(), genesis.hash(), p.journal.height(), syncPolicy);
                p.certificates = CertificateJournal.open(p.data.path(), genesis.hash(), set.size(), syncPolicy);
                if (syncedCertificate != null) {
                    p.certificates.put(syncedCertificate);
                }
                p.outbound = new ManyToOneConcurrentArrayQueue<>(outboxCapacity);
                p.maxMessageBytes = maxMessage;
                KairosEngine.Builder eb = KairosEngine.builder(genesis)
                    .validator(key)
                    .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
                    .hashSeed(rnd.nextLong())
                    .blockStore(p.journal)
                    .safetyStore(p.safety)
                    .certificateStore(p.certificates)
                    .snapshots(snapshots, snapshotInterval)
                    .outbox(new Outbox(p.outbound, p.drops));
                if (consensus != null) {
                    eb = eb.consensus(consensus);
                }
                if (forwardTransactions && set.size() > 1) {
                    final ManyToOneConcurrentArrayQueue<byte[]> queue = new ManyToOneConcurrentArrayQueue<>(FORWARD_QUEUE);
                    final AtomicLong drops = p.forwardDrops;
                    p.toForward = queue;
                    eb = eb.forwarder(tx -> {
                        if (!queue.offer(tx)) {
                            drops.incrementAndGet();
                        }
                    });
                }
                if (verifierThreads != null) {
                    eb = eb.pipeline(PipelineConfig.defaults(genesis.chainId()).withVerifierThreads(verifierThreads));
                }
                p.engine = eb.build();
                if (p.engine.recovery().replay().height() > 0 || !p.engine.recovery().skipped().isEmpty()) {
                    p.notes.add("recovery from " + p.data.path() + ": " + p.engine.recovery().describe());
                }
                p.lastHash = p.engine.height() == 0 ? genesis.hash().toByteArray()
                    : p.journal.header(p.engine.height()).hash().toByteArray();
                final KairosEngine engine = p.engine;
                p.syncer = new BlockSyncer(engine, p.peerHeights, self, engine::height);
                p.syncer.attach(p.transport);
                inbound.engine = engine;
                inbound.syncer = p.syncer;
                return new ValidatorNode(this, p);
            } catch (final IOException e) {
                p.closeAll();
                throw new CommandException(CommandError.IO, "cannot open validator " + self + " in " + dataDir
                    + ": " + e.getMessage(), e);
            } catch (final RuntimeException e) {
                p.closeAll();
                throw e;
            }
        }

        /**
         * Opens the journal; one damaged in the middle is salvaged when this node has peers to fetch
         * the rest from and may ({@link #repairFromPeers}), else the refusal stands.
         */
        private BlockJournal openJournal(final JournalConfig config, final int validators, final List<String> notes) {
            try {
                return BlockJournal.open(config);
            } catch (final JournalException e) {
                if (e.error() != JournalError.CORRUPT_RECORD || !repairFromPeers || validators < 2) {
                    throw e;
                }
                final JournalSalvage.Report salvaged = JournalSalvage.salvage(config, System.currentTimeMillis());
                notes.add("journal: " + e.getMessage());
                notes.add("journal: " + salvaged.describe() + "; the blocks after height " + salvaged.keptHeight()
                    + " are fetched from peers");
                return BlockJournal.open(config);
            }
        }

        /** Renames {@code name} in {@code dir} to {@code name.replaced-<height>} (kept, not deleted). */
        private static void setAside(final Path dir, final String name, final long height, final List<String> notes)
            throws IOException {
            final Path from = dir.resolve(name);
            if (!Files.exists(from)) {
                return;
            }
            final Path to = dir.resolve(name + ".replaced-" + height + "-" + System.currentTimeMillis());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            notes.add("state sync: moved " + from + " (height " + height + ", too far behind) aside to " + to);
        }

        /** Writes the genesis into a new data directory; refuses one that holds another chain. */
        private void checkGenesis(final Path dir) throws IOException {
            final Path file = dir.resolve(GENESIS_FILE);
            if (Files.exists(file)) {
                final Genesis stored = GenesisJson.parse(Files.readAllBytes(file));
                if (!stored.hash().equals(genesis.hash())) {
                    throw new CommandException(CommandError.INVALID_ARGUMENT, dir + " holds the chain of genesis "
                        + stored.hash().toHex() + ", not " + genesis.hash().toHex());
                }
            } else {
                Files.writeString(file, GenesisJson.write(genesis));
            }
        }

        /**
         * One folder per data directory (whose lock makes it exclusive): a node restarted after a
         * kill -9 reuses, and the driver wipes, what the killed one left behind.
         */
        private static Path defaultAeronDir(final Path dataDir, final int self) {
            final Path shm = Path.of("/dev/shm");
            final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
            final String key = dataDir.toAbsolutePath().normalize().toString();
            return base.resolve("kairos-aeron-" + self + "-" + Integer.toHexString(key.hashCode()));
        }
    }
}
