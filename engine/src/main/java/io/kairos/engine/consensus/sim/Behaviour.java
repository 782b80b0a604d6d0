package io.kairos.engine.consensus.sim;

/** What a simulated replica does with the messages its (correct) consensus core produces. */
public enum Behaviour {
    /** Sends what the core says. */
    HONEST,
    /**
     * Colludes with the other equivocators: as leader sends one block to half the honest replicas and
     * a twin block (same body, next timestamp) to the other half; votes for each half's block in both
     * steps at once, signing conflicting votes.
     */
    EQUIVOCATOR,
    /** Never sends its proposals or round changes. */
    WITHHOLDER,
    /** Sends half its recipients its votes and proposals with a corrupted signature. */
    BAD_SIGNATURE,
    /** Also sends random bytes and mangled copies of its messages. */
    GARBAGE,
    /** Runs correctly, but a second replica with the same key runs beside it (the validator equivocates). */
    TWIN
}
