package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;

/**
 * What a validator's safety store holds: the last position it signed (height, round, step) and the
 * target ({@code null} for nil), and its lock: the last block it precommitted ({@code lockHeight},
 * {@code lockRound}, {@code lockTarget}; {@code lockHeight} 0 when none). A restarted replica
 * rebuilds from it what it must never contradict. Immutable.
 */
public record SafetyState(long height, int round, Step step, Hash target, long lockHeight, int lockRound,
                          Hash lockTarget) {
    /** Nothing signed yet. */
    public static final SafetyState INITIAL = new SafetyState(0, 0, Step.PROPOSE, null, 0, -1, null);

    /** Orders by height, round, then step; negative when this position comes before the other. */
    public int comparePosition(final long otherHeight, final int otherRound, final Step otherStep) {
        int c = Long.compare(height, otherHeight);
        if (c == 0) {
            c = Integer.compare(round, otherRound);
        }
        if (c == 0) {
            c = Integer.compare(step.ordinal(), otherStep.ordinal());
        }
        return c;
    }
}
