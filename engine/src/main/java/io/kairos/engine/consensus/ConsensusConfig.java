package io.kairos.engine.consensus;

/**
 * Tunables of the consensus state machine. Immutable.
 *
 * @param baseTimeoutNs            timeout of a step in round 0
 * @param maxTimeoutNs             cap on a step's timeout however many rounds failed
 * @param timeoutGrowthPercent     each failed round multiplies the timeout by this / 100 (150: x1.5);
 *                                 a commit resets it (round 0 of the next height)
 * @param roundWindow              rounds ahead of the current one a message may name; beyond, refused
 * @param maxBufferedNextHeight    messages for the next height kept until this replica gets there
 * @param decisionResendIntervalNs least time between two decisions sent to the same lagging peer
 */
public record ConsensusConfig(long baseTimeoutNs, long maxTimeoutNs, int timeoutGrowthPercent, int roundWindow,
                              int maxBufferedNextHeight, long decisionResendIntervalNs) {
    public ConsensusConfig {
        if (baseTimeoutNs <= 0 || maxTimeoutNs < baseTimeoutNs || timeoutGrowthPercent < 100 || roundWindow < 1
            || maxBufferedNextHeight < 0 || decisionResendIntervalNs < 0) {
            throw new IllegalArgumentException("consensus config out of range: " + baseTimeoutNs + "/" + maxTimeoutNs
                + "/" + timeoutGrowthPercent + "/" + roundWindow + "/" + maxBufferedNextHeight);
        }
    }

    /** One-second base timeout, 30 s cap, x1.5, a 16-round window: for real networks. */
    public static ConsensusConfig defaults() {
        return new ConsensusConfig(1_000_000_000L, 30_000_000_000L, 150, 16, 256, 500_000_000L);
    }

    /** The timeout of a step in {@code round}: base x growth^round, capped. */
    public long timeoutNs(final int round) {
        long t = baseTimeoutNs;
        for (int i = 0; i < round && t < maxTimeoutNs; i++) {
            t = t * timeoutGrowthPercent / 100;
        }
        return Math.min(t, maxTimeoutNs);
    }
}
