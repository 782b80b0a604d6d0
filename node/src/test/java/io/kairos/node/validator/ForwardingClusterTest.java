package io.kairos.node.validator;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions a client sends to one validator are forwarded to the others, so whichever validator
 * proposes next includes them, and each is committed exactly once.
 */
class ForwardingClusterTest {
    private static final int SENDERS = 12;
    private static final int WAVES = 6;

    @TempDir
    Path dir;

    private final List<SigningKey> validators = new ArrayList<>();
    private final List<SigningKey> senders = new ArrayList<>();
    private LocalCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
        validators.forEach(SigningKey::destroy);
        senders.forEach(SigningKey::destroy);
    }

    @Test
    void transfersSentToOneValidatorAreProposedByOthersAndCommittedOnce() throws Exception {
        for (int i = 0; i < LocalClusterTest.VALIDATORS; i++) {
            validators.add(Ed25519Scheme.INSTANCE.fromSeed(LocalClusterTest.seed(600 + i)));
        }
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Ed25519Scheme.INSTANCE.fromSeed(LocalClusterTest.seed(650 + i)));
        }
        final Genesis g = LocalClusterTest.genesis(validators, senders);
        cluster = LocalCluster.start(g, validators, dir, LocalClusterTest.TERM, b -> b.verifierThreads(1));
        final KairosEngine entry = cluster.node(0).engine();

        final Map<Hash, Long> committedAt = new HashMap<>();
        // In waves, each committed before the next, so that the waves meet different leaders.
        for (int wave = 0; wave < WAVES; wave++) {
            final List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
            for (int a = 0; a < SENDERS; a++) {
                final Transaction tx = Transaction.transfer().chainId(g.chainId()).nonce(wave).fee(1)
                    .recipient(senders.get((a + 5) % SENDERS).address()).amount(10 + wave).sign(senders.get(a));
                receipts.add(entry.submit(tx, 5, TimeUnit.SECONDS));
            }
            for (final CompletableFuture<Receipt> f : receipts) {
                final Receipt r = f.get(60, TimeUnit.SECONDS);
                assertEquals(ReceiptStatus.SUCCESS, r.status());
                committedAt.put(r.txHash(), r.blockHeight());
            }
        }
        assertTrue(cluster.node(0).transactionsForwarded() >= (long) SENDERS * WAVES,
            "validator 0 forwarded what it admitted: " + cluster.node(0).transactionsForwarded());
        long forwardedIn = 0;
        for (int i = 1; i < LocalClusterTest.VALIDATORS; i++) {
            forwardedIn += cluster.node(i).engine().forwardedTransactionsIn();
        }
        assertTrue(forwardedIn > 0, "the others took forwarded transactions");
        long known = 0;
        for (final ValidatorNode n : cluster.nodes()) {
            known += n.engine().signaturesKnownAtValidation();
        }
        assertTrue(known > 0, "candidates carrying pooled transactions were not checked twice");

        final long top = committedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        final List<KairosEngine> engines = cluster.nodes().stream().map(ValidatorNode::engine).toList();
        final Map<Hash, Integer> seen = LocalClusterTest.sameChain(engines, top);
        final Set<Address> proposers = new HashSet<>();
        for (final Map.Entry<Hash, Long> e : committedAt.entrySet()) {
            assertEquals(1, seen.getOrDefault(e.getKey(), 0), "committed once: " + e.getKey());
            final CommittedBlock b = entry.block(e.getValue()).get(10, TimeUnit.SECONDS).orElseThrow();
            proposers.add(b.header().proposer());
        }
        assertTrue(proposers.size() >= 2, "blocks of several proposers carry transfers sent to validator 0 only: "
            + proposers);
        assertTrue(proposers.stream().anyMatch(p -> !p.equals(validators.getFirst().address())));
    }
}
