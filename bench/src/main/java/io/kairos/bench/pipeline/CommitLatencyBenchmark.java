package io.kairos.bench.pipeline;

import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.journal.SyncPolicy;
import io.kairos.node.validator.LocalCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Yardstick C1L: commit latency with nothing else in flight. One invocation submits one signed
 * transfer and waits until it is committed; JMH's sample mode gives the distribution (p50, p99).
 *
 * <ul>
 *   <li>{@link #fourValidators} (ours): four validators on the node stack of {@link ReplicationBenchmark},
 *       the transfer submitted to the round-0 leader of the next height and timed until that validator
 *       hands back its receipt. Like Aeron Cluster's client, which always sends to the leader, the client
 *       follows the leader schedule. Journal, safety record and certificates sync per block
 *       ({@code SyncPolicy.BATCH}, the node's default).</li>
 *   <li>{@link #fourValidatorsNoSync}: the same with {@code SyncPolicy.NONE}, records left in the page
 *       cache, the durability Aeron Cluster's defaults give.</li>
 *   <li>{@link #fourValidatorsAnyValidator}: the same as ours, but submitted to a validator picked at
 *       random (seeded). Validators propose only from their own pool, so the transfer waits until its
 *       validator leads, and each idle leader before it waits out the one-second empty-block interval.</li>
 *   <li>{@link #aeronCluster} (baseline): the same transfer to Aeron Cluster's leader
 *       ({@link AeronClusterLedger}, {@value ReplicationBenchmark#AERON_MEMBERS} members), timed until
 *       the acknowledgement arrives, which the leader sends once a majority has the transfer in its log
 *       and the leader has executed it.</li>
 * </ul>
 *
 * The pool holds {@value #SENDERS} senders with {@value #ROUNDS} transfers each, submitted in order
 * (round by round). A fresh cluster commits its first transfer untimed (start-up, first heights); a
 * cluster that has used the whole pool is replaced in an invocation set-up. A transfer that is not
 * applied stops the trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class CommitLatencyBenchmark {
    static final int SENDERS = 256;
    static final int ROUNDS = 128;
    private static final long SEED = 0xC1AL;
    private static final int TERM = 8 * 1024 * 1024;

    SignedTransferPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        pool = SignedTransferPool.create(SENDERS, ROUNDS, SEED);
    }

    /** Four validators and the next pool transfer to send them; JMH runs the lifecycle it declares. */
    public abstract static class Validators {
        CommitLatencyBenchmark b;
        final List<SigningKey> keys = new ArrayList<>();
        LocalCluster cluster;
        ValidatorSet validators;
        /** {@code node[v]} is the cluster position of validator index {@code v}. */
        final int[] node = new int[ReplicationBenchmark.VALIDATORS];
        final SplittableRandom random = new SplittableRandom(SEED);
        Path dir;
        int next;
        long lastHeight;

        abstract SyncPolicy syncPolicy();

        @Setup(Level.Trial)
        public void setUp(final CommitLatencyBenchmark benchmark) {
            this.b = benchmark;
            for (int i = 0; i < ReplicationBenchmark.VALIDATORS; i++) {
                keys.add(Ed25519Scheme.INSTANCE.fromSeed(ReplicationBenchmark.seed(i)));
            }
            fresh();
        }

        @Setup(Level.Invocation)
        public void nextTransfer() {
            if (next == b.pool.size()) {
                fresh();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
            keys.forEach(SigningKey::destroy);
            keys.clear();
        }

        void fresh() {
            stop();
            dir = ReplicationBenchmark.tempDir();
            cluster = LocalCluster.start(ReplicationBenchmark.network(b.pool, keys), keys, dir, TERM,
                n -> n.verifierThreads(1).syncPolicy(syncPolicy()));
            validators = ValidatorSet.of(cluster.genesis());
            for (int i = 0; i < cluster.size(); i++) {
                node[cluster.node(i).index()] = i;
            }
            next = 0;
            lastHeight = 0;
            awaitHeight(2);
            commit(nextLeader());
        }

        /**
         * Waits until every validator has committed {@code height} blocks (empty ones, a second apart),
         * so that the first timed transfer does not meet a cluster still connecting its peers.
         */
        void awaitHeight(final long height) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < cluster.size(); i++) {
                while (cluster.node(i).engine().height() < height) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the four validators did not reach height " + height
                            + " within 60 s: " + heights());
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        }

        String heights() {
            final StringBuilder b = new StringBuilder("heights");
            for (int i = 0; i < cluster.size(); i++) {
                b.append(' ').append(cluster.node(i).engine().height());
            }
            return b.toString();
        }

        void stop() {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
            ReplicationBenchmark.deleteTree(dir);
            dir = null;
        }

        /**
         * The cluster position of the round-0 leader of the next height: the one after the highest block
         * any validator has committed or the last receipt named (the validator that answered may be
         * ahead of the others).
         */
        int nextLeader() {
            long height = lastHeight;
            for (int i = 0; i < cluster.size(); i++) {
                height = Math.max(height, cluster.node(i).engine().height());
            }
            return node[validators.leader(height + 1, 0)];
        }

        /** Submits the next transfer to the validator at position {@code to} and waits for its receipt there. */
        Receipt commit(final int to) {
            final byte[] tx = b.pool.encoded[next++];
            final Object outcome = ValidatorBenchmark.outcome(
                ValidatorBenchmark.submit(cluster.node(to).engine(), tx), 60);
            if (!(outcome instanceof Receipt r) || r.status() != ReceiptStatus.SUCCESS) {
                throw new IllegalStateException("transfer " + (next - 1) + " submitted to validator " + to
                    + " did not commit successfully: " + outcome + "; " + heights());
            }
            lastHeight = Math.max(lastHeight, r.blockHeight());
            return r;
        }
    }

    @State(Scope.Thread)
    public static class Four extends Validators {
        @Override
        SyncPolicy syncPolicy() {
            return SyncPolicy.BATCH;
        }
    }

    @State(Scope.Thread)
    public static class FourNoSync extends Validators {
        @Override
        SyncPolicy syncPolicy() {
            return SyncPolicy.NONE;
        }
    }

    /** The Aeron Cluster baseline and the next pool transfer to send it. */
    @State(Scope.Thread)
    public static class Raft {
        CommitLatencyBenchmark b;
        AeronClusterLedger ledger;
        Path dir;
        int next;

        @Setup(Level.Trial)
        public void setUp(final CommitLatencyBenchmark benchmark) {
            this.b = benchmark;
            fresh();
        }

        @Setup(Level.Invocation)
        public void nextTransfer() {
            if (next == b.pool.size()) {
                fresh();
            }
        }

        @TearDown(Level.Invocation)
        public void check() {
            if (ledger.applied() != next) {
                throw new IllegalStateException("transfer " + (next - 1) + " was not applied by Aeron Cluster: "
                    + ledger.lastAck());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }

        void fresh() {
            stop();
            dir = ReplicationBenchmark.tempDir();
            ledger = AeronClusterLedger.start(ReplicationBenchmark.AERON_MEMBERS, b.pool.genesis, b.pool.proposer, dir);
            next = 0;
            commit();
            check();
        }

        void commit() {
            ledger.submit(b.pool.encoded[next++]);
            ledger.awaitAcknowledged(next);
        }

        void stop() {
            if (ledger != null) {
                ledger.close();
                ledger = null;
            }
            ReplicationBenchmark.deleteTree(dir);
            dir = null;
        }
    }

    @Benchmark
    public Receipt fourValidators(final Four f) {
        return f.commit(f.nextLeader());
    }

    @Benchmark
    public Receipt fourValidatorsNoSync(final FourNoSync f) {
        return f.commit(f.nextLeader());
    }

    @Benchmark
    public Receipt fourValidatorsAnyValidator(final Four f) {
        return f.commit(f.random.nextInt(ReplicationBenchmark.VALIDATORS));
    }

    @Benchmark
    public long aeronCluster(final Raft r) {
        r.commit();
        return r.ledger.acknowledged();
    }
}
