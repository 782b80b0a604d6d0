package io.kairos.bench.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.state.LedgerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts C1's Aeron Cluster baseline with three members, sends it a few pool transfers and stops it. */
class AeronClusterLedgerTest {
    private static final int SENDERS = 8;
    private static final int ROUNDS = 2;

    @Test
    void everyMemberAppliesTheSameTransfersAndTheServiceRefusesABadSignature(@TempDir final Path dir)
        throws IOException {
        final SignedTransferPool pool = SignedTransferPool.create(SENDERS, ROUNDS, 0xAC1L);
        final Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        final int transfers = pool.size();
        try (AeronClusterLedger ledger = AeronClusterLedger.start(AeronClusterLedger.DEFAULT_MEMBERS, pool.genesis,
            pool.proposer, dir)) {
            for (int i = 0; i < transfers; i++) {
                ledger.submit(pool.encoded[i]);
            }
            ledger.awaitAcknowledged(transfers);
            assertEquals(transfers, ledger.applied(), "every pool transfer is applied; last: " + ledger.lastAck());

            final byte[] forged = pool.encoded[transfers - 1].clone();
            forged[forged.length - 1] ^= 1;
            ledger.submit(forged);
            ledger.awaitAcknowledged(transfers + 1);
            final Ack refused = ledger.lastAck();
            assertEquals(Ack.Outcome.INVALID, refused.outcome());
            assertEquals("BAD_SIGNATURE", refused.reason());

            final byte[] replayed = pool.encoded[0];
            ledger.submit(replayed);
            ledger.awaitAcknowledged(transfers + 2);
            assertEquals(Ack.Outcome.NOT_APPLIED, ledger.lastAck().outcome());
            assertEquals("NONCE_MISMATCH", ledger.lastAck().reason());
            assertEquals(transfers, ledger.applied());

            // Followers apply the log a little after the leader answers.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int m = 0; m < ledger.members(); m++) {
                while (ledger.executed(m) < transfers + 1 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
                assertEquals(transfers + 1, ledger.executed(m), "member " + m + " executed the whole log");
            }
            final List<LedgerState.Account> leaderless = ledger.accountsSorted(0);
            for (int m = 1; m < ledger.members(); m++) {
                assertEquals(leaderless, ledger.accountsSorted(m), "member " + m + " holds member 0's ledger");
            }
            for (int s = 0; s < SENDERS; s++) {
                final Address sender = Address.read(pool.senderAddresses, s * Address.LENGTH);
                final long nonce = leaderless.stream().filter(a -> a.address().equals(sender))
                    .mapToLong(LedgerState.Account::nonce).findFirst().orElse(-1);
                assertEquals(ROUNDS, nonce, "sender " + s + " sent one transfer per round");
            }
            assertNull(ledger.firstError(), "no Aeron agent reported an error");
        }

        final Set<Thread> left = new HashSet<>(Thread.getAllStackTraces().keySet());
        left.removeAll(before);
        left.removeIf(t -> !t.isAlive() || t.getName().startsWith("ForkJoinPool"));
        assertTrue(left.isEmpty(), "threads left running: " + left);
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            final String mine = "kairos-aeron-cluster-" + ProcessHandle.current().pid() + "-";
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(mine)),
                "the media drivers' directories are deleted");
        }
    }
}
