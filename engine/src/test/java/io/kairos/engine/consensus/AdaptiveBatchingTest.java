package io.kairos.engine.consensus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveBatchingTest {
    private final AdaptiveBatching policy = new AdaptiveBatching(1000, 1 << 20, 200, 16);

    @Test
    void nothingReadyNeverCuts() {
        assertFalse(policy.shouldCut(0, 0, 0, 10_000, 0));
    }

    @Test
    void lightLoadCutsAtOnce() {
        assertTrue(policy.shouldCut(1, 156, 1, 1_000, 999));
        assertTrue(policy.shouldCut(3, 468, 0, 1_000, 999), "a timer tick with something ready");
    }

    @Test
    void heavyLoadWaitsForTheIntervalSoBlocksGrow() {
        assertFalse(policy.shouldCut(500, 78_000, 400, 1_100, 1_000));
        assertTrue(policy.shouldCut(500, 78_000, 400, 1_200, 1_000));
    }

    @Test
    void aFullBlockCutsWhateverTheLoad() {
        assertTrue(policy.shouldCut(1000, 156_000, 400, 1_001, 1_000));
        assertTrue(policy.shouldCut(10, 1 << 20, 400, 1_001, 1_000));
    }

    @Test
    void refusesNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveBatching(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveBatching(1, 1, -1, 1));
    }
}
