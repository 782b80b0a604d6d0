package io.kairos.bench.journal;

import io.kairos.engine.ledger.BlockHeader;
import io.kairos.journal.BlockRecord;
import io.kairos.journal.JournalFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Runs J1's set-ups, a few invocations of each method and the tear-downs without JMH and without
 * timing, on small blocks in a temporary directory: appends must land at consecutive heights,
 * replay must read back the blocks written, and every directory must be gone afterwards.
 */
class JournalBenchmarkSetUpTest {
    private static final int TRANSFERS = 5;
    private static final int BLOCKS = 7;

    @TempDir
    Path tmp;

    @Test
    void resealedRecordsDecodeAtTheirHeight() {
        final RecordTemplate t = RecordTemplate.ofTransfers(TRANSFERS);
        final byte[] buffer = t.newBuffer();
        final BlockRecord first = BlockRecord.decode(buffer, 0, buffer.length);
        t.sealAt(buffer, 42);
        assertNull(JournalFormat.check(buffer, 0, buffer.length));
        final BlockRecord r = BlockRecord.decode(buffer, 0, buffer.length);
        assertEquals(42, r.height());
        assertEquals(42, r.header().height());
        assertEquals(TRANSFERS, r.transactionCount());
        assertArrayEquals(first.body(), r.body());
        assertEquals(first.transactionHash(TRANSFERS - 1), r.transactionHash(TRANSFERS - 1));
    }

    @Test
    void aThousandTransfersMakeA160KBBodyInAbout200KBOfRecord() {
        final RecordTemplate t = RecordTemplate.ofTransfers(1_000);
        final int body = BlockRecord.decode(t.newBuffer(), 0, t.length()).body().length;
        assertEquals(160_000, body, 10_000, body + " body bytes");
        assertEquals(JournalFormat.blockRecordLength(BlockHeader.LENGTH, body, 1_000), t.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"append", "appendBatch16"})
    void oursAppendsConsecutiveHeightsEachIteration(final String workload) {
        final JournalBenchmark b = benchmark(workload);
        for (int iteration = 0; iteration < 2; iteration++) {
            b.openForAppend();
            for (int i = 0; i < JournalBenchmark.BATCH + 3; i++) {
                b.nextBlock();
                b.ours();
            }
            assertEquals(JournalBenchmark.BATCH + 3, b.journal().height());
            final BlockRecord last = b.journal().record(JournalBenchmark.BATCH + 3);
            assertEquals(JournalBenchmark.BATCH + 3, last.header().height());
            b.closeAppended();
            assertEquals(0, countChildren(b.root()), "nothing is left between iterations");
        }
        b.tearDown();
        assertFalse(Files.exists(b.root()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"append", "appendBatch16"})
    void rawAppendsEveryBlockAndTheTearDownChecksIt(final String workload) {
        final JournalBenchmark b = benchmark(workload);
        b.openForAppend();
        for (int i = 0; i < JournalBenchmark.BATCH + 1; i++) {
            b.nextBlock();
            b.rawChronicle();
        }
        assertEquals(JournalBenchmark.BATCH + 1, b.rawWritten());
        b.closeAppended();

        b.openForAppend();
        b.nextBlock();
        assertThrows(IllegalStateException.class, b::closeAppended, "a sealed block that was never written");
        b.tearDown();
        assertFalse(Files.exists(b.root()));
    }

    @Test
    void replayReadsEveryBlockBackAndWrapsAround() {
        final JournalBenchmark b = benchmark("replay");
        assertEquals(BLOCKS, b.journal().height());
        for (int round = 0; round < 2; round++) {
            for (int h = 1; h <= BLOCKS; h++) {
                b.nextBlock();
                assertEquals(TRANSFERS, b.ours());
                final int length = (int) b.rawChronicle();
                assertEquals(b.template.length(), length);
                final BlockRecord raw = BlockRecord.decode(b.lastRawRead(), 0, length);
                assertEquals(h, raw.height(), "raw tailer and journal walk the same blocks in step");
                assertEquals(b.journal().record(h), raw);
            }
        }
        b.tearDown();
        assertFalse(Files.exists(b.root()));
    }

    @Test
    void anUnknownWorkloadIsRefused() {
        final JournalBenchmark b = new JournalBenchmark();
        b.workload = "appendd";
        assertThrows(IllegalStateException.class, () -> b.setUp(tmp.resolve("x"), TRANSFERS, BLOCKS));
    }

    private JournalBenchmark benchmark(final String workload) {
        final JournalBenchmark b = new JournalBenchmark();
        b.workload = workload;
        b.setUp(tmp.resolve(workload), TRANSFERS, BLOCKS);
        return b;
    }

    private static long countChildren(final Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
