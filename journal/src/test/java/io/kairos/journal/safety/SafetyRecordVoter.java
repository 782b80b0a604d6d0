package io.kairos.journal.safety;

import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;

import java.nio.file.Path;

/**
 * Child-process main for {@link SafetyRecordKillTest}: votes PREVOTE then PRECOMMIT at each height
 * after the recorded one, as fast as the disk allows, and prints {@code height step} on stdout only
 * after {@link SafetyRecordFile#recordVote} has returned, the way a node sends a vote only after
 * recording it. Runs until killed.
 */
public final class SafetyRecordVoter {
    private SafetyRecordVoter() {
    }

    /** The block a test voter votes for at {@code height}; the kill test votes for another one. */
    static Hash target(final long height) {
        final byte[] b = new byte[Hash.LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (height >>> (56 - 8 * i));
        }
        b[Hash.LENGTH - 1] = 1;
        return Hash.of(b);
    }

    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final Hash genesis = Hash.fromHex(args[1]);
        // Under BATCH a node forces the record once before it sends what it signed: so does the voter.
        final SyncPolicy policy = args.length > 2 ? SyncPolicy.valueOf(args[2]) : SyncPolicy.EVERY_BLOCK;
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, genesis, policy)) {
            for (long height = file.current().height() + 1; ; height++) {
                for (final VoteStep step : new VoteStep[] {VoteStep.PREVOTE, VoteStep.PRECOMMIT}) {
                    file.recordVote(SafetyRecord.vote(genesis, height, 0, step, target(height)));
                    file.sync();
                    System.out.println(height + " " + step);
                    System.out.flush();
                }
            }
        }
    }
}
