package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;

import java.util.Objects;

/**
 * A {@link SafetyStore} in memory with the same rules as the durable one. The simulator keeps one
 * per replica across simulated crashes, as a disk would. Not thread-safe.
 */
public final class InMemorySafetyStore implements SafetyStore {
    private SafetyState state = SafetyState.INITIAL;
    private long writes;
    private byte[] proofOfLock;

    @Override
    public SafetyState current() {
        return state;
    }

    @Override
    public void recordVote(final long height, final int round, final Step step, final Hash target) {
        state = next(state, height, round, step, target);
        writes++;
    }

    /** The state after a vote, or a typed refusal; shared with the file-backed adapter's checks. */
    public static SafetyState next(final SafetyState s, final long height, final int round, final Step step,
                                   final Hash target) {
        if (height < 1 || round < 0 || round == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a vote needs height >= 1 and a round in [0, 2^31-1), got "
                + height + "/" + round);
        }
        final int order = s.comparePosition(height, round, step);
        if (order == 0 && !Objects.equals(s.target(), target)) {
            throw new ConsensusException(ConsensusError.WOULD_DOUBLE_SIGN, "already signed " + s.step() + " at height "
                + height + " round " + round + " for " + s.target() + ", refusing " + target);
        }
        if (order > 0) {
            throw new ConsensusException(ConsensusError.REGRESSION, "position " + height + "/" + round + "/" + step
                + " comes before the recorded " + s.height() + "/" + s.round() + "/" + s.step());
        }
        final boolean lock = step == Step.PRECOMMIT && target != null;
        return new SafetyState(height, round, step, target, lock ? height : s.lockHeight(),
            lock ? round : s.lockRound(), lock ? target : s.lockTarget());
    }

    @Override
    public void recordCommitted(final long height) {
        if (s().comparePosition(height, Integer.MAX_VALUE, Step.PRECOMMIT) < 0) {
            state = new SafetyState(height, Integer.MAX_VALUE, Step.PRECOMMIT, null, state.lockHeight(),
                state.lockRound(), state.lockTarget());
        }
    }

    private SafetyState s() {
        return state;
    }

    @Override
    public void recordProofOfLock(final byte[] encodedRoundChange) {
        proofOfLock = encodedRoundChange.clone();
    }

    @Override
    public byte[] proofOfLock() {
        return proofOfLock == null ? null : proofOfLock.clone();
    }

    /** Votes recorded (a proxy for fsyncs). */
    public long writes() {
        return writes;
    }
}
