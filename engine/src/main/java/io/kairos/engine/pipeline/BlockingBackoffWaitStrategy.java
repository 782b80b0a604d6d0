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
 * then yields, then parks for {@value #PARK_NANOS} ns at a time: a delay far below one signature
 * check, and near-zero CPU for the waiting thread.
 *
 * <p>Counts attempts instead of reading a clock, so it needs no time source. Thread-safe: one
 * instance serves every barrier of one ring.
 */
final class BlockingBackoffWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 200;
    static final long PARK_NANOS = 20_000;

    private final BlockingWaitStrategy cursorWait = new BlockingWaitStrategy();

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                        final SequenceBarrier barrier) throws AlertException, InterruptedException {
        // Passing the cursor as its own dependent makes the blocking strategy return once the
        // producers have published, without reaching its spinning second phase.
        cursorWait.waitFor(sequence, cursor, cursor, barrier);
        long available;
        int tries = 0;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (tries < SPIN_TRIES) {
                Thread.onSpinWait();
            } else if (tries < YIELD_TRIES) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
            tries++;
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        cursorWait.signalAllWhenBlocking();
    }
}
