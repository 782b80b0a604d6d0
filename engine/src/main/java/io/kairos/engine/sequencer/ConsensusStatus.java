package io.kairos.engine.sequencer;

import io.kairos.engine.consensus.Step;

/**
 * A snapshot of the consensus core as the sequencer last left it, for status lines and metrics. The
 * sequencer publishes a new one after every call into the core; any thread may read it.
 *
 * @param height        the height being decided (the last committed height + 1)
 * @param round         the round at that height
 * @param step          the step within the round
 * @param roundsUsed    rounds gone through for the heights decided so far (one per height when all goes well)
 * @param refusalsTotal messages (and own signings) refused, over every {@code ConsensusError} code
 * @param evidenceCount equivocations seen
 * @param commits       heights this replica decided since it started
 */
public record ConsensusStatus(long height, int round, Step step, long roundsUsed, long refusalsTotal,
                              long evidenceCount, long commits) {
    /** Before the core's first call. */
    public static final ConsensusStatus NOT_STARTED = new ConsensusStatus(0, 0, null, 0, 0, 0, 0);

    /** Round changes: rounds beyond the first that decided heights took (a view change each). */
    public long viewChanges() {
        return Math.max(0, roundsUsed - commits);
    }
}
