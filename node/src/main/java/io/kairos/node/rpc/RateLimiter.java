package io.kairos.node.rpc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client key: {@code ratePerSecond} tokens a second up to {@code burst}; a call
 * takes one. Thread-safe (each bucket is updated under its own lock; the map is concurrent). Idle
 * buckets are forgotten once more than {@link #MAX_CLIENTS} are tracked, so a flood of addresses
 * cannot grow the map without bound: a forgotten client comes back with a full bucket.
 */
final class RateLimiter {
    static final int MAX_CLIENTS = 100_000;

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(final double ratePerSecond, final double burst, final LongSupplier nanoClock) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Takes {@code tokens} from {@code client}'s bucket; false (taking none) if it holds fewer. */
    boolean tryAcquire(final String client, final int tokens) {
        if (ratePerNano <= 0) {
            return true;
        }
        final long now = nanoClock.getAsLong();
        if (buckets.size() >= MAX_CLIENTS) {
            final long idle = (long) (burst / ratePerNano);
            buckets.values().removeIf(b -> b.idleSince(now) > idle);
        }
        return buckets.computeIfAbsent(client, k -> new Bucket(burst, now)).take(tokens, now, ratePerNano, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(final double tokens, final long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(final int n, final long now, final double ratePerNano, final double burst) {
            tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
            last = now;
            if (tokens < n) {
                return false;
            }
            tokens -= n;
            return true;
        }

        synchronized long idleSince(final long now) {
            return now - last;
        }
    }
}
