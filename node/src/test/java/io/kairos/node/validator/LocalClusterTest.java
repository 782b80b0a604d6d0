package io.kairos.node.validator;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Four validators in one JVM over Aeron IPC: real engines, journals, transport sessions and consensus. */
class LocalClusterTest {
    static final int VALIDATORS = 4;
    static final int SENDERS = 24;
    static final int TERM = 4 * 1024 * 1024;

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

    static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[1] = (byte) (i >> 8);
        s[31] = 42;
        return s;
    }

    static Genesis genesis(final List<SigningKey> validators, final List<SigningKey> senders) {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET).genesisTime(Instant.parse("2026-11-21T00:00:00Z"));
        for (int i = 0; i < validators.size(); i++) {
            b.validator("validator-" + i, SchemeId.ED25519, validators.get(i).publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:" + (7100 + i));
        }
        for (final SigningKey k : senders) {
            b.allocation(k.address(), Amounts.tokens(1_000));
        }
        try (SigningKey treasury = Ed25519Scheme.INSTANCE.fromSeed(seed(999))) {
            b.remainderTo(treasury.address());
        }
        return b.build();
    }

    private Genesis setUp() {
        for (int i = 0; i < VALIDATORS; i++) {
            validators.add(Ed25519Scheme.INSTANCE.fromSeed(seed(500 + i)));
        }
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
        }
        return genesis(validators, senders);
    }

    /** Submits {@code rounds} transfers per sender, sender a to live node {@code live[a % live.length]}. */
    private List<Submitted> submit(final Genesis g, final int firstNonce, final int rounds, final int... live) {
        final List<Submitted> out = new ArrayList<>();
        for (int n = firstNonce; n < firstNonce + rounds; n++) {
            for (int a = 0; a < SENDERS; a++) {
                final Transaction tx = Transaction.transfer().chainId(g.chainId()).nonce(n).fee(1)
                    .recipient(senders.get((a + 7) % SENDERS).address()).amount(1 + n).sign(senders.get(a));
                final KairosEngine engine = cluster.node(live[a % live.length]).engine();
                out.add(new Submitted(tx.hash(), engine.submit(tx, 5, TimeUnit.SECONDS)));
            }
        }
        return out;
    }

    private record Submitted(Hash hash, CompletableFuture<Receipt> receipt) {
    }

    private static long awaitAll(final List<Submitted> submitted) throws Exception {
        long top = 0;
        for (final Submitted s : submitted) {
            final Receipt r = s.receipt().get(60, TimeUnit.SECONDS);
            assertEquals(ReceiptStatus.SUCCESS, r.status());
            assertEquals(s.hash(), r.txHash());
            top = Math.max(top, r.blockHeight());
        }
        return top;
    }

    /** Every live node has the same blocks at heights 1..top; returns how often each transaction appears. */
    static Map<Hash, Integer> sameChain(final List<KairosEngine> engines, final long top) throws Exception {
        for (final KairosEngine e : engines) {
            final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (e.height() < top && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            assertTrue(e.height() >= top, "node reached height " + top + ", is at " + e.height());
        }
        final Map<Hash, Integer> seen = new HashMap<>();
        for (long h = 1; h <= top; h++) {
            final CommittedBlock first = engines.getFirst().block(h).get(10, TimeUnit.SECONDS).orElseThrow();
            for (final KairosEngine e : engines) {
                final CommittedBlock b = e.block(h).get(10, TimeUnit.SECONDS).orElseThrow();
                assertEquals(first.hash(), b.hash(), "block hash at height " + h);
                assertEquals(first.header().stateRoot(), b.header().stateRoot(), "state root at height " + h);
            }
            for (int i = 0; i < first.transactionCount(); i++) {
                seen.merge(first.transactionHash(i), 1, Integer::sum);
            }
        }
        return seen;
    }

    private static void exactlyOnce(final Map<Hash, Integer> seen, final List<Submitted> submitted) {
        for (final Submitted s : submitted) {
            assertEquals(1, seen.getOrDefault(s.hash(), 0), "transaction " + s.hash() + " in the chain once");
        }
    }

    @Test
    void fourValidatorsOverIpcCommitEveryTransferOnOneChain() throws Exception {
        final Genesis g = setUp();
        cluster = LocalCluster.start(g, validators, dir, TERM, b -> b.verifierThreads(1));
        final List<Submitted> all = submit(g, 0, 12, 0, 1, 2, 3);
        final long top = awaitAll(all);
        final List<KairosEngine> engines = cluster.nodes().stream().map(ValidatorNode::engine).toList();
        exactlyOnce(sameChain(engines, top), all);
        for (final ValidatorNode n : cluster.nodes()) {
            assertEquals(VALIDATORS - 1, n.peersUp(), "validator " + n.index() + " has a session with every peer");
            assertEquals(0, n.engine().consensusStatus().evidenceCount());
        }
    }

    @Test
    void threeOfFourCarryOnWhenOneValidatorStops() throws Exception {
        final Genesis g = setUp();
        cluster = LocalCluster.start(g, validators, dir, TERM, b -> b.verifierThreads(1));
        final List<Submitted> first = submit(g, 0, 4, 0, 1, 2, 3);
        awaitAll(first);
        cluster.stop(3);
        final List<Submitted> second = submit(g, 4, 4, 0, 1, 2);
        final long top = awaitAll(second);
        final List<KairosEngine> live = List.of(cluster.node(0).engine(), cluster.node(1).engine(),
            cluster.node(2).engine());
        final Map<Hash, Integer> seen = sameChain(live, top);
        exactlyOnce(seen, first);
        exactlyOnce(seen, second);
        assertTrue(live.getFirst().height() > 0);
    }
}
