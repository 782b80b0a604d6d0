package io.kairos.engine.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.crypto.CpuBatchVerifier;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The sequencer's ingress: an LMAX Disruptor ring of pre-allocated {@link IngressEvent}s that many
 * threads submit to, and three stages that turn submitted bytes into verified transactions for the
 * one thread that owns all state.
 *
 * <pre>
 *                                          +-----------+
 *                                     +---&gt;| verify 0  |---+
 *  +-----------+     +------------+   |    +-----------+   |    +---------+     +-------------+
 *  | producers |----&gt;|   decode   |---+---&gt;| verify 1  |---+---&gt;|  admit  |----&gt;| IngressSink |
 *  | (many)    |     | (1 thread) |   |    +-----------+   |    | (1 thr) |     +-------------+
 *  +-----------+     +------------+   |    |    ...    |   |    +---------+
 *        ^                            +---&gt;| verify k-1|---+         |
 *        |                                 +-----------+             |
 *        +------------- ring gating: a slot is free once admitted ---+
 *
 *  ring:     IngressEvent[ringSize], multi-producer; trySubmit claims with tryNext(), never blocks
 *  decode:   waits for the ring cursor         (kairos-decode)
 *  verify i: waits for decode; takes seq % k == i, verifies at end of batch   (kairos-verify-i)
 *  admit:    waits for verify 0..k-1; calls the sink in ring order             (kairos-admit)
 * </pre>
 *
 * <p>(1) Decode parses the encoding, enforces the size limits and the chain id, derives the sender
 * address and the transaction hash. (2) Each of k verifiers gathers its share into a
 * {@link io.kairos.engine.crypto.VerificationBatch} and checks it with its {@link BatchVerifier} when
 * the batch is full or the Disruptor batch ends; a bad signature fails only its own transaction.
 * (3) Admit hands every event to the {@link IngressSink}, exactly once, in ring order, and calls
 * {@link IngressSink#onEndOfBatch()} at each batch end. Refusals travel on the event
 * ({@link IngressEvent#rejectReason()}), so later stages skip the work and admit reports them.
 *
 * <p>Lifecycle: construct, {@link #start()}, submit, {@link #stop()}. {@code stop} refuses new
 * submissions with {@link SubmitResult#SHUTDOWN}, waits until everything accepted has reached the
 * sink, then halts and joins the threads and closes the verifiers. A stopped pipeline stays stopped.
 *
 * <p>Threading: the {@link Ingress} methods may be called from any thread; {@code start} and
 * {@code stop} from any thread but the pipeline's own.
 */
public final class IngressPipeline implements Ingress, AutoCloseable {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int STOPPED = 3;

    private static final int SPIN_TRIES = 64;
    private static final int YIELD_TRIES = 128;
    private static final long SUBMIT_PARK_NANOS = 50_000;
    private static final long DRAIN_PARK_MIN_NANOS = 20_000;
    private static final long DRAIN_PARK_MAX_NANOS = 1_000_000;

    private final PipelineConfig config;
    private final int maxTransactionBytes;
    private final LongSupplier nanoClock;
    private final ErrorCounters errors = new ErrorCounters();
    private final RingBuffer<IngressEvent> ring;
    private final List<BatchEventProcessor<IngressEvent>> processors = new ArrayList<>();
    private final List<String> threadNames = new ArrayList<>();
    private final BatchEventProcessor<IngressEvent> admitter;
    private final List<BatchVerifier> verifiers = new ArrayList<>();
    /** Set once by {@link #start()}; read by {@link #stop()} from any thread to refuse a self-wait. */
    private volatile List<Thread> threads = List.of();
    /** Producers between their state check and their publish; {@link #stop()} waits for them to leave. */
    private final AtomicInteger producersInside = new AtomicInteger();
    private volatile int state = NEW;

    /** A pipeline verifying on the CPU with {@link CpuBatchVerifier}s. */
    public IngressPipeline(final PipelineConfig config, final IngressSink sink, final LongSupplier nanoClock) {
        this(config, sink, worker -> new CpuBatchVerifier(), nanoClock);
    }

    /**
     * Builds the ring and the stage graph; starts no thread.
     *
     * @param config    the settings
     * @param sink      receives every event, on the admission thread
     * @param verifiers makes the {@link BatchVerifier} of each worker, given the worker's index
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} in a node), read only by the
     *                  timed submit methods to keep their bound
     */
    public IngressPipeline(final PipelineConfig config, final IngressSink sink,
                           final IntFunction<? extends BatchVerifier> verifiers, final LongSupplier nanoClock) {
        if (config == null || sink == null || verifiers == null || nanoClock == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "a pipeline needs a config, a sink, a verifier factory and a clock");
        }
        this.config = config;
        this.maxTransactionBytes = config.limits().maxTransactionBytes();
        this.nanoClock = nanoClock;
        final int k = config.verifierThreads();
        this.maxStageBatch = Math.max(1, config.batchSize() * k);

        // 1. The ring: every slot allocated now; a slot's buffer grows to the largest transaction it holds.
        ring = RingBuffer.createMultiProducer(() -> new IngressEvent(maxTransactionBytes), config.ringSize(),
            config.waitMode().newStrategy());

        // 2. Decode follows the producers.
        final BatchEventProcessor<IngressEvent> decoder = add("kairos-decode", PipelineStage.DECODE,
            ring.newBarrier(), new DecodeStage(config.limits(), config.chainId(), errors));

        // 3. k verifiers follow decode, each owning the sequences congruent to its index modulo k.
        final SequenceBarrier afterDecode = ring.newBarrier(decoder.getSequence());
        final Sequence[] verified = new Sequence[k];
        for (int i = 0; i < k; i++) {
            final BatchVerifier verifier = verifiers.apply(i);
            if (verifier == null) {
                throw new ValidationException(ValidationError.INVALID_VALUE,
                    "the verifier factory returned nothing for worker " + i);
            }
            this.verifiers.add(verifier);
            verified[i] = add("kairos-verify-" + i, PipelineStage.VERIFY, afterDecode,
                new VerifyStage(i, k, config.batchSize(), verifier, errors, config.limits())).getSequence();
        }

        // 4. Admit follows all of them: an event reaches the sink only once its verifier is done.
        admitter = add("kairos-admit", PipelineStage.ADMIT, ring.newBarrier(verified), new AdmitStage(sink, errors));

        // 5. Producers may not lap admission: a slot is reused only after the sink has seen it.
        ring.addGatingSequences(admitter.getSequence());
    }

    private final int maxStageBatch;

    private BatchEventProcessor<IngressEvent> add(final String name, final PipelineStage stage,
                                                  final SequenceBarrier barrier,
                                                  final EventHandler<IngressEvent> handler) {
        // A stage publishes its progress only at the end of a batch. Uncapped, a verifier holding the whole
        // ring releases it all at once and then idles while it refills (measured: 6-11% idle, N1 0.92);
        // capping the batch at one verify batch per worker keeps the verifiers busy (0.93-0.97).
        final BatchEventProcessor<IngressEvent> p = new BatchEventProcessorBuilder()
            .setMaxBatchSize(maxStageBatch)
            .build(ring, barrier, handler);
        p.setExceptionHandler(new StageExceptionHandler(stage, errors));
        processors.add(p);
        threadNames.add(name);
        return p;
    }

    /**
     * Starts one thread per stage processor: {@code kairos-decode}, {@code kairos-verify-0} to
     * {@code kairos-verify-<k-1>} and {@code kairos-admit}. Daemon threads, so a forgotten pipeline does
     * not keep the JVM alive; {@link #stop()} is what delivers everything accepted.
     *
     * @throws PipelineException {@code ALREADY_STARTED} or {@code STOPPED}
     */
    public synchronized void start() {
        if (state == RUNNING) {
            throw new PipelineException(PipelineError.ALREADY_STARTED, "the pipeline is already running");
        }
        if (state != NEW) {
            throw new PipelineException(PipelineError.STOPPED, "a stopped pipeline cannot be started again");
        }
        final List<Thread> made = new ArrayList<>(processors.size());
        for (int i = 0; i < processors.size(); i++) {
            final Thread t = new Thread(processors.get(i), threadNames.get(i));
            t.setDaemon(true);
            made.add(t);
        }
        threads = List.copyOf(made);
        for (final Thread t : made) {
            t.start();
        }
        state = RUNNING;
    }

    /**
     * Stops accepting (new submissions get {@link SubmitResult#SHUTDOWN}), waits until every accepted
     * event has been handed to the sink, then halts and joins the stage threads and closes the
     * verifiers. Idempotent. Waits as long as the sink takes: a sink that never returns blocks this.
     *
     * @throws PipelineException {@code STOP_FROM_PIPELINE_THREAD} if called from a stage thread (it
     *     would wait for itself); {@code STAGE_DIED} if a stage thread ended before the ring drained
     */
    public void stop() {
        // Checked before taking the lock: a stage thread blocking on a stop() already in progress
        // would never let that stop() finish draining.
        if (threads.contains(Thread.currentThread())) {
            throw new PipelineException(PipelineError.STOP_FROM_PIPELINE_THREAD,
                "stop() was called from " + Thread.currentThread().getName() + ", which it would wait for");
        }
        synchronized (this) {
            stopAndDrain();
        }
    }

    private void stopAndDrain() {
        if (state == NEW) {
            state = STOPPED;
            closeVerifiers();
            return;
        }
        if (state == STOPPED) {
            return;
        }
        state = STOPPING;
        // A producer that saw RUNNING publishes before it leaves; after this no one claims a slot.
        while (producersInside.get() != 0) {
            Thread.onSpinWait();
        }
        final boolean drained = drain(ring.getCursor());
        for (final BatchEventProcessor<IngressEvent> p : processors) {
            p.halt();
        }
        joinAll();
        closeVerifiers();
        state = STOPPED;
        if (!drained) {
            throw new PipelineException(PipelineError.STAGE_DIED,
                "a stage thread ended before the ring drained; some accepted events were not delivered");
        }
    }

    private boolean drain(final long lastPublished) {
        final Sequence admitted = admitter.getSequence();
        long park = DRAIN_PARK_MIN_NANOS;
        while (admitted.get() < lastPublished) {
            for (final Thread t : threads) {
                if (!t.isAlive()) {
                    return false;
                }
            }
            LockSupport.parkNanos(park);
            park = Math.min(DRAIN_PARK_MAX_NANOS, park * 2);
        }
        return true;
    }

    private void joinAll() {
        boolean interrupted = false;
        for (final Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (final InterruptedException e) {
                    // Leaving a stage thread running would leak it; finish joining, then restore the flag.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeVerifiers() {
        for (final BatchVerifier v : verifiers) {
            try {
                v.close();
            } catch (final RuntimeException e) {
                errors.increment(PipelineStage.VERIFY);
            }
        }
        verifiers.clear();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public SubmitResult trySubmit(final byte[] src, final int offset, final int length, final long correlationId) {
        checkRange(src == null ? -1 : src.length, offset, length);
        return tryLoad(src, null, offset, length, correlationId);
    }

    @Override
    public SubmitResult trySubmit(final DirectBuffer src, final int offset, final int length,
                                  final long correlationId) {
        checkRange(src == null ? -1 : src.capacity(), offset, length);
        return tryLoad(null, src, offset, length, correlationId);
    }

    /** Claims a slot and copies the transaction from {@code array}, or else from {@code buffer}. */
    private SubmitResult tryLoad(final byte[] array, final DirectBuffer buffer, final int offset, final int length,
                                 final long correlationId) {
        if (length > maxTransactionBytes) {
            return checkStarted(SubmitResult.OVERSIZED);
        }
        if (!enter()) {
            return SubmitResult.SHUTDOWN;
        }
        try {
            final long sequence;
            try {
                sequence = ring.tryNext();
            } catch (final InsufficientCapacityException e) {
                return SubmitResult.BUSY;
            }
            final IngressEvent event = ring.get(sequence);
            try {
                if (array != null) {
                    event.loadTransaction(array, offset, length, correlationId);
                } else {
                    event.loadTransaction(buffer, offset, length, correlationId);
                }
            } catch (final RuntimeException | Error e) {
                event.cancel();
                throw e;
            } finally {
                ring.publish(sequence);
            }
            return SubmitResult.ACCEPTED;
        } finally {
            producersInside.decrementAndGet();
        }
    }

    @Override
    public SubmitResult submit(final byte[] src, final int offset, final int length, final long correlationId,
                               final long timeout, final TimeUnit unit) {
        checkRange(src == null ? -1 : src.length, offset, length);
        return loadWithin(src, null, offset, length, correlationId, timeout, unit);
    }

    @Override
    public SubmitResult submit(final DirectBuffer src, final int offset, final int length, final long correlationId,
                               final long timeout, final TimeUnit unit) {
        checkRange(src == null ? -1 : src.capacity(), offset, length);
        return loadWithin(null, src, offset, length, correlationId, timeout, unit);
    }

    /** {@link #tryLoad} again while the ring is full, for at most {@code timeout}. */
    private SubmitResult loadWithin(final byte[] array, final DirectBuffer buffer, final int offset, final int length,
                                    final long correlationId, final long timeout, final TimeUnit unit) {
        final long bound = unit.toNanos(Math.max(0, timeout));
        long start = 0;
        for (int attempt = 0; ; attempt++) {
            final SubmitResult r = tryLoad(array, buffer, offset, length, correlationId);
            if (r != SubmitResult.BUSY || expired(attempt, start, bound)) {
                return r;
            }
            if (attempt == 0) {
                start = nanoClock.getAsLong();
            }
            idle(attempt);
        }
    }

    @Override
    public SubmitResult tryPublishTick(final long now) {
        return tryPublish(EventKind.TICK, 0, now, null, 0);
    }

    @Override
    public SubmitResult tryPublishControl(final int code, final long value, final Object attachment,
                                          final long correlationId) {
        return tryPublish(EventKind.CONTROL, code, value, attachment, correlationId);
    }

    @Override
    public SubmitResult publishControl(final int code, final long value, final Object attachment,
                                       final long correlationId, final long timeout, final TimeUnit unit) {
        final long bound = unit.toNanos(Math.max(0, timeout));
        long start = 0;
        for (int attempt = 0; ; attempt++) {
            final SubmitResult r = tryPublish(EventKind.CONTROL, code, value, attachment, correlationId);
            if (r != SubmitResult.BUSY || expired(attempt, start, bound)) {
                return r;
            }
            if (attempt == 0) {
                start = nanoClock.getAsLong();
            }
            idle(attempt);
        }
    }

    private SubmitResult tryPublish(final EventKind kind, final int code, final long value, final Object attachment,
                                    final long correlationId) {
        if (!enter()) {
            return SubmitResult.SHUTDOWN;
        }
        try {
            final long sequence;
            try {
                sequence = ring.tryNext();
            } catch (final InsufficientCapacityException e) {
                return SubmitResult.BUSY;
            }
            ring.get(sequence).loadControl(kind, code, value, attachment, correlationId);
            ring.publish(sequence);
            return SubmitResult.ACCEPTED;
        } finally {
            producersInside.decrementAndGet();
        }
    }

    /** Registers a producer if the pipeline accepts work; the caller must leave via the counter. */
    private boolean enter() {
        checkStarted(null);
        producersInside.incrementAndGet();
        if (state != RUNNING) {
            producersInside.decrementAndGet();
            return false;
        }
        return true;
    }

    private SubmitResult checkStarted(final SubmitResult result) {
        if (state == NEW) {
            throw new PipelineException(PipelineError.NOT_STARTED, "submit after start(), not before");
        }
        return result;
    }

    private boolean expired(final int attempt, final long start, final long bound) {
        return attempt > 0 && nanoClock.getAsLong() - start >= bound;
    }

    /** Spins, then yields, then parks: quick to catch a slot freed at once, cheap when the wait is long. */
    private static void idle(final int attempt) {
        if (attempt < SPIN_TRIES) {
            Thread.onSpinWait();
        } else if (attempt < YIELD_TRIES) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(SUBMIT_PARK_NANOS);
        }
    }

    private static void checkRange(final int capacity, final int offset, final int length) {
        if (capacity < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "the transaction source is missing");
        }
        if (offset < 0 || length < 0 || offset > capacity - length) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "range [" + offset + ", +" + length
                + ") lies outside a source of " + capacity + " bytes");
        }
    }

    public PipelineConfig config() {
        return config;
    }

    /** Free slots in the ring now; a snapshot for metrics. */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** Failures a stage absorbed (an exception while decoding, from a verifier, or from the sink). */
    public long errors(final PipelineStage stage) {
        return errors.get(stage);
    }

    /** Failures absorbed by all stages together. */
    public long errors() {
        return errors.total();
    }
}
