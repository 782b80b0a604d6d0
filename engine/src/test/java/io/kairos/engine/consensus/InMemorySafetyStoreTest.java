package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemorySafetyStoreTest {
    private static final Hash A = Hash.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final Hash B = Hash.of(new byte[32]);

    private final InMemorySafetyStore store = new InMemorySafetyStore();

    @Test
    void refusesToSignAnotherTargetAtTheSamePositionOrToGoBack() {
        store.recordVote(3, 1, Step.PREVOTE, A);
        assertDoesNotThrow(() -> store.recordVote(3, 1, Step.PREVOTE, A), "re-signing the same vote is allowed");
        assertEquals(ConsensusError.WOULD_DOUBLE_SIGN,
            assertThrows(ConsensusException.class, () -> store.recordVote(3, 1, Step.PREVOTE, null)).error());
        assertEquals(ConsensusError.REGRESSION,
            assertThrows(ConsensusException.class, () -> store.recordVote(3, 0, Step.PRECOMMIT, B)).error());
        assertEquals(ConsensusError.REGRESSION,
            assertThrows(ConsensusException.class, () -> store.recordVote(3, 1, Step.PROPOSE, A)).error());
    }

    @Test
    void aBlockPrecommitBecomesTheLockAndOutlivesLaterNilVotes() {
        store.recordVote(5, 2, Step.PRECOMMIT, A);
        store.recordVote(5, 3, Step.PREVOTE, null);
        store.recordVote(5, 3, Step.PRECOMMIT, null);
        final SafetyState s = store.current();
        assertEquals(5, s.lockHeight());
        assertEquals(2, s.lockRound());
        assertEquals(A, s.lockTarget());
    }

    @Test
    void aCommittedHeightForbidsEveryVoteAtIt() {
        store.recordVote(5, 0, Step.PREVOTE, A);
        store.recordCommitted(5);
        assertEquals(ConsensusError.REGRESSION,
            assertThrows(ConsensusException.class, () -> store.recordVote(5, 9, Step.PRECOMMIT, A)).error());
        assertDoesNotThrow(() -> store.recordVote(6, 0, Step.PROPOSE, B));
        store.recordCommitted(2);
        assertEquals(6, store.current().height(), "an older commit never moves the record back");
    }
}
