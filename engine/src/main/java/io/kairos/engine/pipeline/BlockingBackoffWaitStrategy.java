package io.kairos.engine.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Blocks while the ring is empty, like Disruptor's {@link BlockingWaitStrategy}, but backs off to
 * parking while a stage waits for the stage in front of it. Disruptor's blocking strategy busy-spins
 * in that second wait, so on a small machine the admission thread would burn a core for as long as
 * the verifiers have work, taking it from the verifiers themselves. Here the wait spins briefly,
 * then yields, then parks, starting at {@value #MIN_PARK_NANOS} ns and doubling up to
 * {@value #MAX_PARK_NANOS} ns: each wake-up costs little, and the delay it adds stays small next to
 * the batch of signature checks being waited for.
 *
 * <p>Counts attempts instead of reading a clock, so it needs no time source. Thread-safe: one
 * instance serves every barrier of one ring.
 */
final class BlockingBackoffWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 200;
    static final long MIN_PARK_NANOS = 10_000;
    static final long MAX_PARK_NANOS = 200_000;

    private final BlockingWaitStrategy cursorWait = new BlockingWaitStrategy();

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                        final SequenceBarrier barrier) throws AlertException, InterruptedException {
        // Passing the cursor as its own dependent makes the blocking strategy return once the
        // producers have published, without reaching its spinning second phase.
        cursorWait.waitFor(sequence, cursor, cursor, barrier);
        long available;
        int tries = 0;
        long park = MIN_PARK_NANOS;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (tries < SPIN_TRIES) {
                Thread.onSpinWait();
                tries++;
            } else if (tries < YIELD_TRIES) {
                Thread.yield();
                tries++;
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(MAX_PARK_NANOS, park * 2);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        cursorWait.signalAllWhenBlocking();
    }
}
