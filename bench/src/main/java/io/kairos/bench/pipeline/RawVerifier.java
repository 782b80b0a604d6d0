package io.kairos.bench.pipeline;

import io.kairos.engine.crypto.CpuBatchVerifier;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.VerificationBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N1's baseline: the signatures alone, checked the way a pipeline verifier checks them
 * ({@link CpuBatchVerifier} over {@link VerificationBatch}es of the pipeline's batch size) on
 * {@code threads} threads, each taking a contiguous share of the input. Nothing else: no decoding,
 * hashing, pool or execution, and the signing bytes are pre-built ({@link SignedTransferPool#slots}).
 *
 * <p>Each share has its own batch and verifier, made once; a share's task runs on one of the
 * executor's threads and {@link #verify} waits for all of them, so the objects are never used by two
 * threads at once. One caller at a time; {@link #close} stops the threads.
 */
final class RawVerifier implements AutoCloseable {
    private final int threads;
    private final ExecutorService executor;
    private final List<Callable<Integer>> shares = new ArrayList<>();
    private SignedTransferPool pool;
    private int first;
    private int count;

    RawVerifier(final int threads, final int batchSize) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread, got " + threads);
        }
        this.threads = threads;
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "n1-raw-verify");
            t.setDaemon(true);
            return t;
        });
        for (int s = 0; s < threads; s++) {
            final int share = s;
            final VerificationBatch batch = new VerificationBatch(batchSize);
            final CpuBatchVerifier verifier = new CpuBatchVerifier();
            shares.add(() -> verifyShare(share, batch, verifier));
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Verifies the {@code count} transfers of {@code pool} from flat index {@code first} on all the
     * threads and returns how many signatures were valid.
     */
    int verify(final SignedTransferPool from, final int firstIndex, final int howMany) {
        this.pool = from;
        this.first = firstIndex;
        this.count = howMany;
        int valid = 0;
        try {
            // Submitting publishes the fields above to the worker threads; get() publishes back.
            for (final Future<Integer> f : executor.invokeAll(shares)) {
                valid += f.get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("a verification thread failed", e.getCause());
        }
        return valid;
    }

    private int verifyShare(final int share, final VerificationBatch batch, final CpuBatchVerifier verifier) {
        final SignedTransferPool p = pool;
        final int from = first + (int) ((long) count * share / threads);
        final int to = first + (int) ((long) count * (share + 1) / threads);
        int valid = 0;
        batch.clear();
        for (int i = from; i < to; i++) {
            final byte[] slot = p.slots[i];
            batch.add(SchemeId.ED25519, slot, p.publicKeyOffset, slot, 0, p.signingLength, slot, p.signatureOffset);
            if (batch.isFull() || i == to - 1) {
                verifier.verify(batch);
                valid += batch.validCount();
                batch.clear();
            }
        }
        return valid;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw verification threads did not stop within 10 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
