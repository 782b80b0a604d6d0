package io.kairos.journal.consensus;

import io.kairos.engine.consensus.Certificate;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateJournalTest {
    private static final Hash GENESIS = hash(7);
    private static final int SIGNERS = 4;

    @TempDir
    Path dir;

    private static Hash hash(final int fill) {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.of(b);
    }

    /** A commit certificate whose bytes differ per height (signatures are not checked by the store). */
    private static Certificate commit(final long height) {
        final int[] who = {0, 1, 3};
        final byte[][] sigs = new byte[who.length][64];
        for (int i = 0; i < who.length; i++) {
            Arrays.fill(sigs[i], (byte) (height * 3 + i));
        }
        return new Certificate(Step.PRECOMMIT, height, (int) (height % 3), hash((int) height), hash((int) height + 100),
            who, sigs);
    }

    private CertificateJournal open() {
        return CertificateJournal.open(dir, GENESIS, SIGNERS);
    }

    private Path file() {
        return dir.resolve(CertificateJournal.FILE_NAME);
    }

    private static int recordBytes() {
        return CertificateJournal.RECORD_HEADER_BYTES + CertificateJournal.MIN_PAYLOAD_BYTES + 3 * (2 + 2 + 64);
    }

    private void fill(final int from, final int to) {
        try (CertificateJournal j = open()) {
            for (int h = from; h <= to; h++) {
                j.put(commit(h));
            }
        }
    }

    @Test
    void certificatesSurviveAReopenAndUnknownHeightsAreNull() {
        try (CertificateJournal j = open()) {
            assertEquals(0, j.lastHeight());
            assertNull(j.get(1));
            for (int h = 1; h <= 50; h++) {
                j.put(commit(h));
            }
            assertEquals(commit(17), j.get(17));
        }
        try (CertificateJournal j = open()) {
            final CertificateRecovery r = j.recovery();
            assertEquals(50, r.records());
            assertEquals(1, r.firstHeight());
            assertEquals(50, r.lastHeight());
            assertFalse(r.cutTornTail());
            assertEquals(CertificateJournal.HEADER_BYTES + 50L * recordBytes(), Files.size(file()));
            for (int h = 1; h <= 50; h++) {
                assertEquals(commit(h), j.get(h), "height " + h);
            }
            assertNull(j.get(0));
            assertNull(j.get(51));
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void underTheBatchPolicyAppendsAreReadableAtOnceAndForcedBySync() {
        try (CertificateJournal j = CertificateJournal.open(dir, GENESIS, SIGNERS, SyncPolicy.BATCH)) {
            j.put(commit(1));
            j.put(commit(2));
            assertEquals(commit(2), j.get(2));
            j.sync();
            j.sync();
            j.put(commit(3));
        }
        try (CertificateJournal j = open()) {
            assertEquals(3, j.lastHeight(), "written without a force, and still in the file after close");
            assertEquals(commit(3), j.get(3));
        }
    }

    @Test
    void aHeightAlreadyKeptIsIgnoredAndAGapIsKeptAsAGap() {
        try (CertificateJournal j = open()) {
            j.put(commit(5));
            j.put(commit(6));
            j.put(commit(6));
            j.put(commit(4));
            j.put(commit(8));
        }
        try (CertificateJournal j = open()) {
            assertEquals(3, j.recovery().records());
            assertEquals(5, j.firstHeight());
            assertEquals(8, j.lastHeight());
            assertNull(j.get(4));
            assertEquals(commit(6), j.get(6));
            assertNull(j.get(7), "the gap a crash between block and certificate leaves");
            assertEquals(commit(8), j.get(8));
        }
    }

    @Test
    void aTornLastRecordIsCutAtEveryLengthAndTheJournalGoesOn() throws IOException {
        fill(1, 3);
        final byte[] whole = Files.readAllBytes(file());
        final int lastStart = whole.length - recordBytes();
        for (int keep = 1; keep < recordBytes(); keep++) {
            Files.write(file(), Arrays.copyOf(whole, lastStart + keep));
            try (CertificateJournal j = open()) {
                final CertificateRecovery r = j.recovery();
                assertEquals(keep, r.cutBytes(), "kept " + keep + " bytes of the last record");
                assertEquals(2, r.records());
                assertEquals(2, j.lastHeight());
                assertNull(j.get(3));
                assertEquals(commit(2), j.get(2));
            }
            assertEquals(lastStart, Files.size(file()), "the torn bytes are gone from the file");
        }
        try (CertificateJournal j = open()) {
            j.put(commit(3));
            j.put(commit(4));
        }
        try (CertificateJournal j = open()) {
            assertFalse(j.recovery().cutTornTail());
            assertEquals(commit(3), j.get(3));
            assertEquals(commit(4), j.get(4));
        }
    }

    @Test
    void aLastRecordWithABadCrcOrAZeroFilledTailIsCutToo() throws IOException {
        fill(1, 3);
        final long size = Files.size(file());
        flip(size - 1);
        try (CertificateJournal j = open()) {
            assertEquals(recordBytes(), j.recovery().cutBytes());
            assertEquals(2, j.lastHeight());
        }
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096), ch.size());
        }
        try (CertificateJournal j = open()) {
            assertEquals(4096, j.recovery().cutBytes());
            assertEquals(commit(2), j.get(2));
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsATypedErrorNotACut() throws IOException {
        fill(1, 3);
        final byte[] before = Files.readAllBytes(file());
        flip(CertificateJournal.HEADER_BYTES + recordBytes() + 40);
        assertEquals(CertificateJournalError.CORRUPT_RECORD,
            assertThrows(CertificateJournalException.class, this::open).error());
        assertEquals(before.length, Files.size(file()), "nothing is cut when the damage is not at the end");
        Files.write(file(), before);
        flip(CertificateJournal.HEADER_BYTES + 1);
        assertEquals(CertificateJournalError.CORRUPT_RECORD,
            assertThrows(CertificateJournalException.class, this::open).error(), "a damaged length field");
    }

    @Test
    void damageAfterOpeningIsATypedErrorOnRead() throws IOException {
        fill(1, 3);
        try (CertificateJournal j = open()) {
            flip(CertificateJournal.HEADER_BYTES + recordBytes() + 60);
            assertEquals(CertificateJournalError.CORRUPT_RECORD,
                assertThrows(CertificateJournalException.class, () -> j.get(2)).error());
            assertEquals(commit(3), j.get(3));
        }
    }

    @Test
    void headerChainLockAndCloseAreChecked() throws IOException {
        fill(1, 1);
        final CertificateJournal j = open();
        assertEquals(CertificateJournalError.LOCKED,
            assertThrows(CertificateJournalException.class, this::open).error());
        j.close();
        assertEquals(CertificateJournalError.CLOSED,
            assertThrows(CertificateJournalException.class, () -> j.get(1)).error());
        assertEquals(CertificateJournalError.CLOSED,
            assertThrows(CertificateJournalException.class, () -> j.put(commit(2))).error());
        j.close();
        assertEquals(CertificateJournalError.WRONG_CHAIN, assertThrows(CertificateJournalException.class,
            () -> CertificateJournal.open(dir, hash(8), SIGNERS)).error());
        flip(0);
        assertEquals(CertificateJournalError.BAD_HEADER,
            assertThrows(CertificateJournalException.class, this::open).error());
    }

    @Test
    void aHeaderCutShortByACrashIsWrittenAgain() throws IOException {
        Files.write(file(), new byte[]{'K', 'C', 'E'});
        try (CertificateJournal j = open()) {
            assertTrue(j.recovery().cutTornTail());
            j.put(commit(1));
        }
        try (CertificateJournal j = open()) {
            assertEquals(commit(1), j.get(1));
        }
    }

    private void flip(final long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
            ch.write(b, at);
        }
    }
}
