package io.kairos.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the pipeline's threads wait for work: the trade between idle CPU and latency. A mode rather
 * than a {@link WaitStrategy} instance because a strategy holds per-ring state; each pipeline makes
 * its own with {@link #newStrategy()}.
 */
public enum WaitMode {
    /**
     * The default: threads sleep on a lock while the ring is empty and park in short, growing steps
     * (10 to 200 microseconds) while waiting for the stage before them. No CPU while idle, little
     * while waiting; adds up to a few hundred microseconds of latency under load.
     */
    BLOCKING,
    /**
     * Disruptor's {@link BlockingWaitStrategy} as is: sleeps while the ring is empty but busy-spins
     * while waiting for the stage before, which costs a core per waiting stage under load.
     */
    BLOCKING_SPIN,
    /** Spins, then yields, then sleeps 100 ns at a time; modest idle CPU. */
    SLEEPING,
    /** Spins, then yields; low latency, one busy core per thread. For benchmarks on spare cores. */
    YIELDING,
    /** Spins without pause; lowest latency, one core per thread, always. For benchmarks only. */
    BUSY_SPIN;

    /** A fresh strategy for one ring. */
    public WaitStrategy newStrategy() {
        return switch (this) {
            case BLOCKING -> new BlockingBackoffWaitStrategy();
            case BLOCKING_SPIN -> new BlockingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
        };
    }
}
