package io.kairos.node.validator;

import io.kairos.engine.consensus.ConsensusConfig;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.sequencer.CommittedBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A validator that was down while the others went on catches up by block sync: it asks a peer for
 * pages of decided blocks and hands them to consensus, which checks each certificate and state root.
 */
class BlockSyncClusterTest {
    private static final long MS = 1_000_000L;
    /** Empty blocks every 20 ms, so that the others get far ahead quickly. */
    private static final Consumer<ValidatorNode.Builder> FAST = b -> b.verifierThreads(1)
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

    private static void await(final String what, final java.util.function.BooleanSupplier condition)
        throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aValidatorThatWasDownCatchesUpByPagesAndEndsOnTheSameChain() throws Exception {
        for (int i = 0; i < LocalClusterTest.VALIDATORS; i++) {
            validators.add(Ed25519Scheme.INSTANCE.fromSeed(LocalClusterTest.seed(700 + i)));
        }
        final Genesis g = LocalClusterTest.genesis(validators, List.of());
        cluster = LocalCluster.start(g, validators, dir, LocalClusterTest.TERM, FAST);
        await("height 3 everywhere", () -> cluster.nodes().stream().allMatch(n -> n.engine().height() >= 3));

        cluster.stop(3);
        final long stoppedAt = cluster.node(3).engine().height();
        final long target = stoppedAt + 3 * BlockSyncer.GAP + 150;
        await("the other three to reach " + target, () -> cluster.node(0).engine().height() >= target);

        final ValidatorNode back = cluster.restart(3, validators.get(3), FAST);
        await("the restarted validator to catch up", () -> back.engine().height() >= target);
        assertTrue(back.syncedBlocks() >= 100, "it caught up by pages, not by consensus alone: "
            + back.syncedBlocks() + " synced blocks");
        assertEquals(0, back.syncBadEntries());
        assertTrue(cluster.nodes().stream().limit(3).mapToLong(ValidatorNode::syncPagesServed).sum() > 0);

        final long common = Math.min(back.engine().height(), cluster.node(0).engine().height());
        for (long h = 1; h <= common; h++) {
            final CommittedBlock mine = back.engine().block(h).get(10, TimeUnit.SECONDS).orElseThrow();
            final CommittedBlock theirs = cluster.node(0).engine().block(h).get(10, TimeUnit.SECONDS).orElseThrow();
            assertEquals(theirs.hash(), mine.hash(), "height " + h);
            assertEquals(theirs.header().stateRoot(), mine.header().stateRoot(), "height " + h);
        }
    }
}
