package io.kairos.engine.state.snapshot;

import io.kairos.engine.core.Hash;
import io.kairos.engine.state.LedgerState;
import org.agrona.concurrent.NanoClock;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes a snapshot every {@code interval} blocks without holding up execution for long: on the
 * execution thread it only copies the account table ({@link LedgerState#image()}, one array copy);
 * sorting, encoding, writing, syncing and renaming happen on one background thread,
 * {@code kairos-snapshot}. If the previous snapshot is still being written when the next is due,
 * the new one is skipped and counted rather than queued, so memory holds at most one image.
 *
 * <p>A failed write does not stop the node (the journal is the source of truth, and recovery falls
 * back to an older snapshot or the genesis), but it is counted and its cause kept in
 * {@link #status()} for operators.
 *
 * <p>Threading: {@link #afterBlock} is called by the execution thread only; {@link #status()} from
 * any thread.
 */
public final class Snapshotter implements AutoCloseable {
    /** What the snapshotter has done so far. */
    public record Status(long interval, long taken, long skippedBusy, long failed, long lastHeight,
                         long lastCopyNanos, long lastWriteNanos, String lastError) {
    }

    private final SnapshotStore store;
    private final Hash genesisHash;
    private final long interval;
    private final NanoClock clock;
    private final ExecutorService writer;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong skippedBusy = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastHeight = new AtomicLong();
    private final AtomicLong lastWriteNanos = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile long lastCopyNanos;

    /**
     * @param interval take a snapshot after every block whose height is a multiple of this (at least 1)
     */
    public Snapshotter(final SnapshotStore store, final Hash genesisHash, final long interval, final NanoClock clock) {
        if (interval < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1 block, got " + interval);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.genesisHash = Objects.requireNonNull(genesisHash, "genesisHash");
        this.interval = interval;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "kairos-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    public SnapshotStore store() {
        return store;
    }

    /**
     * Called after block {@code height} is executed and committed; takes a snapshot if one is due.
     * Execution thread only.
     */
    public void afterBlock(final long height, final Hash blockHash, final long timestampMillis, final Hash stateRoot,
                           final LedgerState state) {
        if (height % interval != 0) {
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            skippedBusy.incrementAndGet();
            return;
        }
        final long start = clock.nanoTime();
        final LedgerState.Image image = state.image();
        lastCopyNanos = clock.nanoTime() - start;
        try {
            writer.execute(() -> write(height, blockHash, timestampMillis, stateRoot, image));
        } catch (final RuntimeException e) {
            busy.set(false);
            fail(height, e);
        }
    }

    private void write(final long height, final Hash blockHash, final long timestampMillis, final Hash stateRoot,
                       final LedgerState.Image image) {
        final long start = clock.nanoTime();
        try {
            store.save(StateSnapshot.of(genesisHash, height, blockHash, timestampMillis, stateRoot, image));
            lastWriteNanos.set(clock.nanoTime() - start);
            lastHeight.set(height);
            taken.incrementAndGet();
        } catch (final RuntimeException e) {
            fail(height, e);
        } finally {
            busy.set(false);
        }
    }

    private void fail(final long height, final RuntimeException e) {
        failed.incrementAndGet();
        lastError.set("snapshot at height " + height + " failed: " + e.getMessage());
    }

    public Status status() {
        return new Status(interval, taken.get(), skippedBusy.get(), failed.get(), lastHeight.get(), lastCopyNanos,
            lastWriteNanos.get(), lastError.get());
    }

    /** Lets a snapshot in flight finish (it is atomic either way), then stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (final InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
