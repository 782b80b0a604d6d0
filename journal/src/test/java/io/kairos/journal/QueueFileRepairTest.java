package io.kairos.journal;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kill during a roll-over leaves the next cycle's queue file with no header (the crash test found
 * it: the restarted node stalled on Chronicle's 10 s wait). Opening sets such a file aside and
 * carries on at once, losing nothing.
 */
class QueueFileRepairTest {
    @TempDir
    Path dir;

    @Test
    void aQueueFileWithoutAHeaderIsSetAsideAndTheJournalContinues() throws IOException {
        final JournalConfig config = JournalConfig.defaults(dir).withSyncPolicy(SyncPolicy.NONE)
            .withRollCycle(TestRollCycles.TEST_DAILY);
        final List<BlockRecord> chain = JournalFixtures.chain(6);
        try (BlockJournal journal = BlockJournal.open(config)) {
            for (final BlockRecord r : chain.subList(0, 3)) {
                journal.append(r);
            }
        }
        // What the kill leaves: the next cycle's file created and sized, its header never written.
        final Path torn = dir.resolve("29991231.cq4");
        Files.write(torn, new byte[64 * 1024]);
        final Path halfHeader = dir.resolve("29991230.cq4");
        Files.write(halfHeader, new byte[] {(byte) 0xc1, 0, 0, (byte) 0xc0});

        try (BlockJournal journal = BlockJournal.open(config)) {
            assertEquals(List.of(dir.resolve("29991230.cq4" + QueueFileRepair.SUFFIX),
                dir.resolve("29991231.cq4" + QueueFileRepair.SUFFIX)), journal.setAsideFiles().stream().sorted()
                .toList());
            assertEquals(3, journal.height());
            for (final BlockRecord r : chain.subList(3, 6)) {
                journal.append(r);
            }
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            assertTrue(journal.setAsideFiles().isEmpty());
            assertEquals(6, journal.height());
            assertEquals(chain.get(5).height(), journal.record(6).height());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(QueueFileRepair.SUFFIX)).count(),
                "set-aside files are kept for inspection");
        }
    }

    @Test
    void aCompleteQueueIsLeftAlone() {
        final JournalConfig config = JournalConfig.defaults(dir);
        try (BlockJournal journal = BlockJournal.open(config)) {
            journal.append(JournalFixtures.chain(1).getFirst());
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            assertTrue(journal.setAsideFiles().isEmpty());
            assertEquals(1, journal.height());
        }
    }
}
