package io.kairos.journal.safety;

import io.kairos.engine.consensus.ConsensusError;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.SafetyState;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConsensusSafetyStoreTest {
    private static final Hash GENESIS = hash(7);
    private static final Hash A = hash(1);
    private static final Hash B = hash(2);

    @TempDir
    Path dir;

    private static Hash hash(final int fill) {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.of(b);
    }

    @Test
    void votesAndTheLockSurviveAReopenAndConflictsAreRefusedWithThePortCodes() {
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertEquals(0, s.current().height());
            s.recordVote(4, 1, Step.PRECOMMIT, A);
            s.recordVote(4, 2, Step.PREVOTE, null);
        }
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 3)) {
            final SafetyState st = s.current();
            assertEquals(4, st.height());
            assertEquals(2, st.round());
            assertEquals(Step.PREVOTE, st.step());
            assertNull(st.target());
            assertEquals(4, st.lockHeight(), "the precommit lock outlives the later nil prevote");
            assertEquals(1, st.lockRound());
            assertEquals(A, st.lockTarget());
            assertEquals(ConsensusError.WOULD_DOUBLE_SIGN,
                assertThrows(ConsensusException.class, () -> s.recordVote(4, 2, Step.PREVOTE, B)).error());
            assertEquals(ConsensusError.REGRESSION,
                assertThrows(ConsensusException.class, () -> s.recordVote(4, 1, Step.PREVOTE, B)).error());
            s.recordCommitted(4);
            assertEquals(ConsensusError.REGRESSION,
                assertThrows(ConsensusException.class, () -> s.recordVote(4, 3, Step.PREVOTE, A)).error());
        }
    }

    @Test
    void underTheBatchPolicyRecordsAreWrittenAtOnceAndForcedBySync() {
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0, SyncPolicy.BATCH)) {
            s.recordVote(2, 0, Step.PRECOMMIT, A);
            s.recordCommitted(2);
            s.sync();
            s.sync();
            s.recordVote(3, 0, Step.PREVOTE, B);
        }
        // Not forced, but written: a process that dies (or closes) leaves it in the file.
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 2, SyncPolicy.NONE)) {
            assertEquals(3, s.current().height());
            assertEquals(B, s.current().target());
            assertEquals(2, s.current().lockHeight());
        }
        final ConsensusSafetyStore closed = ConsensusSafetyStore.open(dir, GENESIS, 2, SyncPolicy.BATCH);
        closed.close();
        assertEquals(SafetyError.CLOSED, assertThrows(SafetyException.class, closed::sync).error());
    }

    @Test
    void aRecordBehindTheJournalRefusesToStart() {
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            s.recordVote(4, 0, Step.PRECOMMIT, A);
        }
        final SafetyException e = assertThrows(SafetyException.class, () -> ConsensusSafetyStore.open(dir, GENESIS, 6));
        assertEquals(SafetyError.STALE_RECORD, e.error());
        // One behind is a kill between a block's append and its committed mark: accepted.
        ConsensusSafetyStore.open(dir, GENESIS, 5).close();
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertEquals(4, s.current().height(), "the refused open released its lock on the file");
        }
    }

    @Test
    void theProofOfLockIsKeptWhole() {
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertNull(s.proofOfLock());
            s.recordProofOfLock(new byte[] {3, 1, 4});
            s.recordProofOfLock(new byte[] {2, 7, 1, 8});
        }
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertArrayEquals(new byte[] {2, 7, 1, 8}, s.proofOfLock());
        }
    }

    /** A crash in the middle of writing a proof leaves the previous one, never a damaged one. */
    @Test
    void aTornOrDamagedProofFallsBackToThePreviousOne() throws java.io.IOException {
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0, SyncPolicy.BATCH)) {
            s.recordProofOfLock(new byte[] {1, 1, 1});
            s.recordProofOfLock(new byte[] {2, 2, 2, 2});
            s.sync();
        }
        // The second write went to file 0 (sequence 2): cut it short, as a kill in mid-write would.
        final Path newest = dir.resolve(ConsensusSafetyStore.POL_FILE_PREFIX + "0.bin");
        final byte[] whole = java.nio.file.Files.readAllBytes(newest);
        java.nio.file.Files.write(newest, Arrays.copyOf(whole, whole.length - 1));
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertArrayEquals(new byte[] {1, 1, 1}, s.proofOfLock());
        }
        // A flipped bit in the payload is caught by the checksum the same way.
        whole[whole.length - 1] ^= 0x10;
        java.nio.file.Files.write(newest, whole);
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertArrayEquals(new byte[] {1, 1, 1}, s.proofOfLock());
            s.recordProofOfLock(new byte[] {3});
        }
        try (ConsensusSafetyStore s = ConsensusSafetyStore.open(dir, GENESIS, 0)) {
            assertArrayEquals(new byte[] {3}, s.proofOfLock(), "writing goes on past a damaged file");
        }
    }
}
