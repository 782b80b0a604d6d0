package io.kairos.engine.sequencer;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.state.snapshot.MemorySnapshotStore;
import io.kairos.engine.state.snapshot.SnapshotError;
import io.kairos.engine.state.snapshot.Snapshotter;
import io.kairos.engine.state.snapshot.StateSnapshot;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery from a snapshot plus the blocks after it, checked against a full replay from the genesis
 * (the replay-equivalence scenario), and every reason a snapshot is passed over.
 */
class StateRecoveryTest {
    private static final int SENDERS = 8;
    private static final long INTERVAL = 3;

    private final List<SigningKey> keys = new ArrayList<>();
    private SigningKey validator;
    private Genesis genesis;
    private InMemoryBlockStore blocks;
    private MemorySnapshotStore snapshots;
    private Snapshotter.Status status;

    @BeforeEach
    void chain() throws Exception {
        validator = Ed25519Scheme.INSTANCE.fromSeed(seed(200));
        final var b = Genesis.builder(NetworkPreset.DEVNET).genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000), "127.0.0.1:7100");
        for (int i = 0; i < SENDERS; i++) {
            keys.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
            b.allocation(keys.get(i).address(), Amounts.tokens(1_000));
        }
        genesis = b.remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(201)).address()).build();
        blocks = new InMemoryBlockStore(64L << 20);
        snapshots = new MemorySnapshotStore();
        final SplittableRandom random = new SplittableRandom(42);
        final long[] nonces = new long[SENDERS];
        final KairosEngine first = engine();
        try (KairosEngine engine = first) {
            engine.start();
            // Rounds of a few transfers each, to old and brand-new accounts, so that blocks stay small
            // and many heights (and snapshots) exist.
            for (int round = 0; round < 40; round++) {
                final List<CompletableFuture<Receipt>> fs = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    final int from = random.nextInt(SENDERS);
                    final byte[] to = new byte[Address.LENGTH];
                    if (random.nextBoolean()) {
                        random.nextBytes(to);
                    } else {
                        System.arraycopy(keys.get(random.nextInt(SENDERS)).address().toByteArray(), 0, to, 0,
                            Address.LENGTH);
                    }
                    fs.add(engine.submit(Transaction.transfer().chainId(genesis.chainId()).nonce(nonces[from]++)
                        .fee(2).recipient(Address.of(to)).amount(1 + random.nextInt(1000)).sign(keys.get(from))));
                }
                for (final CompletableFuture<Receipt> f : fs) {
                    f.get(10, TimeUnit.SECONDS);
                }
            }
        }
        status = first.snapshots();
        assertTrue(blocks.height() >= 2 * INTERVAL, "too few blocks for the test: " + blocks.height());
        assertTrue(snapshots.snapshots.size() >= 2, "too few snapshots: " + snapshots.snapshots.keySet());
    }

    private static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[3] = 77;
        return s;
    }

    private KairosEngine engine() {
        return KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).blockStore(blocks)
            .snapshots(snapshots, INTERVAL).hashSeed(99).build();
    }

    private StateRecovery.Result recover(final MemorySnapshotStore from, final long hashSeed) {
        return StateRecovery.recover(genesis, blocks, from, hashSeed, CodecLimits.DEFAULT, SystemNanoClock.INSTANCE);
    }

    @Test
    void everySnapshotPlusReplayEqualsAFullReplayFromTheGenesis() {
        final StateRecovery.Result full = StateRecovery.recover(genesis, blocks, null, 5, CodecLimits.DEFAULT,
            SystemNanoClock.INSTANCE);
        assertEquals(0, full.snapshotHeight());
        assertEquals(blocks.height(), full.replayedBlocks());
        final Hash headRoot = blocks.block(blocks.height()).header().stateRoot();
        assertEquals(headRoot, full.tree().root());
        for (final long h : snapshots.heights()) {
            assertEquals(0, h % INTERVAL);
            final MemorySnapshotStore only = new MemorySnapshotStore();
            only.save(snapshots.load(h));
            final StateRecovery.Result r = recover(only, h * 7919);
            assertEquals(h, r.snapshotHeight());
            assertEquals(blocks.height() - h, r.replayedBlocks());
            assertEquals(full.tree().root(), r.tree().root(), "root after snapshot " + h + " plus replay");
            assertEquals(full.state().accountsSorted(), r.state().accountsSorted());
            assertEquals(full.executor().expectedSupply(), r.executor().expectedSupply());
            assertEquals(full.replay().lastBlockHash(), r.replay().lastBlockHash());
            assertTrue(r.skipped().isEmpty(), r.skipped().toString());
        }
    }

    @Test
    void aRestartedEngineLoadsTheNewestSnapshotAndContinuesTheChain() throws Exception {
        final long newest = snapshots.heights().getFirst();
        final long height = blocks.height();
        try (KairosEngine engine = engine()) {
            assertEquals(newest, engine.recovery().snapshotHeight());
            assertEquals(height, engine.height());
            assertTrue(engine.recovery().describe().contains("loaded snapshot at height " + newest),
                engine.recovery().describe());
            engine.start();
            final SigningKey alice = keys.getFirst();
            final long nonce = engine.nonce(alice.address()).get(5, TimeUnit.SECONDS);
            final Receipt r = engine.submit(Transaction.transfer().chainId(genesis.chainId()).nonce(nonce).fee(2)
                .recipient(validator.address()).amount(5).sign(alice)).get(10, TimeUnit.SECONDS);
            assertEquals(height + 1, r.blockHeight());
        }
        final StateRecovery.Result full = StateRecovery.recover(genesis, blocks, null, 1, CodecLimits.DEFAULT,
            SystemNanoClock.INSTANCE);
        assertEquals(blocks.block(blocks.height()).header().stateRoot(), full.tree().root());
    }

    @Test
    void unusableSnapshotsAreSkippedWithTheirReasonAndAnOlderOneIsUsed() {
        final List<Long> heights = snapshots.heights();
        final long good = heights.get(1);
        final StateSnapshot newest = snapshots.load(heights.getFirst());
        final MemorySnapshotStore store = new MemorySnapshotStore();
        store.save(snapshots.load(good));

        // Above the journal's height: what a snapshot looks like after the journal's tail was cut.
        store.save(copy(newest, blocks.height() + INTERVAL, newest.blockHash(), newest.genesisHash(), 0));
        // Its accounts altered: still well formed, but no longer hashing to the block's state root.
        store.save(copy(newest, newest.height(), newest.blockHash(), newest.genesisHash(), 1));
        final StateRecovery.Result r = recover(store, 3);
        assertEquals(good, r.snapshotHeight());
        assertEquals(2, r.skipped().size(), r.skipped().toString());
        assertTrue(r.skipped().get(0).contains(SnapshotError.NOT_ON_CHAIN.name()), r.skipped().get(0));
        assertTrue(r.skipped().get(1).contains(SnapshotError.STATE_ROOT_MISMATCH.name()), r.skipped().get(1));
        assertTrue(r.describe().contains("skipped snapshot at height " + newest.height()), r.describe());

        final MemorySnapshotStore others = new MemorySnapshotStore();
        others.save(copy(newest, newest.height(), Hash.fromHex("0x" + "5a".repeat(32)), newest.genesisHash(), 0));
        others.save(copy(snapshots.load(good), good, snapshots.load(good).blockHash(),
            Hash.fromHex("0x" + "6b".repeat(32)), 0));
        final StateRecovery.Result none = recover(others, 3);
        assertEquals(0, none.snapshotHeight());
        assertEquals(blocks.height(), none.replayedBlocks());
        assertTrue(none.skipped().get(0).contains(SnapshotError.NOT_ON_CHAIN.name()), none.skipped().get(0));
        assertTrue(none.skipped().get(1).contains(SnapshotError.WRONG_GENESIS.name()), none.skipped().get(1));
        assertEquals(blocks.block(blocks.height()).header().stateRoot(), none.tree().root());
    }

    @Test
    void theSnapshotterRecordsWhatItTookAndSkipped() {
        assertNotNull(status);
        assertEquals(INTERVAL, status.interval());
        assertEquals(0, status.failed(), status.lastError());
        // Every due snapshot was either written or skipped because the previous one was still in flight.
        assertEquals(blocks.height() / INTERVAL, status.taken() + status.skippedBusy());
        assertEquals(snapshots.snapshots.size(), status.taken());
        assertEquals(snapshots.heights().getFirst(), status.lastHeight());
    }

    /** A copy of {@code s} at another height, block or genesis, with {@code extra} units moved between two accounts. */
    private static StateSnapshot copy(final StateSnapshot s, final long height, final Hash block, final Hash genesis,
                                      final long extra) {
        final int n = s.accountCount();
        final byte[] addresses = new byte[n * Address.LENGTH];
        final long[] balances = new long[n];
        final long[] nonces = new long[n];
        for (int i = 0; i < n; i++) {
            s.copyAddress(i, addresses, i * Address.LENGTH);
            balances[i] = s.balance(i);
            nonces[i] = s.nonce(i);
        }
        // Moving units keeps the supply, so only the state root can catch it.
        balances[0] += extra;
        balances[n - 1] -= extra;
        return new StateSnapshot(genesis, height, block, s.timestampMillis(), s.stateRoot(), s.bondedStake(),
            s.supply(), addresses, balances, nonces);
    }
}
