package io.kairos.engine.consensus;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.MlDsa44Scheme;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four replicas wired back to back (every message delivered at once, in order) on a genesis whose
 * validators use one signature scheme: consensus takes its schemes from the genesis.
 */
class LoopbackClusterTest {
    private record Envelope(int to, byte[] bytes) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ml-dsa-44"})
    void fourReplicasCommitTheSameBlocks(final String scheme) {
        final SignatureScheme s = scheme.equals("ed25519") ? Ed25519Scheme.INSTANCE : MlDsa44Scheme.INSTANCE;
        final int n = 4;
        final SigningKey[] keys = new SigningKey[n];
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0).blockReward(5);
        for (int i = 0; i < n; i++) {
            final byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) (0x40 + i));
            keys[i] = s.fromSeed(seed);
            b.validator("v" + i, s.id(), keys[i].publicKey(), Amounts.tokens(10), "10.0.0.1:700" + i);
        }
        final byte[] treasury = new byte[Address.LENGTH];
        treasury[0] = 1;
        final Genesis genesis = b.remainderTo(Address.of(treasury)).build();
        final ConsensusCore[] cores = new ConsensusCore[n];
        final InMemoryBlockStore[] stores = new InMemoryBlockStore[n];
        final ArrayDeque<Envelope> queue = new ArrayDeque<>();
        long now = 0;
        for (int i = 0; i < n; i++) {
            stores[i] = new InMemoryBlockStore(Long.MAX_VALUE);
            cores[i] = new ConsensusCore(ConsensusConfig.defaults(), keys[i], new InMemorySafetyStore(),
                new InMemoryCertificateStore(16), new LedgerExecution(genesis, stores[i], CodecLimits.DEFAULT,
                    SignatureVerifier.DIRECT), TransactionSource.EMPTY, SignatureVerifier.DIRECT,
                BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
            post(queue, i, n, cores[i].start(now));
        }
        for (int guard = 0; guard < 10_000 && minHeight(stores) < 3; guard++) {
            if (queue.isEmpty()) {
                now += ConsensusConfig.defaults().maxTimeoutNs();
                for (int i = 0; i < n; i++) {
                    post(queue, i, n, cores[i].onTick(now));
                }
                continue;
            }
            final Envelope e = queue.poll();
            final ConsensusOutput out = cores[e.to].onMessage(e.bytes, now);
            final ConsensusError r = out.refusal();
            assertTrue(r == null || r == ConsensusError.DUPLICATE || r == ConsensusError.STALE_HEIGHT,
                "honest traffic is accepted, got " + r);
            post(queue, e.to, n, out);
        }
        assertTrue(minHeight(stores) >= 3, "committed " + minHeight(stores));
        for (long h = 1; h <= 3; h++) {
            for (int i = 1; i < n; i++) {
                assertEquals(stores[0].block(h).hash(), stores[i].block(h).hash());
            }
        }
        assertEquals(0, cores[0].refusals(ConsensusError.BAD_SIGNATURE));
    }

    @org.junit.jupiter.api.Test
    void aReplicaCutOffForSeveralHeightsCatchesUpFromOneBurstOfDecisions() {
        final int n = 4;
        final io.kairos.engine.genesis.Genesis genesis = io.kairos.engine.consensus.sim.TransferPool.genesis(n);
        final ConsensusCore[] cores = new ConsensusCore[n];
        final InMemoryBlockStore[] stores = new InMemoryBlockStore[n];
        final ArrayDeque<Envelope> queue = new ArrayDeque<>();
        final int cutOff = 3;
        long now = 0;
        for (int i = 0; i < n; i++) {
            stores[i] = new InMemoryBlockStore(Long.MAX_VALUE);
            cores[i] = new ConsensusCore(ConsensusConfig.defaults(), io.kairos.engine.consensus.sim.TransferPool
                .validatorKey(i), new InMemorySafetyStore(), new InMemoryCertificateStore(16),
                new LedgerExecution(genesis, stores[i], CodecLimits.DEFAULT, SignatureVerifier.DIRECT),
                io.kairos.engine.consensus.sim.TransferPool.instance(), SignatureVerifier.DIRECT,
                BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
            post(queue, i, n, cores[i].start(now));
        }
        for (int guard = 0; guard < 20_000 && stores[0].height() < 5; guard++) {
            if (queue.isEmpty()) {
                now += ConsensusConfig.defaults().maxTimeoutNs();
                for (int i = 0; i < n; i++) {
                    post(queue, i, n, cores[i].onTick(now));
                }
                continue;
            }
            final Envelope e = queue.poll();
            if (e.to != cutOff) {
                post(queue, e.to, n, cores[e.to].onMessage(e.bytes, now));
            }
        }
        assertTrue(stores[0].height() >= 5, "three of four decide without the fourth");
        assertEquals(0, stores[cutOff].height());
        // The cut-off replica times out and speaks at height 1: replica 0 answers with a burst of decisions.
        now += ConsensusConfig.defaults().maxTimeoutNs();
        final ConsensusOutput spoke = cores[cutOff].onTick(now);
        final ConsensusOutput help = cores[0].onMessage(spoke.broadcasts().get(0), now);
        assertEquals(ConsensusError.STALE_HEIGHT, help.refusal());
        assertEquals(Math.min(ConsensusCore.DECISIONS_AHEAD, stores[0].height()), help.sends().size());
        final java.util.List<ConsensusOutput.Send> burst = new java.util.ArrayList<>(help.sends());
        java.util.Collections.reverse(burst);
        for (final ConsensusOutput.Send s : burst) {
            cores[cutOff].onMessage(s.message(), now);
        }
        assertEquals(help.sends().size(), stores[cutOff].height(), "every decision applied, whatever the order");
        for (long h = 1; h <= stores[cutOff].height(); h++) {
            assertEquals(stores[0].block(h).hash(), stores[cutOff].block(h).hash());
        }
    }

    private static long minHeight(final InMemoryBlockStore[] stores) {
        long min = Long.MAX_VALUE;
        for (final InMemoryBlockStore s : stores) {
            min = Math.min(min, s.height());
        }
        return min;
    }

    private static void post(final ArrayDeque<Envelope> queue, final int from, final int n, final ConsensusOutput out) {
        for (final byte[] m : out.broadcasts()) {
            for (int to = 0; to < n; to++) {
                if (to != from) {
                    queue.add(new Envelope(to, m));
                }
            }
        }
        for (final ConsensusOutput.Send s : out.sends()) {
            queue.add(new Envelope(s.validator(), s.message()));
        }
    }
}
