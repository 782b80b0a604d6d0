package io.kairos.journal.safety;

import io.kairos.engine.core.Hash;

import java.util.Objects;

/**
 * The last thing a validator signed: the position (height, round, step) and what it voted for, on the
 * chain named by {@code genesisHash}. {@code votedFor} is {@code null} for a nil vote (no block).
 * Immutable; safe to share between threads.
 *
 * <p>Height 0 is the genesis block, on which nobody votes: {@link #initial(Hash)} (height 0, round 0,
 * PROPOSE, nil) stands for "nothing signed yet". {@link #committedFloor(Hash, long)} (round
 * {@link #FLOOR_ROUND}, PRECOMMIT, nil) stands for "height H is committed: sign nothing more at H".
 */
public record SafetyRecord(Hash genesisHash, long height, int round, VoteStep step, Hash votedFor) {
    /** The round of a committed-height floor; no vote may use it, so a floor never equals a vote. */
    public static final int FLOOR_ROUND = Integer.MAX_VALUE;

    public SafetyRecord {
        Objects.requireNonNull(genesisHash, "genesisHash");
        Objects.requireNonNull(step, "step");
    }

    /** A vote for the block {@code blockHash}. */
    public static SafetyRecord vote(final Hash genesisHash, final long height, final int round,
                                    final VoteStep step, final Hash blockHash) {
        return new SafetyRecord(genesisHash, height, round, step, Objects.requireNonNull(blockHash, "blockHash"));
    }

    /** A vote for no block at this position. */
    public static SafetyRecord nil(final Hash genesisHash, final long height, final int round, final VoteStep step) {
        return new SafetyRecord(genesisHash, height, round, step, null);
    }

    /** The record of a validator that has signed nothing on this chain. */
    public static SafetyRecord initial(final Hash genesisHash) {
        return new SafetyRecord(genesisHash, 0, 0, VoteStep.PROPOSE, null);
    }

    /** The record that forbids every further vote at {@code height} and below. */
    public static SafetyRecord committedFloor(final Hash genesisHash, final long height) {
        return new SafetyRecord(genesisHash, height, FLOOR_ROUND, VoteStep.PRECOMMIT, null);
    }

    public boolean isNil() {
        return votedFor == null;
    }

    /**
     * Orders positions by height, then round, then step; the vote targets are not compared.
     * Negative when this record's position comes before {@code other}'s.
     */
    public int comparePosition(final SafetyRecord other) {
        int c = Long.compare(height, other.height);
        if (c == 0) {
            c = Integer.compare(round, other.round);
        }
        if (c == 0) {
            c = Integer.compare(step.ordinal(), other.step.ordinal());
        }
        return c;
    }

    /** True when both records sign the same thing (the same block, or both nil). */
    public boolean sameTarget(final SafetyRecord other) {
        return Objects.equals(votedFor, other.votedFor);
    }

    /** The position and target as a person reads them, e.g. {@code height 7 round 0 PREVOTE for 0x12..}. */
    public String describe() {
        if (round == FLOOR_ROUND) {
            return "height " + height + " committed (no more votes at it)";
        }
        return "height " + height + " round " + round + " " + step + " for " + (votedFor == null ? "nil" : votedFor.toHex());
    }
}
