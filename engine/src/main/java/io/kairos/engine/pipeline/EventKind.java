package io.kairos.engine.pipeline;

/**
 * What an {@link IngressEvent} carries. Only transactions are decoded and verified; the other kinds
 * pass the first two stages untouched and reach {@link IngressSink#onControl} in ring order, which is
 * how the engine feeds its clock and its queries to the thread that owns all state.
 */
public enum EventKind {
    /** Encoded transaction bytes to decode, verify and admit. */
    TRANSACTION,
    /** A timer tick; {@link IngressEvent#value()} holds the time the publisher passed in. */
    TICK,
    /** An opaque command or query: a code, a value and an attachment the engine defines. */
    CONTROL
}
