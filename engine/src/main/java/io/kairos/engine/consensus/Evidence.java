package io.kairos.engine.consensus;

/**
 * Proof that validator {@link #validator()} equivocated: two different messages it signed for the
 * same (height, round, step), each verifiable on its own. Kept for slashing. For proposals the two
 * messages are {@link Proposal}s, for votes {@link Vote}s. Immutable.
 */
public record Evidence(int validator, long height, int round, Step step, ConsensusMessage first,
                       ConsensusMessage second) {
}
