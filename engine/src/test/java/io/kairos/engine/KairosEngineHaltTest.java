package io.kairos.engine;

import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.RefusingBlockStore;
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
    @Test
    void aFailedCommitHaltsTheEngineFailsPendingWorkAndRefusesMore() throws Exception {
        final SoloNetwork net = new SoloNetwork(0);
        final Genesis genesis = net.genesis;
        final RefusingBlockStore store = new RefusingBlockStore(new IllegalStateException("disk on fire"));
        try (KairosEngine engine = net.engine(store)) {
            engine.start();
            final Transaction tx = net.payment(0);
            final CompletableFuture<Receipt> pending = engine.submit(tx);
            final ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
            final TransactionRejectedException r = assertInstanceOf(TransactionRejectedException.class, e.getCause());
            assertEquals(RejectReason.SHUTDOWN, r.reason());
            assertSame(store.failure(), r.getCause());
            assertSame(store.failure(), engine.failure().orElseThrow());
            assertEquals(0, engine.height());

            final ExecutionException later = assertThrows(ExecutionException.class,
                () -> engine.submit(tx).get(10, TimeUnit.SECONDS));
            assertTrue(later.getCause() instanceof TransactionRejectedException t && t.reason() == RejectReason.SHUTDOWN);
        }
    }
}
