package io.kairos.transport;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * Offers frames to peers with a bounded back-pressure policy: BACK_PRESSURED and ADMIN_ACTION are
 * retried up to the configured limit, idling between tries, then dropped; NOT_CONNECTED is dropped at
 * once; CLOSED and MAX_POSITION_EXCEEDED are returned to the caller. Every outcome is counted, and no
 * call waits longer than {@code retryLimit} idle periods. Single-threaded.
 */
public final class PeerPublisher {
    /** Where frames for one peer go; {@code Publication::offer} in production. */
    @FunctionalInterface
    public interface Target {
        /** Aeron's contract: a new position (> 0) or one of the negative {@link Publication} codes. */
        long offer(DirectBuffer buffer, int offset, int length);
    }

    private final int retryLimit;
    private final IdleStrategy idle;
    private final TransportCounters counters;

    public PeerPublisher(final int retryLimit, final IdleStrategy idle, final TransportCounters counters) {
        this.retryLimit = retryLimit;
        this.idle = idle;
        this.counters = counters;
    }

    public SendResult offer(final int peer, final Target target, final DirectBuffer buffer, final int offset,
                            final int length) {
        idle.reset();
        int attempt = 0;
        while (true) {
            final long result = target.offer(buffer, offset, length);
            if (result > 0) {
                counters.sent(peer, length);
                return SendResult.SENT;
            }
            final SendResult failure = failure(result);
            if ((failure != SendResult.BACK_PRESSURED && failure != SendResult.ADMIN_ACTION) || attempt >= retryLimit) {
                counters.drop(failure);
                return failure;
            }
            attempt++;
            idle.idle();
        }
    }

    private static SendResult failure(final long result) {
        if (result == Publication.BACK_PRESSURED) {
            return SendResult.BACK_PRESSURED;
        }
        if (result == Publication.ADMIN_ACTION) {
            return SendResult.ADMIN_ACTION;
        }
        if (result == Publication.NOT_CONNECTED) {
            return SendResult.NOT_CONNECTED;
        }
        if (result == Publication.MAX_POSITION_EXCEEDED) {
            return SendResult.MAX_POSITION_EXCEEDED;
        }
        return SendResult.CLOSED;
    }
}
