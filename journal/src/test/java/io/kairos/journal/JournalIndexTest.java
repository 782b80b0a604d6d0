package io.kairos.journal;

import io.kairos.engine.core.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalIndexTest {
    /** Transactions in {@code JournalFixtures.chain(10)}: block h has h % 4. */
    private static final int TX_IN_TEN = 15;

    @TempDir
    Path dir;

    private Path journalDir() {
        return dir.resolve("journal");
    }

    private Path indexDir() {
        return journalDir().resolve(JournalConfig.DEFAULT_INDEX_SUBDIRECTORY);
    }

    private JournalConfig config() {
        return JournalConfig.defaults(journalDir()).withIndexEntries(1_000, 100);
    }

    private static Hash unknownHash() {
        final byte[] b = new byte[Hash.LENGTH];
        Arrays.fill(b, (byte) 0x5A);
        return Hash.of(b);
    }

    /** Every transaction and block of {@code chain} is found where it was committed; an unknown hash is not. */
    private static void assertIndexed(final BlockJournal journal, final List<BlockRecord> chain) {
        for (final BlockRecord r : chain) {
            for (int i = 0; i < r.transactionCount(); i++) {
                assertEquals(r.height() << 32 | i, journal.locate(r.transactionHash(i)),
                    "transaction " + i + " of block " + r.height());
            }
            assertEquals(r.height(), journal.blockHeight(r.hash()), "block " + r.height());
        }
        assertEquals(-1, journal.locate(unknownHash()));
        assertEquals(-1, journal.blockHeight(unknownHash()));
    }

    private List<BlockRecord> writeIndexed(final int count) {
        final List<BlockRecord> chain = JournalFixtures.chain(count);
        try (BlockJournal journal = BlockJournal.open(config())) {
            chain.forEach(journal::append);
            assertIndexed(journal, chain);
        }
        return chain;
    }

    @Test
    void findsTransactionsAndBlocksRightAfterAppendAndAfterReopen() {
        final List<BlockRecord> chain = JournalFixtures.chain(10);
        try (BlockJournal journal = BlockJournal.open(config())) {
            final IndexReport first = journal.indexReport();
            assertTrue(first.rebuilt(), first.describe());
            assertEquals(IndexRebuildReason.MISSING, first.reason());
            for (final BlockRecord r : chain) {
                journal.append(r);
                // Each query comes right after its append: it must wait for the indexer rather than miss.
                if (r.transactionCount() > 0) {
                    assertEquals(r.height() << 32 | r.transactionCount() - 1,
                        journal.locate(r.transactionHash(r.transactionCount() - 1)));
                }
                assertEquals(r.height(), journal.blockHeight(r.hash()));
            }
            assertIndexed(journal, chain);
        }
        assertTrue(Files.exists(indexDir().resolve(JournalIndex.META_FILE)), "the index lives in journal/index");
        try (BlockJournal journal = BlockJournal.open(config())) {
            final IndexReport report = journal.indexReport();
            assertFalse(report.rebuilt(), report.describe());
            assertNull(report.reason());
            assertFalse(report.recovered(), "closed cleanly: no Chronicle Map recovery");
            assertEquals(10, report.resumedFromHeight());
            assertEquals(TX_IN_TEN, report.transactionEntries());
            assertEquals(10, report.blockEntries());
            assertIndexed(journal, chain);
            final List<BlockRecord> more = new ArrayList<>(chain);
            Hash parent = chain.getLast().hash();
            for (int h = 11; h <= 14; h++) {
                final BlockRecord r = JournalFixtures.block(h, parent, 100 + h * 4L, 3);
                journal.append(r);
                more.add(r);
                parent = r.hash();
            }
            assertIndexed(journal, more);
        }
    }

    @Test
    void deletedIndexDirectoryIsRebuiltWithTheSameAnswers() throws IOException {
        final List<BlockRecord> chain = writeIndexed(10);
        deleteTree(indexDir());
        try (BlockJournal journal = BlockJournal.open(config())) {
            final IndexReport report = journal.indexReport();
            assertTrue(report.rebuilt());
            assertEquals(IndexRebuildReason.MISSING, report.reason());
            assertEquals(0, report.resumedFromHeight());
            assertTrue(report.describe().contains("indexing heights 1..10"), report.describe());
            assertIndexed(journal, chain);
        }
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertFalse(journal.indexReport().rebuilt(), "the rebuilt index is trusted next time");
            assertIndexed(journal, chain);
        }
    }

    @Test
    void garbledMetadataIsRebuilt() throws IOException {
        final List<BlockRecord> chain = writeIndexed(10);
        final Path meta = indexDir().resolve(JournalIndex.META_FILE);
        final byte[] bytes = Files.readAllBytes(meta);
        bytes[33] ^= 0x04;
        Files.write(meta, bytes);
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertEquals(IndexRebuildReason.UNREADABLE, journal.indexReport().reason());
            assertIndexed(journal, chain);
        }
    }

    @Test
    void garbledMapFileIsRebuilt() throws IOException {
        final List<BlockRecord> chain = writeIndexed(10);
        final Path txMap;
        try (Stream<Path> files = Files.list(indexDir())) {
            txMap = files.filter(p -> p.getFileName().toString().startsWith("transactions.")).findFirst().orElseThrow();
        }
        final byte[] junk = new byte[64];
        Arrays.fill(junk, (byte) 0x5A);
        JournalFixtures.overwrite(txMap, 0, junk);
        try (BlockJournal journal = BlockJournal.open(config())) {
            final IndexReport report = journal.indexReport();
            assertEquals(IndexRebuildReason.MAP_UNREADABLE, report.reason(), report.describe());
            assertIndexed(journal, chain);
        }
        try (Stream<Path> files = Files.list(indexDir())) {
            assertFalse(files.anyMatch(txMap::equals), "the refused map file is deleted");
        }
    }

    @Test
    void otherFormatVersionIsRebuilt() throws IOException {
        final List<BlockRecord> chain = writeIndexed(4);
        final Path meta = indexDir().resolve(JournalIndex.META_FILE);
        final byte[] bytes = Files.readAllBytes(meta);
        bytes[4] = 2;
        JournalFormat.seal(bytes, 0, bytes.length);
        Files.write(meta, bytes);
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertEquals(IndexRebuildReason.FORMAT_VERSION, journal.indexReport().reason());
            assertIndexed(journal, chain);
        }
    }

    @Test
    void tailCutBelowTheIndexedHeightRebuildsAndNeverReturnsTheVoidedBlock() throws IOException {
        final List<BlockRecord> chain = writeIndexed(10);
        final BlockRecord voided = chain.getLast();
        tearLastRecord(voided);
        final BlockRecord replacement = JournalFixtures.block(10, chain.get(8).hash(), 500, 2);
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertTrue(journal.recoveryReport().cut());
            assertEquals(9, journal.height());
            final IndexReport report = journal.indexReport();
            assertEquals(IndexRebuildReason.AHEAD_OF_JOURNAL, report.reason(), report.describe());
            assertVoided(journal, voided);
            journal.append(replacement);
            assertVoided(journal, voided);
            assertIndexed(journal, List.of(replacement));
            assertIndexed(journal, chain.subList(0, 9));
        }
    }

    @Test
    void staleEntriesAboveTrustedMetadataAreCheckedAgainstTheJournal() throws IOException {
        // The index covers 8 per its metadata but its maps also hold blocks 9 and 10, as after a crash
        // between writing entries and advancing the metadata; then block 10 is cut from the journal.
        final List<BlockRecord> chain = JournalFixtures.chain(10);
        final Path savedMeta = dir.resolve("meta-at-8");
        try (BlockJournal journal = BlockJournal.open(config())) {
            chain.subList(0, 8).forEach(journal::append);
            journal.awaitIndex();
        }
        Files.copy(indexDir().resolve(JournalIndex.META_FILE), savedMeta);
        try (BlockJournal journal = BlockJournal.open(config())) {
            chain.subList(8, 10).forEach(journal::append);
            journal.awaitIndex();
        }
        Files.copy(savedMeta, indexDir().resolve(JournalIndex.META_FILE), StandardCopyOption.REPLACE_EXISTING);
        final BlockRecord voided = chain.getLast();
        tearLastRecord(voided);
        final BlockRecord replacement = JournalFixtures.block(10, chain.get(8).hash(), 500, 1);
        try (BlockJournal journal = BlockJournal.open(config())) {
            final IndexReport report = journal.indexReport();
            assertFalse(report.rebuilt(), report.describe());
            assertEquals(8, report.resumedFromHeight());
            assertEquals(TX_IN_TEN, report.transactionEntries(), "block 10's entries are still in the map");
            journal.append(replacement);
            assertVoided(journal, voided);
            assertIndexed(journal, chain.subList(0, 9));
            assertIndexed(journal, List.of(replacement));
        }
    }

    @Test
    void indexFromAnotherChainIsRebuilt() throws IOException {
        writeIndexed(6);
        final Path foreignIndex = dir.resolve("foreign-index");
        Files.move(indexDir(), foreignIndex);
        deleteTree(journalDir());
        final List<BlockRecord> other = new ArrayList<>();
        Hash parent = Hash.ZERO;
        for (int h = 1; h <= 6; h++) {
            final BlockRecord r = JournalFixtures.block(h, parent, 1000 + h * 2L, 2);
            other.add(r);
            parent = r.hash();
        }
        try (BlockJournal journal = BlockJournal.open(config())) {
            other.forEach(journal::append);
        }
        deleteTree(indexDir());
        Files.move(foreignIndex, indexDir());
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertEquals(IndexRebuildReason.HASH_MISMATCH, journal.indexReport().reason());
            assertIndexed(journal, other);
            final BlockRecord foreign = JournalFixtures.chain(6).get(5);
            assertEquals(-1, journal.blockHeight(foreign.hash()));
            assertEquals(-1, journal.locate(foreign.transactionHash(0)));
        }
    }

    @Test
    void indexLeftOpenByADeadProcessGoesThroughChronicleRecoveryAndIsTrusted() throws IOException {
        // A copy of the index directory taken while the journal is open is what a kill -9 leaves:
        // metadata marked not clean, maps never closed.
        final List<BlockRecord> chain = JournalFixtures.chain(10);
        final Path snapshot = dir.resolve("index-while-open");
        try (BlockJournal journal = BlockJournal.open(config())) {
            chain.forEach(journal::append);
            journal.awaitIndex();
            Files.createDirectories(snapshot);
            try (Stream<Path> files = Files.list(indexDir())) {
                for (final Path p : files.toList()) {
                    Files.copy(p, snapshot.resolve(p.getFileName()));
                }
            }
        }
        deleteTree(indexDir());
        Files.move(snapshot, indexDir());
        try (BlockJournal journal = BlockJournal.open(config())) {
            final IndexReport report = journal.indexReport();
            assertFalse(report.rebuilt(), report.describe());
            assertTrue(report.recovered(), report.describe());
            assertIndexed(journal, chain);
        }
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertFalse(journal.indexReport().recovered(), "closed cleanly this time");
            assertIndexed(journal, chain);
        }
    }

    @Test
    void fullTransactionIndexFailsQueriesWithATypedErrorAndAResizeRebuilds() {
        final List<BlockRecord> chain = JournalFixtures.chain(10);
        final JournalConfig small = config().withIndexEntries(5, 100);
        try (BlockJournal journal = BlockJournal.open(small)) {
            chain.forEach(journal::append);
            assertEquals(10, journal.height(), "appends do not depend on the index");
            final JournalException e = assertThrows(JournalException.class,
                () -> journal.locate(chain.get(1).transactionHash(0)));
            assertEquals(JournalError.INDEX_FULL, e.error());
            assertEquals("INDEX_FULL", e.code());
            assertTrue(e.getMessage().contains("transactionIndexEntries"), e.getMessage());
            assertTrue(e.getMessage().contains("block 3"), "blocks 1 and 2 (3 transactions) fit, block 3's 3 do not: "
                + e.getMessage());
            assertEquals(JournalError.INDEX_FULL,
                assertThrows(JournalException.class, () -> journal.blockHeight(chain.getFirst().hash())).error());
        }
        try (BlockJournal journal = BlockJournal.open(small)) {
            assertFalse(journal.indexReport().rebuilt(), "same size: trusted up to height 2");
            assertEquals(2, journal.indexReport().resumedFromHeight());
            assertEquals(JournalError.INDEX_FULL,
                assertThrows(JournalException.class, () -> journal.locate(unknownHash())).error());
        }
        try (BlockJournal journal = BlockJournal.open(config())) {
            assertEquals(IndexRebuildReason.RESIZED, journal.indexReport().reason());
            assertIndexed(journal, chain);
        }
    }

    @Test
    void fullBlockIndexFailsWithATypedError() {
        final List<BlockRecord> chain = JournalFixtures.chain(5);
        try (BlockJournal journal = BlockJournal.open(config().withIndexEntries(1_000, 3))) {
            chain.forEach(journal::append);
            final JournalException e = assertThrows(JournalException.class,
                () -> journal.blockHeight(chain.getFirst().hash()));
            assertEquals(JournalError.INDEX_FULL, e.error());
            assertTrue(e.getMessage().contains("blockIndexEntries"), e.getMessage());
        }
    }

    @Test
    void queryWaitsForALaggingIndexer() throws Exception {
        final List<BlockRecord> chain = JournalFixtures.chain(7);
        try (BlockJournal journal = BlockJournal.open(config().withIndexWait(Duration.ofSeconds(30)))) {
            journal.index().pause();
            chain.forEach(journal::append);
            final BlockRecord last = chain.getLast();
            final CompletableFuture<Long> located = CompletableFuture.supplyAsync(
                () -> journal.locate(last.transactionHash(2)));
            final CompletableFuture<Long> height = CompletableFuture.supplyAsync(() -> journal.blockHeight(last.hash()));
            Thread.sleep(300);
            assertFalse(located.isDone(), "the index is held at height " + journal.index().indexedHeight()
                + ", so the query must still be waiting");
            assertFalse(height.isDone());
            journal.index().resume();
            assertEquals(7L << 32 | 2, located.get(30, TimeUnit.SECONDS));
            assertEquals(7L, height.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void queryGivesUpOnAStuckIndexerWithATypedError() {
        final List<BlockRecord> chain = JournalFixtures.chain(3);
        try (BlockJournal journal = BlockJournal.open(config().withIndexWait(Duration.ofMillis(100)))) {
            journal.index().pause();
            chain.forEach(journal::append);
            final JournalException e = assertThrows(JournalException.class,
                () -> journal.locate(chain.getLast().transactionHash(0)));
            assertEquals(JournalError.INDEX_LAGGING, e.error());
            assertTrue(e.getMessage().contains("the journal is at 3"), e.getMessage());
            journal.index().resume();
            assertEquals(3L << 32, journal.locate(chain.getLast().transactionHash(0)));
        }
    }

    @Test
    void closeWhileAQueryWaitsFailsItAsClosed() throws Exception {
        final List<BlockRecord> chain = JournalFixtures.chain(3);
        final BlockJournal journal = BlockJournal.open(config().withIndexWait(Duration.ofSeconds(30)));
        journal.index().pause();
        chain.forEach(journal::append);
        final CompletableFuture<Long> located = CompletableFuture.supplyAsync(
            () -> journal.locate(chain.getLast().transactionHash(0)));
        Thread.sleep(100);
        journal.close();
        final Throwable cause = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> located.get(30, TimeUnit.SECONDS)).getCause();
        assertTrue(cause instanceof JournalException, String.valueOf(cause));
        assertEquals(JournalError.CLOSED, ((JournalException) cause).error());
        assertEquals(JournalError.CLOSED, assertThrows(JournalException.class,
            () -> journal.locate(unknownHash())).error());
    }

    private static void assertVoided(final BlockJournal journal, final BlockRecord voided) {
        for (int i = 0; i < voided.transactionCount(); i++) {
            assertEquals(-1, journal.locate(voided.transactionHash(i)), "transaction " + i + " of the voided block");
        }
        assertEquals(-1, journal.blockHeight(voided.hash()), "the voided block");
    }

    /** Zeroes the second half of the journal's last record, as a torn write leaves it. */
    private void tearLastRecord(final BlockRecord last) throws IOException {
        final Path file = JournalFixtures.queueFile(journalDir());
        final int at = JournalFixtures.locate(JournalFixtures.head(file), last);
        final int length = last.encodedLength();
        JournalFixtures.overwrite(file, at + length / 2, new byte[length - length / 2]);
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
