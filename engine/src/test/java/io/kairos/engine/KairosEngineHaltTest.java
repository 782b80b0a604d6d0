package io.kairos.engine;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failure while producing a block stops the engine loudly instead of carrying on half-applied. */
class KairosEngineHaltTest {
    private static final class FailingStore implements BlockStore {
        final IllegalStateException failure = new IllegalStateException("disk on fire");

        @Override
        public void append(final CommittedBlock block) {
            throw failure;
        }

        @Override
        public CommittedBlock block(final long height) {
            return null;
        }

        @Override
        public long locate(final Hash hash) {
            return -1;
        }

        @Override
        public long height() {
            return 0;
        }
    }

    private static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        return s;
    }

    @Test
    void aFailedCommitHaltsTheEngineFailsPendingWorkAndRefusesMore() throws Exception {
        final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(seed(1));
        final SigningKey alice = Ed25519Scheme.INSTANCE.fromSeed(seed(2));
        final Genesis genesis = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100")
            .allocation(alice.address(), Amounts.tokens(10))
            .remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(3)).address())
            .build();
        final FailingStore store = new FailingStore();
        try (KairosEngine engine = KairosEngine.builder(genesis).proposer(validator.address())
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).blockStore(store).build()) {
            engine.start();
            final Transaction tx = Transaction.transfer().chainId(genesis.chainId()).nonce(0).fee(1)
                .recipient(validator.address()).amount(1).sign(alice);
            final CompletableFuture<Receipt> pending = engine.submit(tx);
            final ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
            final TransactionRejectedException r = assertInstanceOf(TransactionRejectedException.class, e.getCause());
            assertEquals(RejectReason.SHUTDOWN, r.reason());
            assertSame(store.failure, r.getCause());
            assertSame(store.failure, engine.failure().orElseThrow());
            assertEquals(0, engine.height());

            final ExecutionException later = assertThrows(ExecutionException.class,
                () -> engine.submit(tx).get(10, TimeUnit.SECONDS));
            assertTrue(later.getCause() instanceof TransactionRejectedException t && t.reason() == RejectReason.SHUTDOWN);
        }
    }
}
