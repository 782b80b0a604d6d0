package io.kairos.bench.pipeline;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.TransactionRejectedException;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.pipeline.PipelineConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Yardstick N1: one validator end to end against the machine's raw signature verification, in the
 * same run. One invocation handles a batch of {@value #BATCH} real Ed25519 transfers, so every score
 * is transfers per second.
 *
 * <ul>
 *   <li>{@link #ours}: a started {@link KairosEngine} (decode, {@code k} verifier threads, mempool,
 *       block production and execution on the sequencer) receives the batch through
 *       {@link KairosEngine#submit(byte[])}, the engine's public ingress, and the invocation ends
 *       when {@link KairosEngine#committedTransactions()} shows all of them committed. The embedded
 *       API's futures and its callback thread are part of the cost (there is no future-free
 *       ingress on the engine's public surface).</li>
 *   <li>{@link #rawVerifyAllCores}: the same batch's signatures checked by {@link RawVerifier} on
 *       one thread per core: the machine's verification ceiling, which BENCHMARKS.md's goal (90%)
 *       refers to.</li>
 *   <li>{@link #rawVerify}: the same on {@code k} threads, as many as the engine verifies on, so
 *       ours/rawVerify is the pipeline's efficiency relative to its own verifier threads.</li>
 * </ul>
 *
 * <p>{@code verifiers} sets {@code k}: {@code cores-1} (the engine's default, leaving a core to
 * decode, admission and the submitter), {@code cores}, or a number.
 *
 * <p>Validity: every sender sends one transfer per round, nonce = round (see
 * {@link SignedTransferPool}), so a round applies in full on top of the rounds before it. Each engine
 * lives for {@value #ROUNDS} rounds: round 0 runs in set-up, untimed, to warm the engine (pool
 * entries, index tables, JIT of this instance's paths), then each measured invocation takes the next
 * round; when the rounds run out an invocation-level set-up closes the engine and starts a fresh one,
 * outside the measured time. A transfer that is refused or fails in its block stops the trial:
 * set-up refuses a broken warm-up round, and every invocation's futures are checked after it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ValidatorBenchmark {
    /** Transfers per invocation: two ring-fulls at the default ring size, about 0.7 s per core. */
    static final int BATCH = 8192;
    /** Rounds per engine: one warm-up round and three measured. */
    static final int ROUNDS = 4;
    private static final long SEED = 0x4E31L;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Param({"cores-1", "cores"})
    public String verifiers;

    SignedTransferPool pool;
    int verifierThreads;
    int batch = BATCH;

    @Setup(Level.Trial)
    public void setUp() {
        setUp(BATCH);
    }

    void setUp(final int transfersPerBatch) {
        batch = transfersPerBatch;
        verifierThreads = resolveThreads(verifiers, Runtime.getRuntime().availableProcessors());
        pool = SignedTransferPool.create(batch, ROUNDS, SEED);
    }

    /** {@code cores-1} (at least 1), {@code cores}, or a positive number. */
    static int resolveThreads(final String spec, final int cores) {
        return switch (spec) {
            case "cores-1" -> Math.max(1, cores - 1);
            case "cores" -> cores;
            default -> {
                final int n = Integer.parseInt(spec);
                if (n < 1 || n > PipelineConfig.MAX_VERIFIER_THREADS) {
                    throw new IllegalArgumentException("verifiers must be cores-1, cores or 1.."
                        + PipelineConfig.MAX_VERIFIER_THREADS + ", got " + spec);
                }
                yield n;
            }
        };
    }

    /** The engine of {@link #ours} and where it stands in its rounds. */
    @State(Scope.Thread)
    public static class Engine {
        private ValidatorBenchmark b;
        KairosEngine engine;
        SigningKey validator;
        int round;
        long target;
        final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];
        long enginesStarted;

        @Setup(Level.Trial)
        public void start(final ValidatorBenchmark benchmark) {
            this.b = benchmark;
            fresh();
        }

        /** A new engine with round 0 committed; fails the set-up if any warm-up transfer fails. */
        void fresh() {
            close();
            validator = b.pool.validatorKey();
            final PipelineConfig config = PipelineConfig.defaults(b.pool.genesis.chainId())
                .withVerifierThreads(b.verifierThreads);
            engine = KairosEngine.builder(b.pool.genesis)
                .validator(validator)
                .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
                .pipeline(config)
                .hashSeed(SEED)
                .build();
            engine.start();
            enginesStarted++;
            round = 0;
            target = 0;
            submitRound(this);
            checkRound();
        }

        @Setup(Level.Invocation)
        public void nextRound() {
            if (round == ROUNDS) {
                fresh();
            }
        }

        /** Every transfer of the round just measured must have committed successfully. */
        @TearDown(Level.Invocation)
        public void checkRound() {
            final int n = b.batch;
            for (int i = 0; i < n; i++) {
                final Object outcome = outcome(futures[i], 10);
                if (!(outcome instanceof Receipt r) || r.status() != ReceiptStatus.SUCCESS) {
                    throw new IllegalStateException("transfer " + i + " of round " + (round - 1) + " did not "
                        + "commit successfully: " + outcome + "; the pool or the engine is broken");
                }
                futures[i] = null;
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            if (engine != null) {
                engine.close();
                engine = null;
            }
            if (validator != null) {
                validator.destroy();
                validator = null;
            }
        }
    }

    /** The baselines' verification threads. */
    @State(Scope.Thread)
    public static class Raw {
        RawVerifier same;
        RawVerifier allCores;
        private int round;

        @Setup(Level.Trial)
        public void start(final ValidatorBenchmark b) {
            same = new RawVerifier(b.verifierThreads, PipelineConfig.DEFAULT_BATCH_SIZE);
            allCores = new RawVerifier(Runtime.getRuntime().availableProcessors(), PipelineConfig.DEFAULT_BATCH_SIZE);
            // Refuse to time a verifier that rejects a good signature: the whole pool must verify.
            for (final RawVerifier v : new RawVerifier[] {same, allCores}) {
                final int valid = v.verify(b.pool, 0, b.pool.size());
                if (valid != b.pool.size()) {
                    throw new IllegalStateException((b.pool.size() - valid) + " of " + b.pool.size()
                        + " pool signatures failed raw verification on " + v.threads() + " threads");
                }
            }
        }

        int nextRound() {
            final int r = round;
            round = (round + 1) % ROUNDS;
            return r;
        }

        @TearDown(Level.Trial)
        public void close() {
            if (same != null) {
                same.close();
                allCores.close();
                same = null;
                allCores = null;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long ours(final Engine e) {
        submitRound(e);
        return e.target;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int rawVerifyAllCores(final Raw raw) {
        return verified(raw.allCores, raw.nextRound());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int rawVerify(final Raw raw) {
        return verified(raw.same, raw.nextRound());
    }

    private int verified(final RawVerifier v, final int round) {
        final int valid = v.verify(pool, pool.index(round, 0), batch);
        if (valid != batch) {
            throw new IllegalStateException((batch - valid) + " signatures of round " + round + " failed");
        }
        return valid;
    }

    /**
     * Submits the engine's next round through its ingress, backing off while the ring is full, and
     * waits until the engine has committed all of it.
     */
    static void submitRound(final Engine e) {
        final ValidatorBenchmark b = e.b;
        final KairosEngine engine = e.engine;
        final int first = b.pool.index(e.round, 0);
        final int n = b.batch;
        e.target += n;
        for (int i = 0; i < n; i++) {
            e.futures[i] = submit(engine, b.pool.encoded[first + i]);
        }
        e.round++;
        awaitCommitted(e);
    }

    static CompletableFuture<Receipt> submit(final KairosEngine engine, final byte[] tx) {
        for (int attempt = 0; ; attempt++) {
            final CompletableFuture<Receipt> f = engine.submit(tx);
            if (!busy(f)) {
                return f;
            }
            // The ring is full: give the pipeline the core rather than spinning on it.
            if (attempt < 4) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private static boolean busy(final CompletableFuture<Receipt> f) {
        return f.state() == Future.State.FAILED && f.exceptionNow() instanceof TransactionRejectedException r
            && r.reason() == RejectReason.BUSY;
    }

    /** Parks (never spins: the submitting thread must not take a core from the pipeline) until done. */
    private static void awaitCommitted(final Engine e) {
        long seen = e.engine.committedTransactions();
        long progressAt = System.nanoTime();
        while (seen < e.target) {
            LockSupport.parkNanos(50_000);
            final long now = e.engine.committedTransactions();
            if (now != seen) {
                seen = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALL_NANOS) {
                throw new IllegalStateException("the engine committed " + now + " of " + e.target
                    + " transfers and made no progress for 30 s; mempool " + e.engine.mempoolMetrics().snapshot());
            }
        }
    }

    /**
     * The receipt, or the failure, of a submission that must have ended within {@code seconds}; a
     * string saying why there is neither (never submitted, timed out, interrupted).
     */
    static Object outcome(final CompletableFuture<?> f, final int seconds) {
        if (f == null) {
            return "never submitted";
        }
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (final ExecutionException ex) {
            return ex.getCause();
        } catch (final TimeoutException ex) {
            return "no outcome within " + seconds + " s";
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
