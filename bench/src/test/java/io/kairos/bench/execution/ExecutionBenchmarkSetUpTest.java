package io.kairos.bench.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.genesis.Allocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs E1's set-up and several passes over a small pool without JMH and without timing: every
 * transfer must succeed in every pass (the nonce advance between passes included), and ours and the
 * baseline must end in the same balances and nonces.
 */
class ExecutionBenchmarkSetUpTest {
    private static final int ACCOUNTS = 3_000;
    private static final int BLOCKS = 3;
    private static final int PASSES = 3;

    @ParameterizedTest
    @ValueSource(strings = {"uniform", "zipf"})
    void everyTransferSucceedsInEveryPassAndBothImplementationsAgree(final String access) {
        final ExecutionBenchmark ours = new ExecutionBenchmark();
        ours.access = access;
        ours.setUp(ACCOUNTS, BLOCKS);
        final ExecutionBenchmark naive = new ExecutionBenchmark();
        naive.access = access;
        naive.setUp(ACCOUNTS, BLOCKS);
        for (int i = 0; i < PASSES * BLOCKS; i++) {
            ours.nextPassIfNeeded();
            ours.ours();
            naive.nextPassIfNeeded();
            naive.naiveMap();
        }
        assertEquals(0, ours.refused());
        assertEquals(0, naive.refused());
        ours.checkEveryTransferSucceeded();

        int moved = 0;
        for (final Allocation a : ours.pool.genesis.allocations()) {
            final Address address = a.address();
            assertEquals(naive.naive().balance(address), ours.executor().state().balance(address), address.toString());
            assertEquals(naive.naive().nonce(address), ours.executor().state().nonce(address), address.toString());
            moved += ours.executor().state().nonce(address) > 0 ? 1 : 0;
        }
        assertEquals(ours.executor().expectedSupply(), ours.executor().auditSupply());
        assertTrue(moved > (access.equals("zipf") ? 100 : ACCOUNTS / 2), moved + " accounts sent something");
    }
}
