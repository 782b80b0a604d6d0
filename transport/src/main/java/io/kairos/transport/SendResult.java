package io.kairos.transport;

/**
 * What became of one outbound frame. Everything but {@link #SENT} is a drop, counted per reason in
 * {@link TransportCounters#drops(SendResult)}; the transport never retries past its bound.
 */
public enum SendResult {
    /** Handed to Aeron. */
    SENT,
    /** No established session with the peer (handshake not done yet, or the peer went down). */
    NO_SESSION,
    /** The peer is disconnected for bad behaviour until its back-off ends. */
    PEER_DISCONNECTED,
    /** No subscriber at the peer: dropped at once, no retry. */
    NOT_CONNECTED,
    /** Still back-pressured after the configured retries. */
    BACK_PRESSURED,
    /** Still in an admin action (term rotation) after the configured retries. */
    ADMIN_ACTION,
    /** The publication is closed: the transport is shutting down. */
    CLOSED,
    /** The publication reached its maximum position: it must be recreated. */
    MAX_POSITION_EXCEEDED
}
