package io.kairos.transport;

/**
 * Hears about refusals and disconnections so that the node can log them (the transport itself prints
 * nothing). {@link #onRefused} is called once per (claimed sender, error) until that peer's next session
 * comes up; repeats are only counted in {@link TransportCounters}. Called on the transport agent's
 * thread; implementations must be quick and must not throw.
 */
public interface TransportListener {
    TransportListener NONE = new TransportListener() {
    };

    /**
     * @param claimedSender the sender index the frame claimed, or -1 when the header was unreadable
     */
    default void onRefused(final int claimedSender, final TransportError error, final String message) {
    }

    /** {@code peer} passed the invalid-frame threshold and is ignored until {@code untilNs}. */
    default void onDisconnected(final int peer, final long untilNs) {
    }

    /** An error reported by the Aeron client (e.g. a lost driver). */
    default void onAeronError(final Throwable error) {
    }
}
