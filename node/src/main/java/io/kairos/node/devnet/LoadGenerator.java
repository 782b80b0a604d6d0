package io.kairos.node.devnet;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.TransactionRejectedException;
import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits real signed transfers through the engine's ingress at a target rate: senders in turn,
 * recipients drawn from a seeded random stream, nonces in order per sender. Measures commit latency
 * (submit to receipt) into an HdrHistogram and counts every outcome.
 *
 * <p>One thread ({@link #run}); the counters may be read from any thread. A submission refused as
 * {@link RejectReason#BUSY} is retried with the same nonce, so back-pressure slows the generator
 * instead of opening nonce gaps.
 */
public final class LoadGenerator implements Runnable {
    private static final long SUBMIT_LATENCY_CEILING_NANOS = 60_000_000_000L;

    private final List<KairosEngine> engines;
    private final List<SigningKey> accounts;
    private final Address[] addresses;
    private final long chainId;
    private final long targetTps;
    private final long fee;
    private final SplittableRandom random;
    private final long[] nonces;
    private final LatencyLog latency = new LatencyLog(SUBMIT_LATENCY_CEILING_NANOS);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failedInBlock = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
    private volatile boolean stop;

    public LoadGenerator(final KairosEngine engine, final List<SigningKey> accounts, final long targetTps,
                         final long fee, final long seed) {
        this(List.of(engine), accounts, targetTps, fee, seed);
    }

    /**
     * Spreads the load over several validators' engines (one process, several validators): account i
     * always submits to {@code engines.get(i % engines.size())}, so its nonces stay in order in one pool.
     */
    public LoadGenerator(final List<KairosEngine> engines, final List<SigningKey> accounts, final long targetTps,
                         final long fee, final long seed) {
        if (accounts.size() < 2) {
            throw new IllegalArgumentException("the load needs at least two accounts");
        }
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("the load needs an engine");
        }
        this.engines = List.copyOf(engines);
        final KairosEngine engine = this.engines.getFirst();
        this.accounts = accounts;
        this.addresses = accounts.stream().map(SigningKey::address).toArray(Address[]::new);
        this.chainId = engine.genesis().chainId();
        this.targetTps = targetTps;
        this.fee = fee;
        this.random = new SplittableRandom(seed);
        this.nonces = new long[accounts.size()];
    }

    /** Submits until {@link #stop()}; paces itself against {@link System#nanoTime()}. */
    @Override
    public void run() {
        if (targetTps <= 0) {
            return;
        }
        final long start = System.nanoTime();
        long sent = 0;
        int sender = 0;
        Transaction pending = null;
        while (!stop) {
            final long due = (System.nanoTime() - start) * targetTps / 1_000_000_000L;
            if (sent >= due) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            if (pending == null) {
                int to = random.nextInt(addresses.length - 1);
                if (to >= sender) {
                    to++;
                }
                pending = Transaction.transfer().chainId(chainId).nonce(nonces[sender]).fee(fee)
                    .recipient(addresses[to]).amount(1 + random.nextInt(1000)).sign(accounts.get(sender));
            }
            final long t0 = System.nanoTime();
            final var future = engines.get(sender % engines.size()).submit(pending);
            if (future.isCompletedExceptionally() && reason(future) == RejectReason.BUSY) {
                busy.incrementAndGet();
                LockSupport.parkNanos(100_000);
                continue;
            }
            nonces[sender]++;
            sender = (sender + 1) % accounts.size();
            pending = null;
            sent++;
            submitted.incrementAndGet();
            future.whenComplete((receipt, error) -> {
                if (error == null) {
                    latency.record(System.nanoTime() - t0);
                    if (receipt.status() == ReceiptStatus.SUCCESS) {
                        committed.incrementAndGet();
                    } else {
                        failedInBlock.incrementAndGet();
                    }
                } else if (error.getCause() instanceof TransactionRejectedException r) {
                    rejected.incrementAndGet(r.reason().ordinal());
                } else if (error instanceof TransactionRejectedException r) {
                    rejected.incrementAndGet(r.reason().ordinal());
                }
            });
        }
    }

    private static RejectReason reason(final java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (final RuntimeException e) {
            return e.getCause() instanceof TransactionRejectedException r ? r.reason() : null;
        }
    }

    /**
     * Starts each account's nonces at its committed nonce (a devnet continued from disk). Call before
     * {@link #run()}, after the engine has started.
     */
    public void resumeNonces() throws InterruptedException, java.util.concurrent.ExecutionException,
        java.util.concurrent.TimeoutException {
        for (int i = 0; i < addresses.length; i++) {
            nonces[i] = engines.getFirst().nonce(addresses[i]).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public void stop() {
        stop = true;
    }

    /** Latencies recorded since the last call (and adds them to the run's total). */
    public Histogram intervalLatency() {
        return latency.interval();
    }

    /** Every latency of the run so far (call {@link #intervalLatency()} first to include the latest). */
    public Histogram totalLatency() {
        return latency.total();
    }

    public long submitted() {
        return submitted.get();
    }

    public long committed() {
        return committed.get();
    }

    public long failedInBlock() {
        return failedInBlock.get();
    }

    public long busyRetries() {
        return busy.get();
    }

    public Map<RejectReason, Long> rejected() {
        final Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        for (final RejectReason r : RejectReason.values()) {
            final long n = rejected.get(r.ordinal());
            if (n > 0) {
                out.put(r, n);
            }
        }
        return out;
    }
}
