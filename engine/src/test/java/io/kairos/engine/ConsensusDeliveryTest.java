package io.kairos.engine;

import io.kairos.engine.consensus.ConsensusOutbox;
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
import io.kairos.engine.sequencer.ConsensusStatus;
import io.kairos.engine.sequencer.Sequencer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KairosEngine#deliverConsensus} and {@link KairosEngine#consensusStatus}: four engines whose
 * outboxes call each other's {@code deliverConsensus} directly (no transport) decide the same chain.
 */
class ConsensusDeliveryTest {
    private static final int VALIDATORS = 4;
    private static final int ACCOUNTS = 8;

    private final List<KairosEngine> engines = new ArrayList<>();
    private final List<SigningKey> keys = new ArrayList<>();

    @AfterEach
    void close() {
        for (final KairosEngine e : engines) {
            e.close();
        }
        for (final SigningKey k : keys) {
            k.destroy();
        }
    }

    private static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[31] = 11;
        return s;
    }

    private Genesis genesis(final List<SigningKey> validators) {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"));
        for (int i = 0; i < validators.size(); i++) {
            b.validator("v" + i, SchemeId.ED25519, validators.get(i).publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:" + (7100 + i));
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            b.allocation(keys.get(i).address(), Amounts.tokens(1_000));
        }
        try (SigningKey treasury = Ed25519Scheme.INSTANCE.fromSeed(seed(250))) {
            b.remainderTo(treasury.address());
        }
        return b.build();
    }

    /** Delivers to every other engine of the list, as the transport would (possibly before they exist). */
    private ConsensusOutbox wire(final int self) {
        return new ConsensusOutbox() {
            @Override
            public void broadcast(final byte[] message) {
                for (int i = 0; i < engines.size(); i++) {
                    if (i != self) {
                        engines.get(i).deliverConsensus(message.clone());
                    }
                }
            }

            @Override
            public void send(final int index, final byte[] message) {
                if (index < engines.size()) {
                    engines.get(index).deliverConsensus(message.clone());
                }
            }
        };
    }

    @Test
    void fourEnginesWiredThroughDeliverConsensusCommitTheSameBlocks() throws Exception {
        for (int i = 0; i < ACCOUNTS; i++) {
            keys.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
        }
        final List<SigningKey> validators = new ArrayList<>();
        for (int i = 0; i < VALIDATORS; i++) {
            final SigningKey v = Ed25519Scheme.INSTANCE.fromSeed(seed(100 + i));
            validators.add(v);
            keys.add(v);
        }
        final Genesis genesis = genesis(validators);
        for (int i = 0; i < VALIDATORS; i++) {
            engines.add(KairosEngine.builder(genesis).validator(validators.get(i)).outbox(wire(i))
                .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).build());
        }
        assertSame(ConsensusStatus.NOT_STARTED, engines.getFirst().consensusStatus());
        for (final KairosEngine e : engines) {
            e.start();
        }
        // Each sender submits to "its" engine; each engine's transactions commit when it leads a height.
        // Submitting at once also covers the start, when early messages are lost and rounds change.
        final List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            for (int a = 0; a < ACCOUNTS; a++) {
                final Transaction tx = Transaction.transfer().chainId(genesis.chainId()).nonce(n).fee(1)
                    .recipient(keys.get((a + 1) % ACCOUNTS).address()).amount(10).sign(keys.get(a));
                receipts.add(engines.get(a % VALIDATORS).submit(tx));
            }
        }
        long top = 0;
        for (final CompletableFuture<Receipt> f : receipts) {
            final Receipt r = f.get(30, TimeUnit.SECONDS);
            assertEquals(ReceiptStatus.SUCCESS, r.status());
            top = Math.max(top, r.blockHeight());
        }
        for (final KairosEngine e : engines) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (e.height() < top && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        for (long h = 1; h <= top; h++) {
            final CommittedBlock first = engines.getFirst().block(h).get(5, TimeUnit.SECONDS).orElseThrow();
            for (final KairosEngine e : engines) {
                final CommittedBlock b = e.block(h).get(5, TimeUnit.SECONDS).orElseThrow();
                assertEquals(first.hash(), b.hash(), "block hash at height " + h);
                assertEquals(first.header().stateRoot(), b.header().stateRoot(), "state root at height " + h);
            }
        }
        final Hash root = engines.getFirst().block(top).get(5, TimeUnit.SECONDS).orElseThrow().header().stateRoot();
        assertNotNull(root);
        for (final KairosEngine e : engines) {
            final ConsensusStatus s = e.consensusStatus();
            assertTrue(s.height() > top, "the core is past the last awaited height: " + s);
            assertNotNull(s.step());
            assertTrue(s.roundsUsed() >= top, "at least one round per decided height: " + s);
            assertEquals(0, s.evidenceCount());
            assertEquals(0, e.consensusDrops());
        }
    }

    @Test
    void aMessageForAnEngineThatIsNotRunningIsDroppedAndCounted() throws Exception {
        for (int i = 0; i < ACCOUNTS; i++) {
            keys.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
        }
        final SigningKey v = Ed25519Scheme.INSTANCE.fromSeed(seed(100));
        keys.add(v);
        final KairosEngine engine = KairosEngine.builder(genesis(List.of(v))).validator(v)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).build();
        engines.add(engine);
        assertFalse(engine.deliverConsensus(new byte[] {1, 2, 3}), "not started yet");
        assertEquals(1, engine.consensusDrops());
        engine.start();
        final Receipt r = engine.submit(Transaction.transfer().chainId(engine.genesis().chainId()).nonce(0).fee(1)
            .recipient(keys.get(1).address()).amount(5).sign(keys.getFirst())).get(10, TimeUnit.SECONDS);
        assertEquals(ReceiptStatus.SUCCESS, r.status());
        // Garbage is accepted into the ring; the core refuses it (counted there, not here). The query
        // runs after it on the sequencer, so the status is published by then.
        assertTrue(engine.deliverConsensus(new byte[] {1, 2, 3}));
        engine.query(Sequencer::height).get(5, TimeUnit.SECONDS);
        final ConsensusStatus s = engine.consensusStatus();
        assertEquals(engine.height() + 1, s.height());
        assertTrue(s.refusalsTotal() >= 1, "the garbage message was refused: " + s);
        engine.close();
        assertFalse(engine.deliverConsensus(new byte[] {1}));
        assertEquals(2, engine.consensusDrops());
    }
}
