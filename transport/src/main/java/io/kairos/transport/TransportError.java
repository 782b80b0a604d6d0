package io.kairos.transport;

/** Why the transport refused a frame, a handshake, a configuration or a send. Stable codes. */
public enum TransportError {
    /** A frame, message or declared decompressed length above the configured maximum. */
    OVERSIZED,
    /** Bytes that do not follow the wire layout (bad magic, truncated, trailing bytes, bad field). */
    MALFORMED,
    /** A frame or inner message type this version does not know. */
    UNKNOWN_TYPE,
    /** A frame version this build does not speak. */
    UNKNOWN_VERSION,
    /** A sender index or key that is not in the validator set. */
    UNKNOWN_PEER,
    /** A handshake step that failed: bad signature, wrong claimed index, unexpected message. */
    HANDSHAKE_FAILED,
    /**
     * A RESPONSE or FINISH for a handshake this node no longer has in flight: the late answer to one
     * it gave up on (a slow peer), not evidence against the peer, so it does not count in its score.
     */
    STALE_HANDSHAKE,
    /** A handshake nonce or data sequence number seen before. */
    REPLAYED,
    /** A data frame whose authentication tag does not verify under the session key. */
    DECRYPT_FAILED,
    /** Data from or to a peer without an established session. */
    NO_SESSION,
    /** A frame addressed to another validator. */
    WRONG_RECIPIENT,
    /** A configuration value out of range. */
    INVALID_CONFIG,
    /** The media driver or the Aeron client could not start. */
    DRIVER_FAILED
}
