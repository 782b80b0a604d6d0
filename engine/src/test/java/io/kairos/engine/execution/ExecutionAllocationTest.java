package io.kairos.engine.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.state.LedgerState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executing blocks must not allocate per transaction (or per block) once the state is sized: counts
 * the bytes this thread allocates over many blocks of successful and refused transfers.
 */
class ExecutionAllocationTest {
    private static final int ACCOUNTS = 64;
    private static final int BLOCKS = 400;
    private static final long SLACK_BYTES = 4_096;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void beginExecuteEndAllocateNothing() {
        final long[] balances = new long[ACCOUNTS];
        java.util.Arrays.fill(balances, 1_000_000_000L);
        final Genesis genesis = ExecutionFixtures.genesis(balances);
        final BlockExecutor executor = new BlockExecutor(genesis, LedgerState.fromGenesis(genesis, 3, 256));
        final int perBlock = ExecutionFixtures.MAX_BLOCK_TXS;

        // Pre-encode one transfer per account (its nonce patched per block) and one that always overspends.
        final TransactionView view = new TransactionView();
        final UnsafeBuffer[] txs = new UnsafeBuffer[ACCOUNTS];
        final UnsafeBuffer[] senders = new UnsafeBuffer[ACCOUNTS];
        final int[] lengths = new int[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            final Address sender = ExecutionFixtures.address(i + 1);
            final Address recipient = ExecutionFixtures.address((i + 1) % ACCOUNTS + 1);
            txs[i] = new UnsafeBuffer(new byte[512]);
            ExecutionFixtures.encode(new ExecutionFixtures.Transfer(sender, recipient, 0, 3, 1), txs[i], view);
            lengths[i] = view.encodedLength();
            senders[i] = ExecutionFixtures.buffer(sender);
        }
        final UnsafeBuffer overspend = new UnsafeBuffer(new byte[512]);
        ExecutionFixtures.encode(new ExecutionFixtures.Transfer(ExecutionFixtures.address(1),
            ExecutionFixtures.address(2), 0, Long.MAX_VALUE, 0), overspend, view);
        final int overspendLength = view.encodedLength();
        final UnsafeBuffer hash = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer proposer = ExecutionFixtures.buffer(ExecutionFixtures.PROPOSER);

        long height = 0;
        int successes = 0;
        for (int round = 0; round < 2; round++) {
            final long before = allocatedBytes();
            for (int b = 0; b < BLOCKS; b++) {
                height++;
                executor.beginBlock(height, proposer, 0, perBlock);
                for (int t = 0; t < perBlock - 1; t++) {
                    final int i = t % ACCOUNTS;
                    txs[i].putLong(io.kairos.engine.ledger.TransactionLayout.NONCE_OFFSET,
                        executor.state().nonce(senders[i], 0), io.kairos.engine.ledger.TransactionLayout.ORDER);
                    view.wrap(txs[i], 0, lengths[i]);
                    successes += executor.execute(view, senders[i], 0, hash, 0) == ReceiptStatus.SUCCESS ? 1 : 0;
                }
                view.wrap(overspend, 0, overspendLength);
                executor.execute(view, senders[0], 0, hash, 0);
                executor.endBlock();
            }
            final long allocated = allocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < SLACK_BYTES,
                    allocated + " bytes allocated over " + BLOCKS * perBlock + " transactions");
            }
        }
        assertEquals(2 * BLOCKS * (perBlock - 1), successes);
        assertEquals(genesis.totalSupply() + 2 * BLOCKS * ExecutionFixtures.REWARD, executor.auditSupply());
    }
}
