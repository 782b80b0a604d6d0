package io.kairos.journal;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal as the engine's block store: committed blocks land on disk and read back after reopen. */
class BlockJournalEngineTest {
    @TempDir
    Path dir;

    private static SigningKey key(final int b) {
        final byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) b);
        return Ed25519Scheme.INSTANCE.fromSeed(seed);
    }

    @Test
    void engineCommitsIntoTheJournal() throws Exception {
        final SigningKey validator = key(11);
        final SigningKey alice = key(12);
        final SigningKey bob = key(13);
        final Genesis genesis = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-01-01T00:00:00Z"))
            .validator("validator-0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:7100")
            .allocation(alice.address(), Amounts.tokens(1_000))
            .remainderTo(key(14).address())
            .build();
        final JournalConfig config = JournalConfig.defaults(dir.resolve("journal"));
        final Receipt receipt;
        final CommittedBlock committed;
        try (BlockJournal journal = BlockJournal.open(config)) {
            try (KairosEngine engine = KairosEngine.builder(genesis)
                .validator(validator)
                .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
                .hashSeed(42)
                .blockStore(journal)
                .build()) {
                engine.start();
                final Transaction transfer = Transaction.transfer().chainId(genesis.chainId()).nonce(0)
                    .fee(Amounts.parseTokens("0.001")).recipient(bob.address()).amount(Amounts.parseTokens("2.5"))
                    .sign(alice);
                receipt = engine.submit(transfer).get(30, TimeUnit.SECONDS);
                committed = engine.block(receipt.blockHeight()).get(30, TimeUnit.SECONDS).orElseThrow();
            }
            assertTrue(journal.height() >= receipt.blockHeight());
            assertSame(committed, journal.block(receipt.blockHeight()), "recent blocks come back as appended");
            journal.flush();
        }
        try (BlockJournal journal = BlockJournal.open(config)) {
            final BlockRecord r = journal.record(receipt.blockHeight());
            assertEquals(committed.header(), r.header());
            assertEquals(committed.hash(), r.hash());
            assertEquals(committed.bodyLength(), r.body().length);
            assertEquals(receipt, r.receipt(receipt.index()));
            assertEquals(ReceiptStatus.SUCCESS, r.status(receipt.index()));
            assertEquals(receipt.blockHeight() << 32 | receipt.index(), journal.locate(receipt.txHash()));
            assertEquals(committed.toBlock(config.limits()), r.toBlock(config.limits()));
        }
    }
}
