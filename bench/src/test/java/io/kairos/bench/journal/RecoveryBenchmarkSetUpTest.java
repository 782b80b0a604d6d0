package io.kairos.bench.journal;

import io.kairos.engine.core.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Runs J1R's set-ups and both methods of each workload on a small scale. */
class RecoveryBenchmarkSetUpTest {
    @TempDir
    Path dir;

    @Test
    void replayFromTheJournalAndFromMemoryReachTheSameRoot() throws Exception {
        final RecoveryBenchmark b = new RecoveryBenchmark();
        b.workload = "replay";
        final Path root = dir.resolve("j1r");
        Files.createDirectories(root);
        b.setUpReplay(root, 500);
        b.freshGenesisState();
        assertEquals(b.expectedRoot(), b.ours());
        b.freshGenesisState();
        assertEquals(b.expectedRoot(), b.baseline());
        b.tearDown();
        assertFalse(Files.exists(root));
    }

    @Test
    void aStateRootUpdateChangesTheRootEveryOperation() {
        final RecoveryBenchmark b = new RecoveryBenchmark();
        b.workload = "stateRoot";
        b.setUpStateRoot(10_000);
        final Hash first = b.ours();
        final Hash second = b.ours();
        assertNotEquals(first, second);
        assertEquals(32, ((byte[]) b.baseline()).length);
    }
}
