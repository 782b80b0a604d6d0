package io.kairos.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damages real .cq4 bytes and checks what opening the journal does about it. */
class BlockJournalRecoveryTest {
    @TempDir
    Path dir;

    private Path journalDir() {
        return dir.resolve("journal");
    }

    private JournalConfig config() {
        return JournalConfig.defaults(journalDir()).withSyncPolicy(SyncPolicy.BATCH);
    }

    private List<BlockRecord> write(final int count) {
        final List<BlockRecord> chain = JournalFixtures.chain(count);
        try (BlockJournal journal = BlockJournal.open(config())) {
            chain.forEach(journal::append);
            journal.flush();
        }
        return chain;
    }

    @Test
    void tornLastRecordIsReportedCutAndAppendsContinue() throws IOException {
        final List<BlockRecord> chain = write(10);
        final Path file = JournalFixtures.queueFile(journalDir());
        final BlockRecord last = chain.getLast();
        final int at = JournalFixtures.locate(JournalFixtures.head(file), last);
        final int length = last.encodedLength();
        // A torn write: the second half of the last record never reached the file (the file is pre-sized, so zeros).
        JournalFixtures.overwrite(file, at + length / 2, new byte[length - length / 2]);

        final BlockRecord replacement = JournalFixtures.block(10, chain.get(8).hash(), 999, 1);
        try (BlockJournal journal = BlockJournal.open(config())) {
            final RecoveryReport report = journal.recoveryReport();
            assertTrue(report.cut(), report.describe());
            assertEquals(9, report.lastValidHeight());
            assertEquals(1, report.cutCount());
            assertEquals(length, report.cutBytes());
            assertEquals(report.firstCutIndex(), report.lastCutIndex());
            assertEquals(RecordFault.CRC_MISMATCH, report.fault());
            assertEquals(file.getFileName(), report.file().getFileName());
            assertEquals(at, report.position(), "the report points at the damaged bytes");
            assertTrue(report.describe().contains("position " + at), report.describe());
            assertEquals(9, journal.height());
            assertNull(journal.record(10));
            journal.append(replacement);
            journal.append(JournalFixtures.block(11, replacement.hash(), 1000, 2));
        }
        try (BlockJournal journal = BlockJournal.open(config())) {
            final RecoveryReport report = journal.recoveryReport();
            assertFalse(report.cut(), "the cut marker already voids the torn record: " + report.describe());
            assertEquals(11, journal.height());
            assertEquals(replacement, journal.record(10));
            for (int h = 1; h <= 9; h++) {
                assertEquals(chain.get(h - 1), journal.record(h));
            }
        }
    }

    @Test
    void bitFlipInTheTailIsCutLikeATornWrite() throws IOException {
        final List<BlockRecord> chain = write(6);
        final Path file = JournalFixtures.queueFile(journalDir());
        final int at = JournalFixtures.locate(JournalFixtures.head(file), chain.getLast());
        JournalFixtures.flipBit(file, at + JournalFormat.FIXED_LENGTH + 40, 3);

        try (BlockJournal journal = BlockJournal.open(config())) {
            final RecoveryReport report = journal.recoveryReport();
            assertEquals(1, report.cutCount(), report.describe());
            assertEquals(5, report.lastValidHeight());
            assertEquals(at, report.position());
            assertEquals(RecordFault.CRC_MISMATCH, report.fault());
            journal.append(JournalFixtures.block(6, chain.get(4).hash(), 77, 3));
            assertEquals(6, journal.height());
        }
    }

    @Test
    void severalDamagedTailRecordsAreCutTogether() throws IOException {
        final List<BlockRecord> chain = write(8);
        final Path file = JournalFixtures.queueFile(journalDir());
        final byte[] head = JournalFixtures.head(file);
        final int seventh = JournalFixtures.locate(head, chain.get(6));
        final int eighth = JournalFixtures.locate(head, chain.get(7));
        JournalFixtures.flipBit(file, seventh + JournalFormat.HEIGHT_OFFSET, 0);
        JournalFixtures.flipBit(file, eighth + chain.get(7).encodedLength() - 1, 7);

        try (BlockJournal journal = BlockJournal.open(config())) {
            final RecoveryReport report = journal.recoveryReport();
            assertEquals(2, report.cutCount(), report.describe());
            assertEquals(6, report.lastValidHeight());
            assertEquals(seventh, report.position());
            assertEquals(chain.get(6).encodedLength() + chain.get(7).encodedLength(), report.cutBytes());
            assertTrue(report.lastCutIndex() > report.firstCutIndex());
            assertEquals(6, journal.height());
        }
    }

    @Test
    void corruptRecordInTheMiddleRefusesToOpenNamingFileAndPosition() throws IOException {
        final List<BlockRecord> chain = write(5);
        final Path file = JournalFixtures.queueFile(journalDir());
        final int at = JournalFixtures.locate(JournalFixtures.head(file), chain.get(2));
        JournalFixtures.flipBit(file, at + JournalFormat.FIXED_LENGTH + 100, 5);

        final JournalException e = assertThrows(JournalException.class, () -> BlockJournal.open(config()));
        assertEquals(JournalError.CORRUPT_RECORD, e.error());
        assertEquals("CORRUPT_RECORD", e.code());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("position " + at), e.getMessage());
        assertTrue(e.getMessage().contains("CRC_MISMATCH"), e.getMessage());

        // Refusing must not have written a cut marker: the damage is still reported on the next try.
        assertEquals(JournalError.CORRUPT_RECORD,
            assertThrows(JournalException.class, () -> BlockJournal.open(config())).error());
    }

    @Test
    void damageBeforeAnEarlierCutMarkerIsStillCaught() throws IOException {
        final List<BlockRecord> chain = write(4);
        final Path file = JournalFixtures.queueFile(journalDir());
        JournalFixtures.flipBit(file, JournalFixtures.locate(JournalFixtures.head(file), chain.get(3)) + 50, 1);
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertTrue(journal.recoveryReport().cut());
            journal.append(JournalFixtures.block(4, chain.get(2).hash(), 55, 1));
        }
        JournalFixtures.flipBit(file, JournalFixtures.locate(JournalFixtures.head(file), chain.get(1)) + 60, 2);
        assertEquals(JournalError.CORRUPT_RECORD,
            assertThrows(JournalException.class, () -> BlockJournal.open(config())).error());
    }
}
