package io.kairos.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalSalvageTest {
    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.defaults(dir.resolve("journal")).withSyncPolicy(SyncPolicy.BATCH);
    }

    @Test
    void keepsTheSoundStartOfAJournalDamagedInTheMiddle() throws IOException {
        final List<BlockRecord> chain = JournalFixtures.chain(12);
        try (BlockJournal journal = BlockJournal.open(config())) {
            chain.forEach(journal::append);
            journal.flush();
        }
        final Path file = JournalFixtures.queueFile(config().directory());
        JournalFixtures.flipBit(file, JournalFixtures.locate(JournalFixtures.head(file), chain.get(6))
            + JournalFormat.FIXED_LENGTH + 40, 3);
        assertEquals(JournalError.CORRUPT_RECORD,
            assertThrows(JournalException.class, () -> BlockJournal.open(config())).error());

        final JournalSalvage.Report report = JournalSalvage.salvage(config(), 1234);
        assertEquals(6, report.keptHeight());
        assertEquals(6, report.recordsKept());
        assertTrue(report.stoppedAt().contains("CRC_MISMATCH"), report.stoppedAt());
        assertEquals(dir.resolve("journal.corrupt-1234"), report.setAside());
        assertTrue(Files.isDirectory(report.setAside()), "the damaged journal is kept");

        try (BlockJournal journal = BlockJournal.open(config())) {
            assertEquals(6, journal.height());
            assertEquals(chain.get(5).header(), journal.block(6).header());
            assertNull(journal.block(7));
            assertEquals(2L << 32 | 1, journal.locate(chain.get(1).transactionHash(1)), "the index is rebuilt");
            journal.append(chain.get(6));
            assertEquals(7, journal.height());
        }
    }

    @Test
    void keepsTheBaseOfAJournalBegunFromASnapshot() throws IOException {
        final List<BlockRecord> chain = JournalFixtures.chain(10);
        try (BlockJournal journal = BlockJournal.openFromBase(config(), chain.get(2).header())) {
            for (int i = 3; i < 10; i++) {
                journal.append(chain.get(i));
            }
            journal.flush();
        }
        final Path file = JournalFixtures.queueFile(config().directory());
        JournalFixtures.flipBit(file, JournalFixtures.locate(JournalFixtures.head(file), chain.get(7))
            + JournalFormat.FIXED_LENGTH + 10, 0);
        final JournalSalvage.Report report = JournalSalvage.salvage(config(), 99);
        assertEquals(7, report.keptHeight());
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertEquals(3, journal.baseHeight());
            assertEquals(7, journal.height());
            assertEquals(chain.get(2).header(), journal.header(3));
        }
    }
}
