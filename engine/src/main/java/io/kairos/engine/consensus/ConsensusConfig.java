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
 * @param emptyBlockIntervalNs     how long the leader of round 0 waits for transactions before it
 *                                 proposes an empty block ({@link TransactionSource#ready()}); 0 proposes
 *                                 at once, {@link Long#MAX_VALUE} never proposes an empty block in round 0
 *                                 (only sound with one validator: the others' round-0 timeout waits as long)
 */
public record ConsensusConfig(long baseTimeoutNs, long maxTimeoutNs, int timeoutGrowthPercent, int roundWindow,
                              int maxBufferedNextHeight, long decisionResendIntervalNs, long emptyBlockIntervalNs) {
    public ConsensusConfig {
        if (baseTimeoutNs <= 0 || maxTimeoutNs < baseTimeoutNs || timeoutGrowthPercent < 100 || roundWindow < 1
            || maxBufferedNextHeight < 0 || decisionResendIntervalNs < 0 || emptyBlockIntervalNs < 0) {
            throw new IllegalArgumentException("consensus config out of range: " + baseTimeoutNs + "/" + maxTimeoutNs
                + "/" + timeoutGrowthPercent + "/" + roundWindow + "/" + maxBufferedNextHeight + "/"
                + decisionResendIntervalNs + "/" + emptyBlockIntervalNs);
        }
    }

    /** Without waiting for transactions: the leader proposes as soon as a round starts (the simulator's way). */
    public ConsensusConfig(final long baseTimeoutNs, final long maxTimeoutNs, final int timeoutGrowthPercent,
                           final int roundWindow, final int maxBufferedNextHeight, final long decisionResendIntervalNs) {
        this(baseTimeoutNs, maxTimeoutNs, timeoutGrowthPercent, roundWindow, maxBufferedNextHeight,
            decisionResendIntervalNs, 0);
    }

    /**
     * One-second base timeout, 30 s cap, x1.5, a 16-round window, and an empty block after a second
     * without transactions: for real networks.
     */
    public static ConsensusConfig defaults() {
        return new ConsensusConfig(1_000_000_000L, 30_000_000_000L, 150, 16, 256, 500_000_000L, 1_000_000_000L);
    }

    /** This config with another {@link #emptyBlockIntervalNs()}. */
    public ConsensusConfig withEmptyBlockInterval(final long ns) {
        return new ConsensusConfig(baseTimeoutNs, maxTimeoutNs, timeoutGrowthPercent, roundWindow, maxBufferedNextHeight,
            decisionResendIntervalNs, ns);
    }

    /**
     * The propose-step timeout of {@code round}: round 0 also waits out the leader's
     * {@link #emptyBlockIntervalNs()}, so that an idle leader is not mistaken for a failed one.
     */
    public long proposeTimeoutNs(final int round) {
        final long t = timeoutNs(round);
        return round == 0 ? saturatingAdd(emptyBlockIntervalNs, t) : t;
    }

    static long saturatingAdd(final long a, final long b) {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
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
