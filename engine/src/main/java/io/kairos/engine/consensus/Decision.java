package io.kairos.engine.consensus;

import io.kairos.engine.ledger.BlockHeader;

import java.util.Arrays;

/**
 * A committed block with its commit certificate (2f+1 precommits), sent to a replica that is behind
 * so that it can catch up without replaying the rounds. Needs no signature of its own: the
 * certificate proves it. Immutable.
 */
public record Decision(BlockHeader header, byte[] body, Certificate commit) implements ConsensusMessage {
    @Override
    public long height() {
        return header.height();
    }

    @Override
    public int round() {
        return commit.round();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Decision d && header.equals(d.header) && Arrays.equals(body, d.body)
            && commit.equals(d.commit);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + commit.hashCode();
    }
}
