package io.kairos.engine.consensus;

/**
 * A consensus message as decoded from the wire ({@link MessageCodec}). {@link #height()} and
 * {@link #round()} place it; a {@link Decision} has the round of its certificate.
 */
public sealed interface ConsensusMessage permits Vote, Proposal, RoundChange, Decision {
    long height();

    int round();
}
