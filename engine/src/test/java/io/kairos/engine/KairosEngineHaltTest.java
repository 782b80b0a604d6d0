package io.kairos.engine;

import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;
import org.junit.jupiter.api.Test;

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

    @Test
    void aFailedCommitHaltsTheEngineFailsPendingWorkAndRefusesMore() throws Exception {
        final SoloNetwork net = new SoloNetwork(0);
        final Genesis genesis = net.genesis;
        final FailingStore store = new FailingStore();
        try (KairosEngine engine = net.engine(store)) {
            engine.start();
            final Transaction tx = net.payment(0);
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
