package io.kairos.engine.sequencer;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.SoloNetwork;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A receipt never leaves before the store has flushed (synced) the block that holds it. */
class AcknowledgeAfterFlushTest {
    /** Remembers the highest height that was appended when flush() last ran. */
    private static final class RecordingStore implements BlockStore {
        private final InMemoryBlockStore delegate = new InMemoryBlockStore(1 << 24);
        final AtomicLong flushedHeight = new AtomicLong();

        @Override
        public void append(final CommittedBlock block) {
            delegate.append(block);
        }

        @Override
        public CommittedBlock block(final long height) {
            return delegate.block(height);
        }

        @Override
        public long locate(final Hash hash) {
            return delegate.locate(hash);
        }

        @Override
        public long height() {
            return delegate.height();
        }

        @Override
        public void flush() {
            final long appended = delegate.height();
            if (appended > flushedHeight.get()) {
                // A sync takes time; an acknowledgement sent before it would be seen during this pause.
                try {
                    Thread.sleep(5);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                flushedHeight.set(appended);
            }
        }
    }

    @Test
    void everyReceiptFollowsTheFlushOfItsBlock() throws Exception {
        final SoloNetwork net = new SoloNetwork(9);
        final Genesis genesis = net.genesis;
        final RecordingStore store = new RecordingStore();
        final List<Long> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (KairosEngine engine = net.engine(store)) {
            engine.onBlock(b -> {
                if (store.flushedHeight.get() < b.height()) {
                    violations.add(b.height());
                }
            });
            engine.start();
            final List<CompletableFuture<Receipt>> fs = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                fs.add(engine.submit(net.payment(n)));
            }
            for (final CompletableFuture<Receipt> f : fs) {
                final Receipt r = f.get(10, TimeUnit.SECONDS);
                assertTrue(store.flushedHeight.get() >= r.blockHeight(),
                    "receipt of block " + r.blockHeight() + " released before its flush");
            }
            engine.query(s -> s.height()).get(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), violations);
    }
}
