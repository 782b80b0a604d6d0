package io.kairos.journal.snapshot;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.snapshot.SnapshotError;
import io.kairos.engine.state.snapshot.SnapshotException;
import io.kairos.engine.state.snapshot.StateSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotFilesTest {
    private static final Hash G = Hash.fromHex("0x" + "a1".repeat(32));
    private static final Hash R = Hash.fromHex("0x" + "c3".repeat(32));

    @TempDir
    Path dir;

    private static StateSnapshot snapshot(final long height, final int accounts) {
        final SplittableRandom random = new SplittableRandom(height);
        final byte[] addresses = new byte[accounts * Address.LENGTH];
        random.nextBytes(addresses);
        final long[] balances = new long[accounts];
        final long[] nonces = new long[accounts];
        for (int i = 0; i < accounts; i++) {
            balances[i] = random.nextLong(1L << 40);
            nonces[i] = random.nextInt(1 << 20);
        }
        final LedgerState state = LedgerState.fromAccounts(1, 0, 1000, addresses, balances, nonces);
        final Hash block = Hash.fromHex(String.format("0x%064x", height));
        return StateSnapshot.of(G, height, block, 1_700_000_000_000L + height, R, state.image());
    }

    @Test
    void aSavedSnapshotReadsBackIdentically() {
        final SnapshotFiles files = SnapshotFiles.open(dir, 3);
        // More accounts than one write chunk holds, to cross chunk boundaries.
        final StateSnapshot s = snapshot(12, 5_000);
        files.save(s);
        assertEquals(List.of(12L), files.heights());
        final StateSnapshot back = files.load(12);
        assertEquals(s.accounts(), back.accounts());
        assertEquals(s.genesisHash(), back.genesisHash());
        assertEquals(s.blockHash(), back.blockHash());
        assertEquals(s.stateRoot(), back.stateRoot());
        assertEquals(s.timestampMillis(), back.timestampMillis());
        assertEquals(s.bondedStake(), back.bondedStake());
        assertEquals(s.supply(), back.supply());
        assertEquals(SnapshotFiles.HEADER_LENGTH + 5_000L * SnapshotFiles.ACCOUNT_LENGTH + SnapshotFiles.CRC_LENGTH,
            files.file(12).toFile().length());
    }

    @Test
    void anEmptyStateRoundTrips() {
        final SnapshotFiles files = SnapshotFiles.open(dir, 1);
        files.save(snapshot(1, 0));
        assertEquals(0, files.load(1).accountCount());
    }

    @Test
    void onlyTheNewestRetainedSnapshotsAreKept() {
        final SnapshotFiles files = SnapshotFiles.open(dir, 2);
        for (long h = 10; h <= 50; h += 10) {
            files.save(snapshot(h, 10));
        }
        assertEquals(List.of(50L, 40L), files.heights());
        assertFalse(Files.exists(files.file(30)));
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndRemoved() throws IOException {
        Files.createDirectories(dir);
        final Path stray = dir.resolve(".snapshot-00000000000000000007.ksnp.tmp");
        Files.write(stray, new byte[100]);
        final SnapshotFiles files = SnapshotFiles.open(dir, 2);
        assertEquals(1, files.strayFilesRemoved());
        assertFalse(Files.exists(stray));
        assertTrue(files.heights().isEmpty());
    }

    @Test
    void aFlippedBitAnywhereIsCaughtAndNamesTheFile() throws IOException {
        final SnapshotFiles files = SnapshotFiles.open(dir, 1);
        files.save(snapshot(8, 300));
        final Path f = files.file(8);
        final long length = Files.size(f);
        final SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 50; trial++) {
            final long at = random.nextLong(length);
            final int bit = 1 << random.nextInt(8);
            flip(f, at, bit);
            final SnapshotException e = assertThrows(SnapshotException.class, () -> files.load(8),
                "flip at " + at);
            assertEquals(SnapshotError.CORRUPT, e.error());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            flip(f, at, bit);
        }
        assertEquals(300, files.load(8).accountCount());
    }

    @Test
    void aTruncatedFileIsCorruptAndAMissingOneNotFound() throws IOException {
        final SnapshotFiles files = SnapshotFiles.open(dir, 1);
        files.save(snapshot(4, 100));
        final Path f = files.file(4);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 17);
        }
        final SnapshotException e = assertThrows(SnapshotException.class, () -> files.load(4));
        assertEquals(SnapshotError.CORRUPT, e.error());
        assertTrue(e.getMessage().contains("declares 100 accounts"), e.getMessage());
        assertEquals(SnapshotError.NOT_FOUND, assertThrows(SnapshotException.class, () -> files.load(5)).error());
    }

    @Test
    void aFileRenamedToAnotherHeightIsRefused() throws IOException {
        final SnapshotFiles files = SnapshotFiles.open(dir, 2);
        files.save(snapshot(4, 10));
        Files.move(files.file(4), files.file(6));
        final SnapshotException e = assertThrows(SnapshotException.class, () -> files.load(6));
        assertEquals(SnapshotError.CORRUPT, e.error());
        assertTrue(e.getMessage().contains("holds height 4"), e.getMessage());
    }

    private static void flip(final Path f, final long at, final int bit) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            final int b = raf.read();
            raf.seek(at);
            raf.write(b ^ bit);
        }
    }
}
