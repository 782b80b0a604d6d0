package io.kairos.journal;

import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.CodecLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockJournalTest {
    @TempDir
    Path dir;

    private JournalConfig config(final SyncPolicy policy) {
        return JournalConfig.defaults(dir.resolve("journal")).withSyncPolicy(policy);
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void appendedBlocksReadBackByteExactAfterReopen(final SyncPolicy policy) {
        final List<BlockRecord> chain = JournalFixtures.chain(40);
        try (BlockJournal journal = BlockJournal.open(config(policy))) {
            assertEquals(0, journal.height());
            assertFalse(journal.recoveryReport().cut());
            for (int i = 0; i < chain.size(); i++) {
                journal.append(chain.get(i));
                if (i % 7 == 6) {
                    journal.flush();
                }
            }
            journal.flush();
            assertEquals(40, journal.height());
            assertEquals(chain.get(17), journal.record(18), "readable before close");
        }
        try (BlockJournal journal = BlockJournal.open(config(policy))) {
            final RecoveryReport report = journal.recoveryReport();
            assertFalse(report.cut(), report.describe());
            assertEquals(40, report.lastValidHeight());
            assertEquals(40, report.recordsScanned());
            assertEquals(40, journal.height());
            for (final BlockRecord expected : chain) {
                final BlockRecord actual = journal.record(expected.height());
                assertArrayEquals(expected.encode(), actual.encode(), "block " + expected.height());
                assertArrayEquals(expected.headerBytes(), actual.headerBytes());
                assertArrayEquals(expected.body(), actual.body());
                assertEquals(expected.header(), actual.header());
                for (int i = 0; i < expected.transactionCount(); i++) {
                    assertEquals(expected.receipt(i), actual.receipt(i));
                }
            }
            assertNull(journal.record(0));
            assertNull(journal.record(41));
            // After a reopen the committed block is rebuilt from its record on disk.
            final BlockRecord five = chain.get(4);
            final var rebuilt = journal.block(5);
            assertEquals(five.header(), rebuilt.header());
            assertEquals(five.header().hash(), rebuilt.hash());
            for (int i = 0; i < five.transactionCount(); i++) {
                assertEquals(five.receipt(i), rebuilt.receipt(i));
            }
            assertNull(journal.block(41));
        }
    }

    @Test
    void recordsKeepStatusesFeesAndDecodeToTheBlock() {
        final BlockRecord r = JournalFixtures.chain(3).get(2);
        assertEquals(3, r.transactionCount());
        assertEquals(ReceiptStatus.NONCE_MISMATCH, r.status(2));
        assertEquals(0, r.fee(2));
        assertEquals(1001, r.fee(1));
        final byte[] encoded = r.encode();
        assertEquals(r, BlockRecord.decode(encoded, 0, encoded.length));
        assertEquals(r.hash(), r.toBlock(CodecLimits.DEFAULT).hash());
    }

    @Test
    void heightsMustBeConsecutive() {
        final List<BlockRecord> chain = JournalFixtures.chain(4);
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.NONE))) {
            final JournalException first = assertThrows(JournalException.class, () -> journal.append(chain.get(1)));
            assertEquals(JournalError.NON_CONSECUTIVE_HEIGHT, first.error());
            assertEquals("NON_CONSECUTIVE_HEIGHT", first.code());
            journal.append(chain.get(0));
            journal.append(chain.get(1));
            assertEquals(JournalError.NON_CONSECUTIVE_HEIGHT,
                assertThrows(JournalException.class, () -> journal.append(chain.get(1))).error());
            final JournalException gap = assertThrows(JournalException.class, () -> journal.append(chain.get(3)));
            assertTrue(gap.getMessage().contains("block 4") && gap.getMessage().contains("next height is 3"),
                gap.getMessage());
            assertEquals(2, journal.height());
        }
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.NONE))) {
            assertEquals(2, journal.height(), "refused appends wrote nothing");
        }
    }

    @Test
    void preEncodedAppendChecksTheRecord() {
        final List<BlockRecord> chain = JournalFixtures.chain(2);
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.EVERY_BLOCK))) {
            final byte[] one = chain.get(0).encode();
            journal.appendEncoded(one, 0, one.length);
            final byte[] two = chain.get(1).encode();
            two[JournalFormat.FIXED_LENGTH + 3] ^= 0x10;
            final JournalException e = assertThrows(JournalException.class,
                () -> journal.appendEncoded(two, 0, two.length));
            assertEquals(JournalError.INVALID_RECORD, e.error());
            assertTrue(e.getMessage().contains("CRC_MISMATCH"), e.getMessage());
            assertEquals(JournalError.INVALID_RECORD, assertThrows(JournalException.class,
                () -> journal.appendEncoded(one, 0, 10)).error());
            assertEquals(1, journal.height());
            assertEquals(chain.get(0), journal.record(1));
        }
    }

    @Test
    void locatesTransactionsByHashFromDisk() {
        final List<BlockRecord> chain = JournalFixtures.chain(12);
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.BATCH))) {
            assertEquals(0, journal.lastSyncNanos(), "nothing synced yet");
            chain.forEach(journal::append);
            journal.flush();
            assertTrue(journal.lastSyncNanos() > 0, "the flush's msync was timed for the node's metrics");
        }
        try (BlockJournal journal = BlockJournal.open(config(SyncPolicy.BATCH))) {
            for (final BlockRecord r : chain) {
                for (int i = 0; i < r.transactionCount(); i++) {
                    assertEquals(r.height() << 32 | i, journal.locate(r.transactionHash(i)));
                }
            }
            assertEquals(-1, journal.locate(Hash.ZERO));
        }
    }

    @Test
    void closedJournalRefusesWork() {
        final BlockJournal journal = BlockJournal.open(config(SyncPolicy.BATCH));
        journal.close();
        journal.close();
        assertEquals(JournalError.CLOSED, assertThrows(JournalException.class,
            () -> journal.append(JournalFixtures.chain(1).getFirst())).error());
        assertEquals(JournalError.CLOSED, assertThrows(JournalException.class, () -> journal.record(1)).error());
        assertEquals(JournalError.CLOSED, assertThrows(JournalException.class, journal::flush).error());
    }
}
