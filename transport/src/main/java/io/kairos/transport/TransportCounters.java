package io.kairos.transport;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The transport's counters: per peer (messages and bytes in and out, decode failures, frames ignored
 * while the peer was disconnected), drops by {@link SendResult}, refusals by {@link TransportError},
 * and totals for handshakes, disconnections and failures that could not be pinned on a peer. Written
 * only by the transport agent's thread (ordered stores, no locks); readable from any thread, e.g. by
 * the node's metrics endpoint. Values only grow.
 */
public final class TransportCounters {
    private static final int MESSAGES_OUT = 0;
    private static final int BYTES_OUT = 1;
    private static final int MESSAGES_IN = 2;
    private static final int BYTES_IN = 3;
    private static final int DECODE_FAILURES = 4;
    private static final int IGNORED = 5;
    private static final int FIELDS = 6;

    private final int peers;
    private final AtomicLongArray perPeer;
    private final AtomicLongArray drops = new AtomicLongArray(SendResult.values().length);
    private final AtomicLongArray refusals = new AtomicLongArray(TransportError.values().length);
    private final AtomicLongArray totals = new AtomicLongArray(4);

    private static final int HANDSHAKES_STARTED = 0;
    private static final int HANDSHAKES_COMPLETED = 1;
    private static final int DISCONNECTIONS = 2;
    private static final int UNATTRIBUTED = 3;

    public TransportCounters(final int peers) {
        this.peers = peers;
        this.perPeer = new AtomicLongArray(peers * FIELDS);
    }

    public int peers() {
        return peers;
    }

    public long messagesOut(final int peer) {
        return perPeer.get(peer * FIELDS + MESSAGES_OUT);
    }

    public long bytesOut(final int peer) {
        return perPeer.get(peer * FIELDS + BYTES_OUT);
    }

    public long messagesIn(final int peer) {
        return perPeer.get(peer * FIELDS + MESSAGES_IN);
    }

    public long bytesIn(final int peer) {
        return perPeer.get(peer * FIELDS + BYTES_IN);
    }

    /** Invalid frames attributed to {@code peer} (malformed, oversized, failed decryption, replays...). */
    public long decodeFailures(final int peer) {
        return perPeer.get(peer * FIELDS + DECODE_FAILURES);
    }

    /** Frames from {@code peer} dropped unread while it was disconnected. */
    public long ignored(final int peer) {
        return perPeer.get(peer * FIELDS + IGNORED);
    }

    public long drops(final SendResult reason) {
        return drops.get(reason.ordinal());
    }

    /** Every drop, whatever the reason. */
    public long totalDrops() {
        long sum = 0;
        for (int i = 1; i < drops.length(); i++) {
            sum += drops.get(i);
        }
        return sum;
    }

    public long refusals(final TransportError error) {
        return refusals.get(error.ordinal());
    }

    public long handshakesStarted() {
        return totals.get(HANDSHAKES_STARTED);
    }

    public long handshakesCompleted() {
        return totals.get(HANDSHAKES_COMPLETED);
    }

    /** Times a peer was disconnected by scoring. */
    public long disconnections() {
        return totals.get(DISCONNECTIONS);
    }

    /** Invalid frames that arrived on an Aeron image not bound to any peer's session. */
    public long unattributedFailures() {
        return totals.get(UNATTRIBUTED);
    }

    void sent(final int peer, final int bytes) {
        add(perPeer, peer * FIELDS + MESSAGES_OUT, 1);
        add(perPeer, peer * FIELDS + BYTES_OUT, bytes);
    }

    void received(final int peer, final int bytes) {
        add(perPeer, peer * FIELDS + MESSAGES_IN, 1);
        add(perPeer, peer * FIELDS + BYTES_IN, bytes);
    }

    void decodeFailure(final int peer) {
        add(perPeer, peer * FIELDS + DECODE_FAILURES, 1);
    }

    void ignoredFrom(final int peer) {
        add(perPeer, peer * FIELDS + IGNORED, 1);
    }

    void drop(final SendResult reason) {
        add(drops, reason.ordinal(), 1);
    }

    void refusal(final TransportError error) {
        add(refusals, error.ordinal(), 1);
    }

    void handshakeStarted() {
        add(totals, HANDSHAKES_STARTED, 1);
    }

    void handshakeCompleted() {
        add(totals, HANDSHAKES_COMPLETED, 1);
    }

    void disconnection() {
        add(totals, DISCONNECTIONS, 1);
    }

    void unattributed() {
        add(totals, UNATTRIBUTED, 1);
    }

    private static void add(final AtomicLongArray array, final int index, final long delta) {
        array.lazySet(index, array.get(index) + delta);
    }
}
