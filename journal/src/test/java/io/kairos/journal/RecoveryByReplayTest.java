package io.kairos.journal;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Address;
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
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.MerkleTree;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.ReplayError;
import io.kairos.engine.sequencer.ReplayException;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
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
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A restart on the Chronicle journal: the engine replays every block onto the genesis, proves each
 * state root, and continues the chain; a journal whose state root lies is refused.
 */
class RecoveryByReplayTest {
    private static final int ACCOUNTS = 6;

    @TempDir
    Path dir;

    private final List<SigningKey> keys = new ArrayList<>();
    private SigningKey validator;

    private static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[1] = 42;
        return s;
    }

    private Genesis genesis() {
        validator = Ed25519Scheme.INSTANCE.fromSeed(seed(100));
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100");
        for (int i = 0; i < ACCOUNTS; i++) {
            keys.add(Ed25519Scheme.INSTANCE.fromSeed(seed(i)));
            b.allocation(keys.get(i).address(), Amounts.tokens(100));
        }
        return b.remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(101)).address()).build();
    }

    private KairosEngine engine(final Genesis genesis, final BlockJournal journal) {
        final KairosEngine e = KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).blockStore(journal).build();
        e.start();
        return e;
    }

    private Transaction transfer(final Genesis g, final int from, final long nonce, final int to) {
        return Transaction.transfer().chainId(g.chainId()).nonce(nonce).fee(3).recipient(keys.get(to).address())
            .amount(1 + from).sign(keys.get(from));
    }

    @Test
    void aRestartReplaysTheJournalProvesEveryRootAndContinuesTheChain() throws Exception {
        final Genesis genesis = genesis();
        final JournalConfig config = JournalConfig.defaults(dir.resolve("journal"));
        final Map<Address, Long> balances = new HashMap<>();
        final long height;
        final Hash lastHash;
        try (BlockJournal journal = BlockJournal.open(config); KairosEngine engine = engine(genesis, journal)) {
            final List<CompletableFuture<Receipt>> fs = new ArrayList<>();
            for (int n = 0; n < 10; n++) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    fs.add(engine.submit(transfer(genesis, a, n, (a + 1) % ACCOUNTS)));
                }
            }
            for (final CompletableFuture<Receipt> f : fs) {
                assertEquals(ReceiptStatus.SUCCESS, f.get(10, TimeUnit.SECONDS).status());
            }
            for (final SigningKey k : keys) {
                balances.put(k.address(), engine.balance(k.address()).get(5, TimeUnit.SECONDS));
            }
            balances.put(validator.address(), engine.balance(validator.address()).get(5, TimeUnit.SECONDS));
            height = engine.height();
            lastHash = engine.block(height).get(5, TimeUnit.SECONDS).orElseThrow().hash();
        }

        try (BlockJournal journal = BlockJournal.open(config); KairosEngine engine = engine(genesis, journal)) {
            assertEquals(height, engine.replayed().height());
            assertEquals(60, engine.replayed().transactions());
            assertEquals(lastHash, engine.replayed().lastBlockHash());
            assertEquals(height, engine.height());
            for (final Map.Entry<Address, Long> e : balances.entrySet()) {
                assertEquals(e.getValue(), engine.balance(e.getKey()).get(5, TimeUnit.SECONDS), e.getKey().toHex());
            }
            // Nonces continue: the next transfer of account 0 has nonce 10 and extends the same chain.
            final Receipt next = engine.submit(transfer(genesis, 0, 10, 1)).get(10, TimeUnit.SECONDS);
            assertEquals(ReceiptStatus.SUCCESS, next.status());
            assertEquals(height + 1, next.blockHeight());
            final CommittedBlock b = engine.block(next.blockHeight()).get(5, TimeUnit.SECONDS).orElseThrow();
            assertEquals(lastHash, b.header().parentHash());
        }
    }

    @Test
    void aJournalWhoseStateRootLiesIsRefusedNamingTheHeight() throws Exception {
        final Genesis genesis = genesis();
        final JournalConfig config = JournalConfig.defaults(dir.resolve("journal"));
        long height;
        try (BlockJournal journal = BlockJournal.open(config); KairosEngine engine = engine(genesis, journal)) {
            engine.submit(transfer(genesis, 0, 0, 1)).get(10, TimeUnit.SECONDS);
            height = engine.height();
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            // An empty block that claims an invented state root, correctly chained and sealed.
            final CommittedBlock last = journal.block(height);
            final BlockHeader forged = new BlockHeader(genesis.chainId(), height + 1,
                last.header().timestampMillis() + 1, last.hash(), validator.address(), MerkleTree.EMPTY_ROOT,
                Hash.fromHex("0x" + "ab".repeat(32)), 0, 0);
            journal.append(CommittedBlock.of(forged, new byte[0], new byte[0], new byte[0], new long[0]));
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            final ReplayException e = assertThrows(ReplayException.class, () -> KairosEngine.builder(genesis)
                .validator(validator).clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
                .blockStore(journal).build());
            assertEquals(ReplayError.STATE_ROOT_MISMATCH, e.error());
            assertEquals(height + 1, e.height());
        }
    }

    @Test
    void aBlockThatDoesNotFollowItsParentIsRefused() throws Exception {
        final Genesis genesis = genesis();
        final JournalConfig config = JournalConfig.defaults(dir.resolve("journal"));
        final long height;
        try (BlockJournal journal = BlockJournal.open(config); KairosEngine engine = engine(genesis, journal)) {
            engine.submit(transfer(genesis, 0, 0, 1)).get(10, TimeUnit.SECONDS);
            height = engine.height();
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            final CommittedBlock last = journal.block(height);
            final BlockHeader orphan = new BlockHeader(genesis.chainId(), height + 1,
                last.header().timestampMillis() + 1, Hash.fromHex("0x" + "01".repeat(32)), validator.address(),
                MerkleTree.EMPTY_ROOT, last.header().stateRoot(), 0, 0);
            journal.append(CommittedBlock.of(orphan, new byte[0], new byte[0], new byte[0], new long[0]));
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            final ReplayException e = assertThrows(ReplayException.class, () -> KairosEngine.builder(genesis)
                .validator(validator).clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
                .blockStore(journal).build());
            assertEquals(ReplayError.BROKEN_CHAIN, e.error());
            assertEquals(height + 1, e.height());
        }
    }
}
