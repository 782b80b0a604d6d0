package io.kairos.node.validator;

import io.kairos.engine.consensus.ConsensusConfig;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.sequencer.CommittedBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A validator that lost its data directory comes back by state sync (a peer's snapshot, proven
 * against a certified state root, then block sync of the rest); one whose journal is damaged in the
 * middle keeps the sound start and fetches the rest. Both end on the others' chain.
 */
class StateSyncClusterTest {
    private static final long MS = 1_000_000L;
    /** Empty blocks every 20 ms and a snapshot every 10 blocks, so that there is something to sync from. */
    private static final Consumer<ValidatorNode.Builder> FAST = b -> b.verifierThreads(1)
        .snapshots(10, 2)
        .consensus(new ConsensusConfig(300 * MS, 3_000 * MS, 150, 16, 256, 100 * MS, 20 * MS));

    @TempDir
    Path dir;

    private final List<SigningKey> validators = new ArrayList<>();
    private LocalCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
        validators.forEach(SigningKey::destroy);
    }

    private void awaitAll(final long height) throws InterruptedException {
        for (final ValidatorNode n : cluster.nodes()) {
            awaitHeight("validator " + n.index(), n, height);
        }
    }

    /** Waits for {@code node} to reach {@code height}; an engine failure or a timeout says what the node saw. */
    private static void awaitHeight(final String what, final ValidatorNode node, final long height)
        throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (node.engine().height() < height) {
            node.engine().failure().ifPresent(e -> {
                throw new AssertionError(what + ": the engine failed", e);
            });
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " to reach " + height + ": at "
                    + node.engine().height() + ", " + node.engine().consensusStatus() + ", notes "
                    + node.startupNotes() + ", synced blocks " + node.syncedBlocks());
            }
            Thread.sleep(20);
        }
    }

    private void startCluster(final int seedBase) {
        for (int i = 0; i < LocalClusterTest.VALIDATORS; i++) {
            validators.add(Ed25519Scheme.INSTANCE.fromSeed(LocalClusterTest.seed(seedBase + i)));
        }
        final Genesis g = LocalClusterTest.genesis(validators, List.of());
        cluster = LocalCluster.start(g, validators, dir, LocalClusterTest.TERM, FAST);
    }

    private void assertSameChain(final ValidatorNode back, final long from) throws Exception {
        final long common = Math.min(back.engine().height(), cluster.node(0).engine().height());
        assertTrue(common > from, "caught up past " + from + ": " + common);
        for (long h = from; h <= common; h++) {
            final CommittedBlock mine = back.engine().block(h).get(10, TimeUnit.SECONDS).orElseThrow();
            final CommittedBlock theirs = cluster.node(0).engine().block(h).get(10, TimeUnit.SECONDS).orElseThrow();
            assertEquals(theirs.hash(), mine.hash(), "height " + h);
            assertEquals(theirs.header().stateRoot(), mine.header().stateRoot(), "height " + h);
        }
    }

    @Test
    void aValidatorWithAWipedDataDirectoryStateSyncsThenBlockSyncs() throws Exception {
        startCluster(900);
        awaitAll(30);
        cluster.stop(3);
        deleteTree(LocalCluster.dataDir(dir, 3));
        final long target = cluster.node(0).engine().height() + 20;

        final ValidatorNode back = cluster.restart(3, validators.get(3), FAST);
        final long synced = back.stateSyncedHeight();
        assertTrue(synced >= 20 && synced % 10 == 0, "installed a peer's snapshot: " + synced + " "
            + back.startupNotes());
        assertTrue(back.startupNotes().stream().anyMatch(n -> n.contains("installed the snapshot at height " + synced)),
            back.startupNotes().toString());
        back.engine().failure().ifPresent(e -> {
            throw new AssertionError("the state-synced engine failed", e);
        });
        assertTrue(back.engine().block(synced).get(10, TimeUnit.SECONDS).isEmpty(),
            "nothing is held at or below the snapshot's height");
        awaitHeight("the wiped validator", back, target);
        assertTrue(cluster.nodes().stream().limit(3).mapToLong(ValidatorNode::snapshotChunksServed).sum() > 0);
        assertEquals(0, back.syncBadEntries());
        assertSameChain(back, synced + 1);

        // Its journal now starts after the snapshot's block; it opens again on it without a peer's help.
        cluster.stop(3);
        final ValidatorNode again = cluster.restart(3, validators.get(3), FAST);
        assertEquals(0, again.stateSyncedHeight(), again.startupNotes().toString());
        awaitHeight("the reopened validator", again, target + 10);
        assertSameChain(again, synced + 1);
    }

    @Test
    void aJournalDamagedInTheMiddleIsRepairedFromPeers() throws Exception {
        startCluster(950);
        awaitAll(30);
        cluster.stop(2);
        final long stoppedAt = cluster.node(2).engine().height();
        corruptMiddleRecord(LocalCluster.dataDir(dir, 2).resolve(ValidatorNode.JOURNAL_DIR));

        final ValidatorNode back = cluster.restart(2, validators.get(2), FAST);
        assertTrue(back.startupNotes().stream().anyMatch(n -> n.contains("damaged in the middle")),
            back.startupNotes().toString());
        assertTrue(back.engine().height() < stoppedAt, "the damaged tail was dropped: " + back.engine().height());
        final long target = cluster.node(0).engine().height() + 10;
        awaitHeight("the repaired validator", back, target);
        assertSameChain(back, 1);
        try (Stream<Path> kept = Files.list(LocalCluster.dataDir(dir, 2))) {
            assertTrue(kept.anyMatch(p -> p.getFileName().toString().startsWith("journal.corrupt-")),
                "the damaged journal is kept aside");
        }
    }

    @Test
    void aValidatorFarBehindReplacesItsJournalBySyncingState() throws Exception {
        startCluster(980);
        awaitAll(5);
        cluster.stop(1);
        final long stoppedAt = cluster.node(1).engine().height();
        awaitHeight("validator 0", cluster.node(0), stoppedAt + 45);

        // A gap of 30 blocks instead of 20,000, so that the test need not wait for a long chain.
        final Consumer<ValidatorNode.Builder> farBehind = FAST.andThen(b -> b.stateSync(true, 5_000, 30));
        final ValidatorNode back = cluster.restart(1, validators.get(1), farBehind);
        final long synced = back.stateSyncedHeight();
        assertTrue(synced > stoppedAt + 30, "state-synced past the gap: " + synced + " " + back.startupNotes());
        assertTrue(back.startupNotes().stream().anyMatch(n -> n.contains("too far behind")),
            back.startupNotes().toString());
        try (Stream<Path> kept = Files.list(LocalCluster.dataDir(dir, 1))) {
            assertEquals(2, kept.filter(p -> p.getFileName().toString().contains(".replaced-")).count(),
                "the old journal and certificate file are kept aside");
        }
        awaitHeight("the far-behind validator", back, cluster.node(0).engine().height() + 5);
        assertSameChain(back, synced + 1);
    }

    /** Flips a byte inside the journal record halfway through the queue file ("KJRN" starts each record). */
    private static void corruptMiddleRecord(final Path journal) throws IOException {
        final Path file;
        try (Stream<Path> files = Files.list(journal)) {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        final byte[] magic = "KJRN".getBytes(StandardCharsets.US_ASCII);
        final List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + magic.length <= bytes.length; i++) {
            if (bytes[i] == magic[0] && bytes[i + 1] == magic[1] && bytes[i + 2] == magic[2] && bytes[i + 3] == magic[3]) {
                starts.add(i);
            }
        }
        assertFalse(starts.size() < 10, "found " + starts.size() + " records");
        final int at = starts.get(starts.size() / 2) + 40;
        bytes[at] ^= 0x10;
        Files.write(file, bytes);
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
