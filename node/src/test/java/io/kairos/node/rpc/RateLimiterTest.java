package io.kairos.node.rpc;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket on a hand-driven clock. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(10, 5, now::get);

    @Test
    void aBurstIsServedThenRefusedUntilTokensRefill() {
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire("a", 1), "call " + i + " of the burst");
        }
        assertFalse(limiter.tryAcquire("a", 1));
        assertTrue(limiter.tryAcquire("b", 1), "another client has its own bucket");
        now.addAndGet(100_000_000L);
        assertTrue(limiter.tryAcquire("a", 1), "10 per second: one token after 100 ms");
        assertFalse(limiter.tryAcquire("a", 1));
    }

    @Test
    void aBatchTakesAllItsTokensOrNone() {
        assertFalse(limiter.tryAcquire("a", 6), "more than the bucket holds");
        assertTrue(limiter.tryAcquire("a", 5), "a refused batch took nothing");
        now.addAndGet(10_000_000_000L);
        assertTrue(limiter.tryAcquire("a", 5), "refilled to the burst, not beyond");
        assertFalse(limiter.tryAcquire("a", 1));
    }

    @Test
    void zeroRateTurnsTheLimitOff() {
        final RateLimiter off = new RateLimiter(0, 1, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(off.tryAcquire("a", 1_000));
        }
    }
}
