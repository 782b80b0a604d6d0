package io.kairos.bench.journal;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import io.kairos.engine.sequencer.Replayer;
import io.kairos.engine.sequencer.StateRecovery;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.JournalConfig;
import io.kairos.journal.SyncPolicy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * J1, recovery side: what a restart costs once the journal is read.
 *
 * <ul>
 *   <li>{@code replay}: one operation replays, from the genesis state, a real journal of
 *       {@value #TRANSFERS} signed transfers (blocks as a live engine cut them, between
 *       {@value #SENDERS} senders and {@value #DORMANT} other accounts): every block read from the
 *       Chronicle files, decoded, its transaction hashes checked, re-executed, the touched accounts
 *       put into the state tree and the root compared with the header ({@link Replayer}, as
 *       {@link StateRecovery} runs it). The genesis state and tree are built before each operation,
 *       outside the measured time.
 *       Transfers per second = score x {@value #TRANSFERS}. The baseline is the same recovery over
 *       the same blocks held in memory ({@link InMemoryBlockStore}), so the ratio is what reading
 *       the journal adds to execution and state roots. Signatures are not re-verified on replay:
 *       they were verified before the blocks were committed, and the journal's CRCs guard the bytes.</li>
 *   <li>{@code stateRoot}: one operation updates {@value #TOUCHED} accounts (a block of 1,000
 *       transfers touches about that many) in a state tree of {@value #TREE_ACCOUNTS} accounts and
 *       computes the new root; the baseline only hashes those {@value #TOUCHED} leaves' bytes, the
 *       least any commitment must do, so the ratio is the price of the tree paths. Cost per touched
 *       account = 1 / (score x {@value #TOUCHED}).</li>
 * </ul>
 * Set-up checks its work: the journal must hold every transfer, and a recovery's root must equal the
 * last header's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RecoveryBenchmark {
    static final int TRANSFERS = 40_000;
    static final int SENDERS = 1_000;
    static final int DORMANT = 100_000;
    static final int TREE_ACCOUNTS = 1_000_000;
    static final int TOUCHED = 2_000;

    @Param({"replay", "stateRoot"})
    public String workload;

    private Path dir;
    private Genesis genesis;
    private BlockJournal journal;
    private InMemoryBlockStore memory;
    private Hash expectedRoot;
    private BlockExecutor executor;
    private StateTree startTree;

    private StateTree tree;
    private Address[] accounts;
    private byte[][] leaves;
    private SplittableRandom random;
    private long round;
    private final MessageDigest sha = Hashing.newSha256();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        switch (workload) {
            case "replay" -> setUpReplay(Files.createTempDirectory("kairos-j1r-"), TRANSFERS);
            case "stateRoot" -> setUpStateRoot(TREE_ACCOUNTS);
            default -> throw new IllegalStateException("unknown workload " + workload + ", expected replay or stateRoot");
        }
    }

    void setUpReplay(final Path directory, final int transfers) throws Exception {
        dir = directory;
        final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(seed(0, 1));
        final List<SigningKey> senders = new ArrayList<>(SENDERS);
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET).genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100");
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i, 2)));
            b.allocation(senders.get(i).address(), Amounts.tokens(1_000));
        }
        final Address[] dormant = new Address[DORMANT];
        for (int i = 0; i < DORMANT; i++) {
            dormant[i] = syntheticAddress(i);
            b.allocation(dormant[i], 1 + i);
        }
        genesis = b.remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(0, 3)).address()).build();

        journal = BlockJournal.open(JournalConfig.defaults(dir.resolve("journal")).withSyncPolicy(SyncPolicy.NONE));
        final SplittableRandom r = new SplittableRandom(7);
        final long[] nonces = new long[SENDERS];
        try (KairosEngine engine = KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).blockStore(journal).build()) {
            engine.start();
            final List<CompletableFuture<Receipt>> pending = new ArrayList<>();
            for (int n = 0; n < transfers; n++) {
                final int from = n % SENDERS;
                final Address to = r.nextBoolean() ? dormant[r.nextInt(DORMANT)] : senders.get(r.nextInt(SENDERS)).address();
                pending.add(engine.submit(Transaction.transfer().chainId(genesis.chainId()).nonce(nonces[from]++).fee(1)
                    .recipient(to).amount(1 + r.nextInt(1000)).sign(senders.get(from)), 10, TimeUnit.SECONDS));
            }
            for (final CompletableFuture<Receipt> f : pending) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        memory = new InMemoryBlockStore(Long.MAX_VALUE);
        long committed = 0;
        for (long h = 1; h <= journal.height(); h++) {
            memory.append(journal.block(h));
            committed += journal.block(h).transactionCount();
        }
        if (committed != transfers) {
            throw new IllegalStateException("the journal holds " + committed + " transfers, submitted " + transfers);
        }
        expectedRoot = journal.block(journal.height()).header().stateRoot();
        if (!recover(journal).equals(expectedRoot) || !recover(memory).equals(expectedRoot)) {
            throw new IllegalStateException("recovery does not reach the last header's state root");
        }
    }

    void setUpStateRoot(final int size) {
        accounts = new Address[size];
        final List<LedgerState.Account> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            accounts[i] = syntheticAddress(i);
            all.add(new LedgerState.Account(accounts[i], 1_000_000, 0));
        }
        tree = StateTree.fromAccounts(all);
        leaves = new byte[TOUCHED][];
        random = new SplittableRandom(11);
        for (int i = 0; i < TOUCHED; i++) {
            leaves[i] = new byte[Address.LENGTH + 16];
            accounts[random.nextInt(size)].write(new UnsafeBuffer(leaves[i]), 0);
        }
    }

    private static Address syntheticAddress(final int i) {
        final byte[] a = new byte[Address.LENGTH];
        final SplittableRandom r = new SplittableRandom(0x5EED_0000L + i);
        r.nextBytes(a);
        return Address.of(a);
    }

    private static byte[] seed(final int i, final int tag) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[1] = (byte) (i >>> 8);
        s[2] = (byte) tag;
        return s;
    }

    /** The root a full recovery of {@code store} reaches (a fresh hash seed each time, as restarts have). */
    Hash recover(final BlockStore store) {
        return StateRecovery.recover(genesis, store, null, round++, CodecLimits.DEFAULT, SystemNanoClock.INSTANCE)
            .tree().root();
    }

    /**
     * Outside the measured time: the genesis state, executor and state tree a replay starts from
     * (building the tree over {@value #DORMANT} genesis accounts costs more than replaying the blocks,
     * and a snapshot load replaces it in practice).
     */
    @Setup(Level.Invocation)
    public void freshGenesisState() {
        if (workload.equals("replay")) {
            final LedgerState state = LedgerState.fromGenesis(genesis, round++);
            executor = new BlockExecutor(genesis, state);
            startTree = StateTree.fromAccounts(state.accountsSorted());
        }
    }

    private Hash replay(final BlockStore store) {
        final Replayer.Result r = Replayer.replay(genesis, store, executor, startTree, 0, genesis.hash(),
            genesis.genesisTimeMillis(), CodecLimits.DEFAULT);
        if (r.height() != store.height()) {
            throw new IllegalStateException("replayed to " + r.height() + " of " + store.height());
        }
        return startTree.root();
    }

    Hash expectedRoot() {
        return expectedRoot;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (journal != null) {
            journal.close();
            try (var files = Files.walk(dir)) {
                for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Benchmark
    public Hash ours() {
        if (workload.equals("replay")) {
            return replay(journal);
        }
        final long value = ++round;
        for (int i = 0; i < TOUCHED; i++) {
            tree.update(accounts[random.nextInt(accounts.length)], value, i);
        }
        return tree.root();
    }

    @Benchmark
    public Object baseline() {
        if (workload.equals("replay")) {
            return replay(memory);
        }
        final long value = ++round;
        byte[] digest = null;
        for (int i = 0; i < TOUCHED; i++) {
            final byte[] leaf = leaves[i];
            leaf[Address.LENGTH] = (byte) value;
            sha.update(leaf);
            digest = sha.digest();
        }
        return digest;
    }
}
