package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.Txs.Signed;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission, replacement, refusal, drain, commit and expiry must not allocate once the pool has
 * warmed up. Counts the bytes this thread allocates over thousands of transactions; a single
 * allocation per transaction would show up as tens of kilobytes.
 */
class MempoolAllocationTest {
    private static final int SENDERS = 32;
    private static final int PER_SENDER = 4;
    private static final int WARM_UP_ROUNDS = 20;
    private static final int MEASURED_ROUNDS = 40;
    /** Slack for what the measurement itself allocates once; far below one byte per transaction. */
    private static final long SLACK_BYTES = 8_192;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Everything one round needs, signed and laid out before any measurement. */
    private static final class Round {
        final Signed[] txs = new Signed[SENDERS * PER_SENDER];
        Signed replacement;
        final UnsafeBuffer hashes = new UnsafeBuffer(new byte[SENDERS * PER_SENDER * Hash.LENGTH]);
        final UnsafeBuffer senders = new UnsafeBuffer(new byte[SENDERS * PER_SENDER * Address.LENGTH]);
    }

    private int taken;
    private int departures;

    @Test
    void steadyStateAllocatesNothing() {
        final TestAccounts accounts = new TestAccounts();
        final int[] slots = new int[SENDERS];
        for (int s = 0; s < SENDERS; s++) {
            accounts.set(Txs.address(s), Long.MAX_VALUE / 2, 0);
            slots[s] = accounts.slotOf(Txs.address(s));
        }
        final Round[] rounds = new Round[WARM_UP_ROUNDS + MEASURED_ROUNDS];
        for (int r = 0; r < rounds.length; r++) {
            final Round round = new Round();
            for (int s = 0; s < SENDERS; s++) {
                for (int k = 0; k < PER_SENDER; k++) {
                    final long nonce = (long) r * PER_SENDER + k;
                    final int i = s * PER_SENDER + k;
                    round.txs[i] = Txs.sign(s, nonce, 10 + (s * 7 + nonce) % 50);
                }
            }
            // Sender 0's first transaction is replaced by a dearer one every round.
            round.replacement = Txs.sign(0, (long) r * PER_SENDER, 1_000);
            for (int i = 0; i < round.txs.length; i++) {
                final Signed included = i == 0 ? round.replacement : round.txs[i];
                round.hashes.putBytes(i * Hash.LENGTH, included.hash);
                included.senderAddress.write(round.senders, i * Address.LENGTH);
            }
            rounds[r] = round;
        }

        final Mempool pool = new Mempool(MempoolConfig.DEFAULT.withLifetimeMillis(1_000_000), accounts);
        pool.departureListener((hash, offset, reason) -> departures++);
        final TransactionView view = new TransactionView();
        final ReadyTxConsumer consumer = (tx, offset, length, hash, hashOffset) -> {
            taken++;
            return true;
        };

        long before = 0;
        for (int r = 0; r < rounds.length; r++) {
            if (r == WARM_UP_ROUNDS) {
                before = allocatedBytes();
            }
            final Round round = rounds[r];
            for (final Signed t : round.txs) {
                view.wrap(t.bytes, 0, t.length());
                assertNull(pool.admit(view, t.hash, t.sender, 0, r));
            }
            final Signed dup = round.txs[1];
            view.wrap(dup.bytes, 0, dup.length());
            assertEquals(RejectReason.DUPLICATE, pool.admit(view, dup.hash, dup.sender, 0, r));
            view.wrap(round.replacement.bytes, 0, round.replacement.length());
            assertNull(pool.admit(view, round.replacement.hash, round.replacement.sender, 0, r));

            taken = 0;
            assertEquals(round.txs.length, pool.drainReady(Integer.MAX_VALUE, Long.MAX_VALUE, consumer));
            for (int s = 0; s < SENDERS; s++) {
                accounts.setNonceAt(slots[s], (long) (r + 1) * PER_SENDER);
            }
            assertEquals(round.txs.length, pool.onBlockCommitted(round.hashes, 0, round.senders, 0, round.txs.length));
            assertEquals(0, pool.expire(r));
            assertEquals(0, pool.size());
        }
        final long allocated = allocatedBytes() - before;
        final long transactions = (long) MEASURED_ROUNDS * (SENDERS * PER_SENDER + 2);
        assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over " + transactions + " transactions");
        assertEquals((long) rounds.length * (SENDERS * PER_SENDER + 1), pool.metrics().admitted());
        assertEquals(rounds.length, pool.metrics().count(RejectReason.REPLACED));
        assertEquals(rounds.length, departures);
    }
}
