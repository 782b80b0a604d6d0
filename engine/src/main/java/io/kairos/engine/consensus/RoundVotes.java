package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The votes of one round at the current height: at most one prevote and one precommit per validator
 * (the first one received; a conflicting second one is evidence, not a vote), and the round's
 * proposal. All the quorum bookkeeping of a round, in one small class. Not thread-safe.
 */
final class RoundVotes {
    private final Vote[] prevotes;
    private final Vote[] precommits;
    private Proposal proposal;

    RoundVotes(final int validators) {
        prevotes = new Vote[validators];
        precommits = new Vote[validators];
    }

    Vote get(final Step step, final int validator) {
        return (step == Step.PREVOTE ? prevotes : precommits)[validator];
    }

    void put(final Vote vote) {
        (vote.step() == Step.PREVOTE ? prevotes : precommits)[vote.validator()] = vote;
    }

    Proposal proposal() {
        return proposal;
    }

    void proposal(final Proposal p) {
        proposal = p;
    }

    /** Votes of {@code step} for {@code blockHash} (null: nil) with {@code stateRoot}. */
    int count(final Step step, final Hash blockHash, final Hash stateRoot) {
        int c = 0;
        for (final Vote v : step == Step.PREVOTE ? prevotes : precommits) {
            if (v != null && Objects.equals(v.blockHash(), blockHash) && v.stateRoot().equals(stateRoot)) {
                c++;
            }
        }
        return c;
    }

    /** A vote whose target (block and state root) has at least {@code quorum} votes of {@code step}, or null. */
    Vote targetWithQuorum(final Step step, final int quorum, final boolean nil) {
        for (final Vote v : step == Step.PREVOTE ? prevotes : precommits) {
            if (v != null && v.isNil() == nil && count(step, v.blockHash(), v.stateRoot()) >= quorum) {
                return v;
            }
        }
        return null;
    }

    /** The votes of {@code step} with the target of {@code like}, as a certificate. */
    Certificate certificate(final Step step, final Vote like) {
        final List<Vote> votes = new ArrayList<>();
        for (final Vote v : step == Step.PREVOTE ? prevotes : precommits) {
            if (v != null && v.sameTarget(like)) {
                votes.add(v);
            }
        }
        return Certificate.of(votes);
    }
}
