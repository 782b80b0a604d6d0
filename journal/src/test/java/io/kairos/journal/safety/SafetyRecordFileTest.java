package io.kairos.journal.safety;

import io.kairos.engine.core.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetyRecordFileTest {
    static final Hash GENESIS = filled(0x47);
    static final Hash OTHER_GENESIS = filled(0x48);

    @TempDir
    Path dir;

    static Hash filled(final int value) {
        final byte[] b = new byte[Hash.LENGTH];
        Arrays.fill(b, (byte) value);
        return Hash.of(b);
    }

    static SafetyRecord vote(final long height, final int round, final VoteStep step, final int target) {
        return SafetyRecord.vote(GENESIS, height, round, step, filled(target));
    }

    static SafetyError refusal(final SafetyRecordFile file, final SafetyRecord vote) {
        return assertThrows(SafetyException.class, () -> file.recordVote(vote)).error();
    }

    @Test
    void aNewFileHoldsTheInitialRecordAndSaysItWasCreated() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertTrue(file.createdNow());
            assertEquals(SafetyRecord.initial(GENESIS), file.current());
        }
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertFalse(file.createdNow());
            assertEquals(SafetyRecord.initial(GENESIS), file.current());
        }
        assertFalse(Files.exists(dir.resolve(SafetyRecordFile.FILE_NAME + ".tmp")));
    }

    @Test
    void theFirstVoteLeavesTheInitialRecordIntactUntilItIsWhole() throws IOException {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(1, 0, VoteStep.PREVOTE, 1));
        }
        final byte[] torn = Files.readAllBytes(file());
        Arrays.fill(torn, 40, SafetyRecordFile.SLOT_SIZE, (byte) 0);
        Files.write(file(), torn);
        assertEquals(SafetyRecord.initial(GENESIS), reopenCurrent());
    }

    @Test
    void aTemporaryFileLeftByACrashedCreationIsReplaced() throws IOException {
        Files.write(dir.resolve(SafetyRecordFile.FILE_NAME + ".tmp"), new byte[] {1, 2, 3});
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertTrue(file.createdNow());
            file.recordVote(vote(2, 0, VoteStep.PREVOTE, 1));
        }
        assertEquals(vote(2, 0, VoteStep.PREVOTE, 1), reopenCurrent());
        assertFalse(Files.exists(dir.resolve(SafetyRecordFile.FILE_NAME + ".tmp")));
    }

    @Test
    void refusalsSayWhatWasAlreadySigned() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordCommitted(3);
            final SafetyException e = assertThrows(SafetyException.class,
                () -> file.recordVote(SafetyRecord.nil(GENESIS, 3, 1, VoteStep.PREVOTE)));
            assertEquals("REGRESSION: refusing to sign height 3 round 1 PREVOTE for nil: it comes before the recorded"
                + " height 3 committed (no more votes at it)", e.getMessage());
        }
    }

    @Test
    void votesInOrderAreKeptAcrossReopen() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(1, 0, VoteStep.PROPOSE, 1));
            file.recordVote(vote(1, 0, VoteStep.PREVOTE, 1));
            file.recordVote(SafetyRecord.nil(GENESIS, 1, 0, VoteStep.PRECOMMIT));
            file.recordVote(vote(1, 1, VoteStep.PREVOTE, 2));
            file.recordVote(vote(2, 0, VoteStep.PRECOMMIT, 3));
        }
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertEquals(vote(2, 0, VoteStep.PRECOMMIT, 3), file.current());
        }
    }

    @Test
    void aNilVoteSurvivesReopenAsNil() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(SafetyRecord.nil(GENESIS, 4, 2, VoteStep.PREVOTE));
        }
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertTrue(file.current().isNil());
            assertEquals(SafetyRecord.nil(GENESIS, 4, 2, VoteStep.PREVOTE), file.current());
        }
    }

    @Test
    void aDifferentTargetAtTheRecordedPositionIsADoubleSign() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(5, 1, VoteStep.PREVOTE, 9));
            assertEquals(SafetyError.WOULD_DOUBLE_SIGN, refusal(file, vote(5, 1, VoteStep.PREVOTE, 10)));
            assertEquals(SafetyError.WOULD_DOUBLE_SIGN, refusal(file, SafetyRecord.nil(GENESIS, 5, 1, VoteStep.PREVOTE)));
            file.recordVote(SafetyRecord.nil(GENESIS, 5, 1, VoteStep.PRECOMMIT));
            assertEquals(SafetyError.WOULD_DOUBLE_SIGN, refusal(file, vote(5, 1, VoteStep.PRECOMMIT, 9)));
            assertEquals(SafetyRecord.nil(GENESIS, 5, 1, VoteStep.PRECOMMIT), file.current());
        }
    }

    @Test
    void theSameVoteAgainIsAcceptedWithoutChangingTheRecord() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(5, 1, VoteStep.PREVOTE, 9));
            file.recordVote(vote(5, 1, VoteStep.PREVOTE, 9));
            assertEquals(vote(5, 1, VoteStep.PREVOTE, 9), file.current());
        }
    }

    @Test
    void anEarlierPositionIsARegression() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(5, 2, VoteStep.PREVOTE, 9));
            assertEquals(SafetyError.REGRESSION, refusal(file, vote(5, 2, VoteStep.PROPOSE, 9)));
            assertEquals(SafetyError.REGRESSION, refusal(file, vote(5, 1, VoteStep.PRECOMMIT, 9)));
            assertEquals(SafetyError.REGRESSION, refusal(file, vote(4, 7, VoteStep.PRECOMMIT, 9)));
            assertEquals(vote(5, 2, VoteStep.PREVOTE, 9), file.current());
        }
    }

    @Test
    void votesNoConsensusStepCanProduceAreRefused() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertEquals(SafetyError.INVALID_INPUT, refusal(file, vote(0, 0, VoteStep.PREVOTE, 1)));
            assertEquals(SafetyError.INVALID_INPUT, refusal(file, vote(1, -1, VoteStep.PREVOTE, 1)));
            assertEquals(SafetyError.INVALID_INPUT, refusal(file, vote(1, SafetyRecord.FLOOR_ROUND, VoteStep.PREVOTE, 1)));
            assertEquals(SafetyError.INVALID_INPUT,
                assertThrows(SafetyException.class, () -> file.recordCommitted(-1)).error());
            assertEquals(SafetyError.INVALID_INPUT,
                assertThrows(SafetyException.class, () -> file.checkNotOlderThan(-1)).error());
        }
    }

    @Test
    void aRecordOfAnotherChainIsRefused() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(3, 0, VoteStep.PREVOTE, 1));
            assertEquals(SafetyError.WRONG_CHAIN,
                refusal(file, SafetyRecord.vote(OTHER_GENESIS, 4, 0, VoteStep.PREVOTE, filled(1))));
        }
        final SafetyException e = assertThrows(SafetyException.class, () -> SafetyRecordFile.open(dir, OTHER_GENESIS));
        assertEquals(SafetyError.WRONG_CHAIN, e.error());
        assertTrue(e.getMessage().contains(GENESIS.toHex()), e.getMessage());
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefusedUntilTheFirstCloses() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(1, 0, VoteStep.PREVOTE, 1));
            assertEquals(SafetyError.LOCKED,
                assertThrows(SafetyException.class, () -> SafetyRecordFile.open(dir, GENESIS)).error());
        }
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertEquals(vote(1, 0, VoteStep.PREVOTE, 1), file.current());
        }
    }

    @Test
    void aClosedFileRefusesEverything() {
        final SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS);
        file.close();
        file.close();
        assertEquals(SafetyError.CLOSED, refusal(file, vote(1, 0, VoteStep.PREVOTE, 1)));
        assertEquals(SafetyError.CLOSED, assertThrows(SafetyException.class, () -> file.checkNotOlderThan(0)).error());
    }

    @Test
    void aCommittedHeightForbidsEveryFurtherVoteAtIt() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(6, 0, VoteStep.PREVOTE, 1));
            file.recordCommitted(6);
            assertEquals(SafetyError.REGRESSION, refusal(file, vote(6, 0, VoteStep.PRECOMMIT, 1)));
            assertEquals(SafetyError.REGRESSION, refusal(file, vote(6, 40, VoteStep.PROPOSE, 1)));
            file.recordCommitted(5);
            assertEquals(SafetyRecord.committedFloor(GENESIS, 6), file.current());
            file.recordVote(vote(7, 0, VoteStep.PROPOSE, 2));
            file.recordCommitted(6);
            assertEquals(vote(7, 0, VoteStep.PROPOSE, 2), file.current());
        }
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertEquals(vote(7, 0, VoteStep.PROPOSE, 2), file.current());
        }
    }

    @Test
    void aRecordAtOrAheadOfTheJournalMayStart() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.checkNotOlderThan(0);
            file.recordCommitted(3);
            file.checkNotOlderThan(3);
            file.recordVote(vote(4, 0, VoteStep.PREVOTE, 1));
            file.checkNotOlderThan(3);
            file.checkNotOlderThan(4);
        }
    }

    @Test
    void aRecordBehindTheJournalRefusesToStartWithAClearMessage() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(5, 0, VoteStep.PRECOMMIT, 1));
        }
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            final SafetyException e = assertThrows(SafetyException.class, () -> file.checkNotOlderThan(9));
            assertEquals(SafetyError.STALE_RECORD, e.error());
            assertEquals("STALE_RECORD", e.code());
            assertTrue(e.getMessage().contains("is at height 5, below 9, the lowest a record kept beside this journal can be: refusing to start"),
                e.getMessage());
            assertFalse(e.getMessage().contains("created just now"), e.getMessage());
        }
    }

    @Test
    void aMissingRecordBesideAJournalIsStaleAndSaysTheFileWasCreated() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            final SafetyException e = assertThrows(SafetyException.class, () -> file.checkNotOlderThan(1));
            assertEquals(SafetyError.STALE_RECORD, e.error());
            assertTrue(e.getMessage().contains("is at height 0, below 1,"), e.getMessage());
            assertTrue(e.getMessage().contains("created just now"), e.getMessage());
        }
    }

    /** Writes two votes so that the newer lives in slot B (sequence 3 would put it in A). */
    private byte[] twoVotes(final SafetyRecord older, final SafetyRecord newer) throws IOException {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(older);
            file.recordVote(newer);
        }
        return Files.readAllBytes(file());
    }

    private Path file() {
        return dir.resolve(SafetyRecordFile.FILE_NAME);
    }

    private SafetyRecord reopenCurrent() {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            return file.current();
        }
    }

    @Test
    void aGarbledByteAnywhereInTheNewerSlotFallsBackToTheOlderRecord() throws IOException {
        // sequences: initial 1 (slot B), older 2 (slot A), newer 3 (slot B)
        final SafetyRecord older = vote(8, 0, VoteStep.PREVOTE, 1);
        final SafetyRecord newer = vote(8, 0, VoteStep.PRECOMMIT, 1);
        final byte[] intact = twoVotes(older, newer);
        assertEquals(SafetyRecordFile.FILE_SIZE, intact.length);
        final int newerSlot = SafetyRecordFile.SLOT_SIZE;
        for (int i = 0; i < SafetyRecordFile.SLOT_SIZE; i++) {
            final byte[] garbled = intact.clone();
            garbled[newerSlot + i] ^= (byte) 0x5A;
            Files.write(file(), garbled);
            assertEquals(older, reopenCurrent(), "garbled byte " + i + " of the newer slot");
        }
        Files.write(file(), intact);
        assertEquals(newer, reopenCurrent());
    }

    @Test
    void aGarbledNewerSlotAInsteadOfBAlsoFallsBack() throws IOException {
        final SafetyRecord older;
        final SafetyRecord newer = vote(9, 0, VoteStep.PREVOTE, 2);
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(8, 0, VoteStep.PREVOTE, 1));
            older = vote(8, 0, VoteStep.PRECOMMIT, 1);
            file.recordVote(older);
            file.recordVote(newer);
        }
        final byte[] intact = Files.readAllBytes(file());
        for (int i = 0; i < SafetyRecordFile.SLOT_SIZE; i++) {
            final byte[] garbled = intact.clone();
            garbled[i] ^= (byte) 0x01;
            Files.write(file(), garbled);
            assertEquals(older, reopenCurrent(), "garbled byte " + i + " of slot A");
        }
    }

    @Test
    void aFileTruncatedAnywhereInTheNewerSlotFallsBackToTheOlderRecord() throws IOException {
        final SafetyRecord older = vote(8, 0, VoteStep.PREVOTE, 1);
        final SafetyRecord newer = vote(8, 0, VoteStep.PRECOMMIT, 1);
        final byte[] intact = twoVotes(older, newer);
        for (int length = SafetyRecordFile.SLOT_SIZE; length < SafetyRecordFile.FILE_SIZE; length++) {
            Files.write(file(), Arrays.copyOf(intact, length));
            assertEquals(older, reopenCurrent(), "file cut to " + length + " bytes");
        }
    }

    @Test
    void afterFallingBackTheNextVoteOverwritesTheBadSlot() throws IOException {
        final SafetyRecord older = vote(8, 0, VoteStep.PREVOTE, 1);
        final byte[] intact = twoVotes(older, vote(8, 0, VoteStep.PRECOMMIT, 1));
        Files.write(file(), Arrays.copyOf(intact, SafetyRecordFile.SLOT_SIZE + 10));
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            assertEquals(older, file.current());
            file.recordVote(vote(8, 0, VoteStep.PRECOMMIT, 2));
        }
        assertEquals(SafetyRecordFile.FILE_SIZE, Files.size(file()));
        assertEquals(vote(8, 0, VoteStep.PRECOMMIT, 2), reopenCurrent());
    }

    @Test
    void bothSlotsBadIsCorrupt() throws IOException {
        final byte[] intact = twoVotes(vote(1, 0, VoteStep.PREVOTE, 1), vote(1, 0, VoteStep.PRECOMMIT, 1));
        final byte[] garbled = intact.clone();
        garbled[SafetyRecordFile.OFF_HEIGHT + 7] ^= 1;
        garbled[SafetyRecordFile.SLOT_SIZE + SafetyRecordFile.OFF_CRC] ^= 1;
        Files.write(file(), garbled);
        final SafetyException e = assertThrows(SafetyException.class, () -> SafetyRecordFile.open(dir, GENESIS));
        assertEquals(SafetyError.CORRUPT, e.error());

        Files.write(file(), new byte[0]);
        assertEquals(SafetyError.CORRUPT,
            assertThrows(SafetyException.class, () -> SafetyRecordFile.open(dir, GENESIS)).error());
        Files.write(file(), intact);
        assertEquals(vote(1, 0, VoteStep.PRECOMMIT, 1), reopenCurrent());
    }

    @Test
    void aSlotWithAValidChecksumButAnUnknownStepIsRejected() throws IOException {
        final byte[] intact = twoVotes(vote(1, 0, VoteStep.PREVOTE, 1), vote(1, 0, VoteStep.PRECOMMIT, 1));
        final byte[] forged = intact.clone();
        forged[SafetyRecordFile.SLOT_SIZE + SafetyRecordFile.OFF_STEP] = 9;
        final CRC32C crc = new CRC32C();
        crc.update(forged, SafetyRecordFile.SLOT_SIZE, SafetyRecordFile.OFF_CRC);
        ByteBuffer.wrap(forged).putInt(SafetyRecordFile.SLOT_SIZE + SafetyRecordFile.OFF_CRC, (int) crc.getValue());
        Files.write(file(), forged);
        assertEquals(vote(1, 0, VoteStep.PREVOTE, 1), reopenCurrent());
    }

    @Test
    void theOnDiskLayoutIsAsDocumented() throws IOException {
        try (SafetyRecordFile file = SafetyRecordFile.open(dir, GENESIS)) {
            file.recordVote(vote(0x0102030405L, 7, VoteStep.PRECOMMIT, 0xAB));
        }
        final byte[] bytes = new byte[SafetyRecordFile.SLOT_SIZE];
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(bytes), 0);
        }
        // sequence 2 lands in slot A
        assertArrayEquals(new byte[] {'K', 'S', 'R', '1', 1, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2,
            0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 7, 0, 0, 0, 0}, Arrays.copyOf(bytes, 32));
        assertArrayEquals(GENESIS.toByteArray(), Arrays.copyOfRange(bytes, 32, 64));
        assertArrayEquals(filled(0xAB).toByteArray(), Arrays.copyOfRange(bytes, 64, 96));
    }
}
