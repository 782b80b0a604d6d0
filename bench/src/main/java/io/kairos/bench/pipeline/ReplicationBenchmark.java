package io.kairos.bench.pipeline;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Allocation;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.node.validator.LocalCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Yardstick C1: what replication costs. The same signed transfers go through the same node stack
 * ({@code ValidatorNode}: ingress, mempool, consensus, journal, safety record, certificates and the
 * Aeron transport) in one JVM over IPC, either as a network of four validators ({@link #fourValidators},
 * 2f+1 = 3 votes per step) or as a network of one ({@link #oneValidator}, the n = 1 case N1's engine
 * runs, on the same stack so that the ratio is replication alone). One invocation is a round of
 * {@value #BATCH} transfers; the score is transfers finalized per second.
 *
 * <p>Validators propose only from their own pool, so sender {@code s} submits to validator
 * {@code s mod 4} and every leader has work. A cluster lives for {@value #ROUNDS} rounds (the first,
 * untimed, warms it up); then a fresh one starts in an invocation set-up. A transfer that fails stops
 * the trial. The two-core build machine runs four validators, their transport threads and the
 * submitter on two cores: figures from it say what replication costs there, not on a real network.
 *
 * <p>{@link #aeronCluster} is BENCHMARKS.md's crash-fault baseline: the same transfers, the same
 * ledger rules and the same per-transfer work (decode, Ed25519 verification, execution) replicated by
 * Aeron Cluster's Raft over {@value #AERON_MEMBERS} members ({@link AeronClusterLedger}), with the
 * same round and lifecycle; a round ends when the client holds all {@value #BATCH} acknowledgements.
 * {@link #aeronClusterFourMembers} runs four members, as many as the validators, and is listed
 * without a ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ReplicationBenchmark {
    static final int BATCH = 2048;
    static final int ROUNDS = 4;
    static final int VALIDATORS = 4;
    /** Aeron Cluster's usual size, tolerating one crash, as four validators tolerate one byzantine fault. */
    static final int AERON_MEMBERS = AeronClusterLedger.DEFAULT_MEMBERS;
    private static final long SEED = 0xC1L;
    private static final int TERM = 8 * 1024 * 1024;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    SignedTransferPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        pool = SignedTransferPool.create(BATCH, ROUNDS, SEED);
    }

    /** A network of {@code n} validators holding exactly the pool's sender balances (same chain id). */
    static Genesis network(final SignedTransferPool pool, final List<SigningKey> validators) {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0);
        for (int i = 0; i < validators.size(); i++) {
            b.validator("v" + i, SchemeId.ED25519, validators.get(i).publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:" + (7200 + i));
        }
        for (final Allocation a : pool.genesis.allocations()) {
            if (!a.address().equals(pool.proposer)) {
                b.allocation(a.address(), a.balance());
            }
        }
        try (SigningKey treasury = Ed25519Scheme.INSTANCE.fromSeed(seed(999))) {
            return b.remainderTo(treasury.address()).build();
        }
    }

    static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[31] = (byte) 0xC1;
        return s;
    }

    /** A cluster of some size and where it stands in its rounds; JMH runs the lifecycle it declares. */
    public abstract static class Cluster {
        ReplicationBenchmark b;
        final List<SigningKey> keys = new ArrayList<>();
        LocalCluster cluster;
        Path dir;
        int round;
        long target;
        final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

        abstract int size();

        @Setup(Level.Trial)
        public void setUp(final ReplicationBenchmark benchmark) {
            start(benchmark);
        }

        @Setup(Level.Invocation)
        public void nextRound() {
            next();
        }

        @TearDown(Level.Invocation)
        public void checkRound() {
            check();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            close();
        }

        void start(final ReplicationBenchmark benchmark) {
            this.b = benchmark;
            for (int i = 0; i < size(); i++) {
                keys.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
            }
            fresh();
        }

        void fresh() {
            stop();
            dir = tempDir();
            cluster = LocalCluster.start(network(b.pool, keys), keys, dir, TERM, n -> n.verifierThreads(1));
            round = 0;
            target = 0;
            submitRound(this);
            check();
        }

        void next() {
            if (round == ROUNDS) {
                fresh();
            }
        }

        /** Every transfer of the round just measured committed successfully. */
        void check() {
            for (int i = 0; i < BATCH; i++) {
                final Object outcome = ValidatorBenchmark.outcome(futures[i], 30);
                if (!(outcome instanceof Receipt r) || r.status() != ReceiptStatus.SUCCESS) {
                    throw new IllegalStateException("transfer " + i + " of round " + (round - 1) + " on "
                        + size() + " validators did not commit successfully: " + outcome);
                }
                futures[i] = null;
            }
        }

        void stop() {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
            deleteTree(dir);
            dir = null;
        }

        void close() {
            stop();
            keys.forEach(SigningKey::destroy);
            keys.clear();
        }
    }

    @State(Scope.Thread)
    public static class Four extends Cluster {
        @Override
        int size() {
            return VALIDATORS;
        }
    }

    @State(Scope.Thread)
    public static class One extends Cluster {
        @Override
        int size() {
            return 1;
        }
    }

    /** An Aeron Cluster and where it stands in its rounds; the same lifecycle as {@link Cluster}. */
    public abstract static class Raft {
        ReplicationBenchmark b;
        AeronClusterLedger ledger;
        Path dir;
        int round;
        long target;

        abstract int members();

        @Setup(Level.Trial)
        public void setUp(final ReplicationBenchmark benchmark) {
            this.b = benchmark;
            fresh();
        }

        @Setup(Level.Invocation)
        public void nextRound() {
            if (round == ROUNDS) {
                fresh();
            }
        }

        @TearDown(Level.Invocation)
        public void checkRound() {
            check();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }

        void fresh() {
            stop();
            dir = tempDir();
            ledger = AeronClusterLedger.start(members(), b.pool.genesis, b.pool.proposer, dir);
            round = 0;
            target = 0;
            submitRound(this);
            check();
        }

        /** Every transfer acknowledged so far was applied. */
        void check() {
            if (ledger.applied() != target) {
                throw new IllegalStateException(ledger.applied() + " of " + target + " transfers applied by Aeron "
                    + "Cluster of " + members() + " after round " + (round - 1) + "; last acknowledgement: "
                    + ledger.lastAck());
            }
        }

        void stop() {
            if (ledger != null) {
                ledger.close();
                ledger = null;
            }
            deleteTree(dir);
            dir = null;
        }
    }

    @State(Scope.Thread)
    public static class ThreeMembers extends Raft {
        @Override
        int members() {
            return AERON_MEMBERS;
        }
    }

    @State(Scope.Thread)
    public static class FourMembers extends Raft {
        @Override
        int members() {
            return VALIDATORS;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long aeronCluster(final ThreeMembers r) {
        submitRound(r);
        return r.target;
    }

    /** Aeron Cluster with as many members as there are validators (tolerating still one crash); no ratio. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long aeronClusterFourMembers(final FourMembers r) {
        submitRound(r);
        return r.target;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long fourValidators(final Four c) {
        submitRound(c);
        return c.target;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long oneValidator(final One c) {
        submitRound(c);
        return c.target;
    }

    /** Submits the next round to the Aeron Cluster leader and waits for every acknowledgement. */
    static void submitRound(final Raft r) {
        final SignedTransferPool pool = r.b.pool;
        final int first = pool.index(r.round, 0);
        for (int s = 0; s < BATCH; s++) {
            r.ledger.submit(pool.encoded[first + s]);
        }
        r.round++;
        r.target += BATCH;
        r.ledger.awaitAcknowledged(r.target);
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("kairos-c1-");
        } catch (final IOException e) {
            throw new IllegalStateException("cannot create a data directory: " + e.getMessage(), e);
        }
    }

    static void deleteTree(final Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            // a temp directory left behind is the only cost
        }
    }

    /** Submits the next round, sender s to validator s mod n, and waits until validator 0 committed it. */
    static void submitRound(final Cluster c) {
        final SignedTransferPool pool = c.b.pool;
        final int first = pool.index(c.round, 0);
        final int n = c.size();
        final KairosEngine observer = c.cluster.node(0).engine();
        final long before = observer.committedTransactions();
        for (int s = 0; s < BATCH; s++) {
            c.futures[s] = ValidatorBenchmark.submit(c.cluster.node(s % n).engine(), pool.encoded[first + s]);
        }
        c.round++;
        c.target = before + BATCH;
        long seen = before;
        long progressAt = System.nanoTime();
        while (seen < c.target) {
            LockSupport.parkNanos(100_000);
            final long now = observer.committedTransactions();
            if (now != seen) {
                seen = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALL_NANOS) {
                throw new IllegalStateException(n + " validators committed " + (now - before) + " of " + BATCH
                    + " transfers and made no progress for 60 s");
            }
        }
    }
}
