package io.kairos.bench.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Runs H1's set-up and each path over several passes of its pool without JMH and without timing:
 * no path may refuse a transaction in any pass (the tear-down check would fail the trial), and the
 * paths must really do their work (blocks committed, batches dispatched, the pool emptied).
 */
class HotPathAllocationBenchmarkSetUpTest {
    private static final int OPS = 3 * HotPathAllocationBenchmark.SENDERS;

    @Test
    void decodeRunsEveryTransferOfThePool() {
        final HotPathAllocationBenchmark b = benchmark();
        for (int i = 0; i < OPS; i++) {
            b.decode();
        }
        b.checkNothingWasRefused();
    }

    @Test
    void verifyDispatchHandsEveryFullBatchToTheVerifier() {
        final HotPathAllocationBenchmark b = benchmark();
        for (int i = 0; i < OPS; i++) {
            b.verifyDispatch();
        }
        assertEquals(OPS, b.accepted);
        b.checkNothingWasRefused();
    }

    @Test
    void admitCyclesThroughBlocksAndLeavesThePoolEmptyAtABlockBoundary() {
        final HotPathAllocationBenchmark b = benchmark();
        int size = -1;
        for (int i = 0; i < OPS; i++) {
            size = b.admit();
        }
        assertEquals(0, size);
        b.checkNothingWasRefused();
    }

    @Test
    void executeSucceedsForEveryTransferInEveryPass() {
        final HotPathAllocationBenchmark b = benchmark();
        for (int i = 0; i < OPS; i++) {
            b.execute();
        }
        b.checkNothingWasRefused();
    }

    @Test
    void theTearDownRefusesARunWithARefusedTransfer() {
        final HotPathAllocationBenchmark b = benchmark();
        b.refused = 1;
        assertThrows(IllegalStateException.class, b::checkNothingWasRefused);
    }

    private static HotPathAllocationBenchmark benchmark() {
        final HotPathAllocationBenchmark b = new HotPathAllocationBenchmark();
        b.setUp();
        return b;
    }
}
