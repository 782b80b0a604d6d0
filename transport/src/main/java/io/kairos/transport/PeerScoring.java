package io.kairos.transport;

/**
 * Counts invalid frames per peer in a sliding window and disconnects a peer that passes the threshold:
 * its session is dropped and its frames are ignored until its back-off ends, after which it may
 * handshake again. The back-off doubles with each disconnection of the same peer (its strikes), up to
 * the maximum; strikes are never forgotten while the process runs. Time comes in as {@code nowNs}.
 * Single-threaded.
 */
public final class PeerScoring {
    private final int threshold;
    private final long windowNs;
    private final long baseNs;
    private final long maxNs;
    private final long[] windowStartNs;
    private final int[] invalidInWindow;
    private final int[] strikes;
    private final long[] bannedUntilNs;
    private final boolean[] banned;

    public PeerScoring(final int peers, final int threshold, final long windowNs, final long baseNs, final long maxNs) {
        this.threshold = threshold;
        this.windowNs = windowNs;
        this.baseNs = baseNs;
        this.maxNs = maxNs;
        windowStartNs = new long[peers];
        invalidInWindow = new int[peers];
        strikes = new int[peers];
        bannedUntilNs = new long[peers];
        banned = new boolean[peers];
    }

    /**
     * Records one invalid frame from {@code peer}.
     *
     * @return true when this frame got the peer disconnected
     */
    public boolean recordInvalid(final int peer, final long nowNs) {
        if (isDisconnected(peer, nowNs)) {
            return false;
        }
        if (invalidInWindow[peer] == 0 || nowNs - windowStartNs[peer] > windowNs) {
            windowStartNs[peer] = nowNs;
            invalidInWindow[peer] = 0;
        }
        if (++invalidInWindow[peer] < threshold) {
            return false;
        }
        long backoff = baseNs;
        for (int i = 0; i < strikes[peer] && backoff < maxNs; i++) {
            backoff = backoff > maxNs / 2 ? maxNs : backoff * 2;
        }
        backoff = Math.min(backoff, maxNs);
        strikes[peer]++;
        bannedUntilNs[peer] = nowNs + backoff;
        banned[peer] = true;
        invalidInWindow[peer] = 0;
        return true;
    }

    /** Whether {@code peer} is disconnected at {@code nowNs}. */
    public boolean isDisconnected(final int peer, final long nowNs) {
        if (banned[peer] && nowNs - bannedUntilNs[peer] >= 0) {
            banned[peer] = false;
        }
        return banned[peer];
    }

    /** When the current disconnection of {@code peer} ends (meaningful while disconnected). */
    public long disconnectedUntilNs(final int peer) {
        return bannedUntilNs[peer];
    }

    public int strikes(final int peer) {
        return strikes[peer];
    }
}
