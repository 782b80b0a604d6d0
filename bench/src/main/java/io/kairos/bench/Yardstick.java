package io.kairos.bench;

import io.kairos.bench.consensus.ConsensusBenchmark;
import io.kairos.bench.crypto.Ed25519VerifyBenchmark;
import io.kairos.bench.crypto.MlDsa44VerifyBenchmark;
import io.kairos.bench.execution.ExecutionBenchmark;
import io.kairos.bench.journal.JournalBenchmark;
import io.kairos.bench.journal.RecoveryBenchmark;
import io.kairos.bench.pipeline.CommitLatencyBenchmark;
import io.kairos.bench.pipeline.HotPathAllocationBenchmark;
import io.kairos.bench.pipeline.ReplicationBenchmark;
import io.kairos.bench.pipeline.ValidatorBenchmark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The yardsticks of BENCHMARKS.md that have a JMH benchmark: each names its benchmark class, the
 * method that measures our code and the baseline methods it is compared against in the same run.
 */
public enum Yardstick {
    S1("Ed25519 verifications per second, one thread", Ed25519VerifyBenchmark.class,
        "ours", List.of("bcSigner", "bcRfc8032", "jdk")),
    S2("ML-DSA-44 verifications per second, one thread", MlDsa44VerifyBenchmark.class,
        "ours", List.of("bcSigner")),
    E1("pre-verified transfers per second, one execution thread, 1M accounts", ExecutionBenchmark.class,
        "ours", List.of("naiveMap")),
    N1("one validator end to end, transfers committed per second, against raw verification",
        ValidatorBenchmark.class, "ours", List.of("rawVerifyAllCores", "rawVerify")),
    /** No baseline: run with -prof gc, the figure is bytes allocated per transaction on each path. */
    H1("hot-path allocation per transaction, one thread (run with -prof gc)", HotPathAllocationBenchmark.class,
        "decode", List.of()),
    /** One ratio per workload: append, append with a sync every 16 blocks, and replay (read-back). */
    J1("block journal append and replay, blocks of 1,000 transfers per second, against raw Chronicle Queue",
        JournalBenchmark.class, "ours", List.of("rawChronicle")),
    /**
     * J1's recovery side, one ratio per workload: a full replay from the journal against the same
     * replay from memory, and a state-root update against hashing only the touched leaves.
     */
    J1R("J1 recovery: replay through execution and state roots (ops of 40,000 transfers), state-root update "
        + "(ops of 2,000 touched accounts)", RecoveryBenchmark.class, "ours", List.of("baseline")),
    /**
     * What consensus validation costs a validator per validator-set size, a component of C1: a commit
     * certificate checked as one batch through the verifier seam (ours, the path an accelerator takes)
     * against the same 2f+1 signatures checked one by one. {@code validateVote} (one vote: decode,
     * membership, signature) is listed beside them without a ratio.
     */
    C0("consensus validation cost, microseconds: a commit certificate as one verifier batch against one by one, "
        + "and one vote", ConsensusBenchmark.class, "certificateBatched", List.of("certificateOneByOne")),
    /**
     * What replication costs: the same transfers through the same node stack (consensus, journal,
     * safety record, transport over IPC) as four validators against one, and against Aeron Cluster
     * (Raft, three members over UDP loopback) running the same ledger rules; transfers finalized per second.
     */
    C1("four validators in one JVM over Aeron IPC against one on the same stack and against Aeron Cluster "
        + "(Raft), transfers finalized per second",
        ReplicationBenchmark.class, "fourValidators", List.of("oneValidator", "aeronCluster")),
    /**
     * C1's commit latency: one transfer at a time, submitted to the next height's leader and timed
     * until committed, four validators against Aeron Cluster (Raft, three members, client to its
     * leader) doing the same work per transfer. JMH prints p50/p99; the ratio is of the means.
     * {@code fourValidatorsNoSync} (records left in the page cache, as Aeron's defaults do) and
     * {@code fourValidatorsAnyValidator} (sent to a random validator) are listed beside them without a ratio.
     */
    C1L("commit latency, one transfer at a time, milliseconds: four validators against Aeron Cluster (Raft)",
        CommitLatencyBenchmark.class, "fourValidators", List.of("aeronCluster"));

    private final String title;
    private final String benchmarkClass;
    private final String ours;
    private final List<String> baselines;

    Yardstick(final String title, final Class<?> benchmarkClass, final String ours, final List<String> baselines) {
        this.title = title;
        this.benchmarkClass = benchmarkClass.getName();
        this.ours = ours;
        this.baselines = baselines;
    }

    public String title() {
        return title;
    }

    /** Fully qualified name of the JMH benchmark class. */
    public String benchmarkClass() {
        return benchmarkClass;
    }

    /** The benchmark method that measures our code. */
    public String ours() {
        return ours;
    }

    /** The benchmark methods measuring the baselines, in the order the report lists them. */
    public List<String> baselines() {
        return baselines;
    }

    /** A JMH include pattern selecting exactly this yardstick's benchmarks. */
    public String includePattern() {
        return "^" + Pattern.quote(benchmarkClass) + "\\.";
    }

    /** The yardstick called {@code id} (any case), if there is one. */
    public static Optional<Yardstick> byId(final String id) {
        for (final Yardstick y : values()) {
            if (y.name().equals(id.toUpperCase(Locale.ROOT))) {
                return Optional.of(y);
            }
        }
        return Optional.empty();
    }

    /** The yardstick that a fully qualified benchmark name ({@code class.method}) belongs to. */
    public static Optional<Yardstick> ofBenchmark(final String benchmark) {
        final int dot = benchmark.lastIndexOf('.');
        final String className = dot < 0 ? "" : benchmark.substring(0, dot);
        for (final Yardstick y : values()) {
            if (y.benchmarkClass.equals(className)) {
                return Optional.of(y);
            }
        }
        return Optional.empty();
    }
}
