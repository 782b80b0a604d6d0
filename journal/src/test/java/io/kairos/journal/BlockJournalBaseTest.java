package io.kairos.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A journal begun after a snapshot's block (state sync): the base record, heights above it, the index. */
class BlockJournalBaseTest {
    @TempDir
    Path dir;

    private JournalConfig config(final SyncPolicy policy) {
        return JournalConfig.defaults(dir.resolve("journal")).withSyncPolicy(policy);
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void startsAfterTheBaseBlockAndKeepsItsHeaderAcrossReopen(final SyncPolicy policy) {
        final List<BlockRecord> chain = JournalFixtures.chain(30);
        final BlockRecord base = chain.get(19);
        try (BlockJournal journal = BlockJournal.openFromBase(config(policy), base.header())) {
            assertEquals(20, journal.height());
            assertEquals(20, journal.baseHeight());
            assertEquals(base.header(), journal.header(20));
            assertNull(journal.block(20), "the base block's body is not held");
            assertNull(journal.record(20));
            final JournalException early = assertThrows(JournalException.class, () -> journal.append(chain.get(19)));
            assertEquals(JournalError.NON_CONSECUTIVE_HEIGHT, early.error());
            for (int i = 20; i < 30; i++) {
                journal.append(chain.get(i));
            }
            journal.flush();
            assertEquals(30, journal.height());
        }
        try (BlockJournal journal = BlockJournal.open(config(policy))) {
            assertEquals(30, journal.height());
            assertEquals(20, journal.baseHeight());
            assertEquals(base.header(), journal.baseHeader());
            assertEquals(base.header(), journal.header(20));
            assertNull(journal.block(19));
            assertNull(journal.header(19));
            assertEquals(chain.get(24).header(), journal.block(25).header());
            assertEquals(chain.get(29).header(), journal.header(30));
            final BlockRecord withTransfers = chain.get(22);
            assertTrue(withTransfers.transactionCount() > 0);
            assertEquals(23L << 32 | 1, journal.locate(withTransfers.transactionHash(1)));
            assertEquals(23, journal.blockHeight(withTransfers.hash()));
            assertEquals(-1, journal.locate(chain.get(18).transactionHash(0)), "below the base nothing is held");
        }
    }

    @Test
    void anIndexRebuiltFromNothingStartsAtTheBase() throws IOException {
        final List<BlockRecord> chain = JournalFixtures.chain(12);
        try (BlockJournal journal = BlockJournal.openFromBase(config(SyncPolicy.BATCH), chain.get(4).header())) {
            for (int i = 5; i < 12; i++) {
                journal.append(chain.get(i));
            }
            journal.flush();
        }
        try (Stream<Path> files = Files.walk(config(SyncPolicy.BATCH).indexDirectory())) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.BATCH))) {
            assertTrue(journal.indexReport().rebuilt());
            assertEquals(5, journal.indexReport().resumedFromHeight());
            final BlockRecord eleven = chain.get(10);
            assertEquals(11L << 32 | 2, journal.locate(eleven.transactionHash(2)));
            assertEquals(11, journal.blockHeight(eleven.hash()));
        }
    }

    @Test
    void refusesToStartANonEmptyJournalFromABase() {
        final List<BlockRecord> chain = JournalFixtures.chain(3);
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.NONE))) {
            journal.append(chain.get(0));
        }
        final JournalException e = assertThrows(JournalException.class,
            () -> BlockJournal.openFromBase(config(SyncPolicy.NONE), chain.get(2).header()));
        assertEquals(JournalError.INVALID_RECORD, e.error());
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.NONE))) {
            assertEquals(1, journal.height(), "the refused base left the journal as it was");
            assertEquals(0, journal.baseHeight());
            assertNotNull(journal.block(1));
        }
    }

    @Test
    void aBaseRecordFormatsAndChecks() {
        final BlockRecord r = JournalFixtures.chain(2).get(1);
        final byte[] marker = JournalFormat.baseMarker(2, r.header().encode());
        assertNull(JournalFormat.check(marker, 0, marker.length));
        assertEquals(JournalFormat.KIND_BASE, JournalFormat.kind(marker, 0));
        assertEquals(2, JournalFormat.height(marker, 0));
        marker[JournalFormat.FIXED_LENGTH + 3] ^= 1;
        assertEquals(RecordFault.CRC_MISMATCH, JournalFormat.check(marker, 0, marker.length));
    }
}
