package io.kairos.engine.pipeline;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.pipeline.RecordingSink.Delivery;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.kairos.engine.pipeline.TestTransactions.CHAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on its own threads, with real signed transactions. The timeout only turns a
 * hang (a lost event that stop() would wait for forever) into a failure; nothing asserts durations.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IngressPipelineTest {
    private static final PipelineConfig CONFIG = PipelineConfig.defaults(CHAIN).withVerifierThreads(2)
        .withRingSize(1024).withBatchSize(32);

    private final List<IngressPipeline> started = new ArrayList<>();

    private IngressPipeline start(final PipelineConfig config, final IngressSink sink) {
        final IngressPipeline p = new IngressPipeline(config, sink, System::nanoTime);
        p.start();
        started.add(p);
        return p;
    }

    @AfterEach
    void stopAll() {
        for (final IngressPipeline p : started) {
            p.stop();
        }
    }

    private static SubmitResult submit(final IngressPipeline p, final byte[] tx, final long id) {
        return p.submit(tx, 0, tx.length, id, 30, TimeUnit.SECONDS);
    }

    @Test
    void validTransactionsOfBothSchemesReachTheSinkOnceWithSenderAndHash() {
        final RecordingSink sink = new RecordingSink();
        final IngressPipeline p = start(CONFIG, sink);
        final List<Transaction> all = new ArrayList<>(TestTransactions.ED25519);
        all.addAll(TestTransactions.ML_DSA);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(SubmitResult.ACCEPTED, submit(p, all.get(i).encode(), i));
        }
        p.stop();
        assertEquals(all.size(), sink.deliveries.size());
        for (int i = 0; i < all.size(); i++) {
            final Transaction tx = all.get(i);
            final Delivery d = sink.byCorrelation(i);
            assertNull(d.reason(), "transaction " + i);
            assertEquals(tx.sender(), d.sender());
            assertEquals(tx.hash(), d.hash());
            assertEquals(tx.nonce(), d.nonce());
            assertEquals(tx.fee(), d.fee());
            assertEquals(tx.amount(), d.amount());
            assertEquals("kairos-admit", d.thread());
        }
        assertTrue(sink.endsOfBatch >= 1);
        assertEquals(0, p.errors());
    }

    @Test
    void refusalsCarryTheirReasonWhileTheirNeighboursPass() {
        final RecordingSink sink = new RecordingSink();
        final CodecLimits limits = new CodecLimits(1000, 8192, 1000, 1 << 20);
        final IngressPipeline p = start(CONFIG.withLimits(limits).withVerifierThreads(1), sink);
        final List<Transaction> ed = TestTransactions.ED25519;
        final Map<Long, RejectReason> expected = new HashMap<>();
        long id = 0;
        for (int round = 0; round < 16; round++) {
            final Transaction good = ed.get(round * 16 + 1);
            submit(p, good.encode(), id);
            expected.put(id++, null);
            submit(p, TestTransactions.badSignature(ed.get(round * 16 + 2)), id);
            expected.put(id++, RejectReason.BAD_SIGNATURE);
            submit(p, TestTransactions.truncated(ed.get(round * 16 + 3)), id);
            expected.put(id++, RejectReason.MALFORMED);
            submit(p, TestTransactions.wrongChain(round), id);
            expected.put(id++, RejectReason.WRONG_CHAIN_ID);
            // A 3,000-byte payload is over this node's 1,000-byte payload limit.
            submit(p, ed.get(round * 16 + 5).encode(), id);
            expected.put(id++, RejectReason.OVERSIZED);
            submit(p, TestTransactions.ML_DSA.get(round % 4).encode(), id);
            expected.put(id++, null);
            submit(p, TestTransactions.badSignature(TestTransactions.ML_DSA.get(round % 4)), id);
            expected.put(id++, RejectReason.BAD_SIGNATURE);
        }
        final byte[] tooLong = new byte[limits.maxTransactionBytes() + 1];
        assertEquals(SubmitResult.OVERSIZED, p.trySubmit(tooLong, 0, tooLong.length, id));
        assertEquals(SubmitResult.OVERSIZED, p.submit(tooLong, 0, tooLong.length, id, 1, TimeUnit.SECONDS));
        assertEquals(RejectReason.OVERSIZED, SubmitResult.OVERSIZED.reason());
        p.stop();
        assertEquals(expected.size(), sink.deliveries.size(), "the refused-at-submit one never reaches the sink");
        for (final Map.Entry<Long, RejectReason> e : expected.entrySet()) {
            assertEquals(e.getValue(), sink.byCorrelation(e.getKey()).reason(), "correlation id " + e.getKey());
        }
        assertEquals(0, p.errors());
    }

    @Test
    void concurrentProducersGetEveryCorrelationIdReportedExactlyOnce() throws Exception {
        final RecordingSink sink = new RecordingSink();
        final IngressPipeline p = start(CONFIG, sink);
        final int producers = 4;
        final int each = 5_000;
        final List<Transaction> pool = TestTransactions.ED25519;
        final byte[][] good = new byte[pool.size()][];
        final byte[][] bad = new byte[pool.size()][];
        for (int i = 0; i < pool.size(); i++) {
            good[i] = pool.get(i).encode();
            bad[i] = TestTransactions.badSignature(pool.get(i));
        }
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final Thread[] threads = new Thread[producers];
        for (int t = 0; t < producers; t++) {
            final int producer = t;
            threads[t] = new Thread(() -> {
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
                for (int i = 0; i < each; i++) {
                    final long id = producer * 1_000_000L + i;
                    final byte[] tx = i % 50 == 7 ? bad[i % bad.length] : good[i % good.length];
                    final SubmitResult r;
                    if (producer % 2 == 0) {
                        r = p.submit(tx, 0, tx.length, id, 30, TimeUnit.SECONDS);
                    } else {
                        buffer.putBytes(100, tx);
                        r = p.submit(buffer, 100, tx.length, id, 30, TimeUnit.SECONDS);
                    }
                    if (r != SubmitResult.ACCEPTED) {
                        failures.add(id + ": " + r);
                    }
                }
            }, "producer-" + t);
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        p.stop();
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(producers * each, sink.deliveries.size());
        final Map<Long, Delivery> byId = new HashMap<>();
        final long[] lastSeen = {-1, -1, -1, -1};
        for (final Delivery d : sink.deliveries) {
            assertNull(byId.put(d.correlationId(), d), "duplicate " + d.correlationId());
            final int producer = (int) (d.correlationId() / 1_000_000L);
            final long i = d.correlationId() % 1_000_000L;
            assertTrue(i > lastSeen[producer], "producer " + producer + " out of order at " + i);
            lastSeen[producer] = i;
        }
        for (int t = 0; t < producers; t++) {
            for (int i = 0; i < each; i++) {
                final Delivery d = byId.get(t * 1_000_000L + i);
                assertEquals(i % 50 == 7 ? RejectReason.BAD_SIGNATURE : null, d.reason(), "producer " + t + " #" + i);
            }
        }
        assertEquals(0, p.errors());
    }

    /** Blocks in every transaction callback until released. */
    private static final class BlockingSink extends RecordingSink {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onTransaction(final IngressEvent e) {
            try {
                release.await();
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            super.onTransaction(e);
        }
    }

    @Test
    void aFullRingAnswersBusyAndEverythingAcceptedArrivesOnceTheSinkMovesAgain() throws Exception {
        final BlockingSink sink = new BlockingSink();
        final IngressPipeline p = start(CONFIG.withRingSize(4).withVerifierThreads(1), sink);
        final List<Transaction> ed = TestTransactions.ED25519;
        for (int i = 0; i < 4; i++) {
            final byte[] tx = ed.get(i).encode();
            assertEquals(SubmitResult.ACCEPTED, p.trySubmit(tx, 0, tx.length, i), "slot " + i);
        }
        final byte[] more = ed.get(4).encode();
        assertEquals(SubmitResult.BUSY, p.trySubmit(more, 0, more.length, 99));
        assertEquals(SubmitResult.BUSY, p.submit(more, 0, more.length, 99, 20, TimeUnit.MILLISECONDS));
        assertEquals(SubmitResult.BUSY, p.submit(more, 0, more.length, 99, 0, TimeUnit.MILLISECONDS));
        assertEquals(SubmitResult.BUSY, p.tryPublishControl(1, 2, null, 99));
        assertEquals(SubmitResult.BUSY, p.tryPublishTick(5));
        assertEquals(RejectReason.BUSY, SubmitResult.BUSY.reason());

        final AtomicReference<SubmitResult> waited = new AtomicReference<>();
        final Thread waiter = new Thread(() -> waited.set(p.submit(more, 0, more.length, 4, 60, TimeUnit.SECONDS)));
        waiter.start();
        sink.release.countDown();
        waiter.join();
        assertEquals(SubmitResult.ACCEPTED, waited.get(), "a timed submit takes the slot freed while it waits");
        p.stop();
        assertEquals(5, sink.deliveries.size());
        for (int i = 0; i < 5; i++) {
            assertNull(sink.byCorrelation(i).reason());
        }
    }

    @Test
    void controlEventsAndTicksKeepTheirPlaceAmongTransactions() {
        final RecordingSink sink = new RecordingSink();
        final IngressPipeline p = start(CONFIG, sink);
        final List<Transaction> ed = TestTransactions.ED25519;
        for (int i = 0; i < 300; i++) {
            final SubmitResult r = switch (i % 3) {
                case 0 -> submit(p, ed.get(i % ed.size()).encode(), i);
                case 1 -> p.publishControl(7, i * 10L, "query " + i, i, 30, TimeUnit.SECONDS);
                default -> publishTick(p, i);
            };
            assertEquals(SubmitResult.ACCEPTED, r);
        }
        p.stop();
        assertEquals(300, sink.deliveries.size());
        for (int i = 0; i < 300; i++) {
            final Delivery d = sink.deliveries.get(i);
            switch (i % 3) {
                case 0 -> {
                    assertEquals(EventKind.TRANSACTION, d.kind());
                    assertEquals(i, d.correlationId());
                    assertNull(d.reason());
                }
                case 1 -> {
                    assertEquals(EventKind.CONTROL, d.kind());
                    assertEquals(i, d.correlationId());
                    assertEquals(7, d.code());
                    assertEquals(i * 10L, d.value());
                    assertEquals("query " + i, d.attachment());
                }
                default -> {
                    assertEquals(EventKind.TICK, d.kind());
                    assertEquals(i, d.value());
                }
            }
        }
    }

    private static SubmitResult publishTick(final IngressPipeline p, final long now) {
        SubmitResult r;
        while ((r = p.tryPublishTick(now)) == SubmitResult.BUSY) {
            Thread.onSpinWait();
        }
        return r;
    }

    @Test
    void stopRefusesNewWorkAndDeliversEverythingAccepted() throws Exception {
        final RecordingSink sink = new RecordingSink();
        final IngressPipeline p = start(CONFIG.withRingSize(64), sink);
        final List<Transaction> ed = TestTransactions.ED25519;
        final int producers = 3;
        final List<Set<Long>> accepted = new ArrayList<>();
        final AtomicInteger total = new AtomicInteger();
        final Thread[] threads = new Thread[producers];
        for (int t = 0; t < producers; t++) {
            final Set<Long> mine = new HashSet<>();
            accepted.add(mine);
            final int producer = t;
            threads[t] = new Thread(() -> {
                for (long i = 0; ; i++) {
                    final byte[] tx = ed.get((int) (i % ed.size())).encode();
                    final long id = producer * 1_000_000L + i;
                    SubmitResult r;
                    while ((r = p.trySubmit(tx, 0, tx.length, id)) == SubmitResult.BUSY) {
                        Thread.yield();
                    }
                    if (r == SubmitResult.SHUTDOWN) {
                        return;
                    }
                    mine.add(id);
                    total.incrementAndGet();
                }
            });
            threads[t].start();
        }
        while (total.get() < 500) {
            Thread.sleep(1);
        }
        p.stop();
        for (final Thread t : threads) {
            t.join();
        }
        final Set<Long> all = new HashSet<>();
        accepted.forEach(all::addAll);
        assertEquals(all.size(), sink.deliveries.size(), "delivered exactly what was accepted");
        for (final long id : all) {
            assertNull(sink.byCorrelation(id).reason());
        }
        final byte[] tx = ed.get(0).encode();
        assertEquals(SubmitResult.SHUTDOWN, p.trySubmit(tx, 0, tx.length, 1));
        assertEquals(SubmitResult.SHUTDOWN, p.submit(tx, 0, tx.length, 1, 1, TimeUnit.SECONDS));
        assertEquals(SubmitResult.SHUTDOWN, p.tryPublishTick(1));
        assertEquals(SubmitResult.SHUTDOWN, p.tryPublishControl(1, 1, null, 1));
        assertEquals(RejectReason.SHUTDOWN, SubmitResult.SHUTDOWN.reason());
    }

    @Test
    void lifecycleMisuseIsTypedAndThreadsAreNamedAndGoneAfterStop() {
        final RecordingSink sink = new RecordingSink();
        final IngressPipeline p = new IngressPipeline(CONFIG.withVerifierThreads(3), sink, System::nanoTime);
        final byte[] tx = TestTransactions.ED25519.get(0).encode();
        assertEquals(PipelineError.NOT_STARTED,
            assertThrows(PipelineException.class, () -> p.trySubmit(tx, 0, tx.length, 1)).error());
        final Set<Thread> before = Thread.getAllStackTraces().keySet();
        p.start();
        final Set<Thread> ours = new HashSet<>(Thread.getAllStackTraces().keySet());
        ours.removeAll(before);
        final Set<String> names = new HashSet<>();
        ours.forEach(t -> names.add(t.getName()));
        assertEquals(Set.of("kairos-decode", "kairos-verify-0", "kairos-verify-1", "kairos-verify-2", "kairos-admit"),
            names);
        assertEquals(PipelineError.ALREADY_STARTED, assertThrows(PipelineException.class, p::start).error());
        p.stop();
        p.stop();
        for (final Thread t : ours) {
            assertFalse(t.isAlive(), t.getName() + " outlived stop()");
        }
        assertEquals(PipelineError.STOPPED, assertThrows(PipelineException.class, p::start).error());

        final IngressPipeline neverStarted = new IngressPipeline(CONFIG, sink, System::nanoTime);
        neverStarted.stop();
        assertEquals(SubmitResult.SHUTDOWN, neverStarted.trySubmit(tx, 0, tx.length, 1));
    }

    @Test
    void stopFromTheSinkIsRefusedRatherThanDeadlocking() {
        final AtomicReference<PipelineException> refused = new AtomicReference<>();
        final AtomicReference<IngressPipeline> self = new AtomicReference<>();
        final RecordingSink sink = new RecordingSink() {
            @Override
            public void onControl(final IngressEvent e) {
                try {
                    self.get().stop();
                } catch (final PipelineException ex) {
                    refused.set(ex);
                }
            }
        };
        final IngressPipeline p = start(CONFIG, sink);
        self.set(p);
        assertEquals(SubmitResult.ACCEPTED, p.publishControl(1, 0, null, 0, 30, TimeUnit.SECONDS));
        p.stop();
        assertEquals(PipelineError.STOP_FROM_PIPELINE_THREAD, refused.get().error());
    }

    @Test
    void badRangesAreTypedErrors() {
        final IngressPipeline p = start(CONFIG, new RecordingSink());
        final byte[] tx = new byte[10];
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> p.trySubmit(tx, 5, 6, 1)).error());
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> p.trySubmit(tx, -1, 2, 1)).error());
        assertEquals(ValidationError.WRONG_LENGTH,
            assertThrows(ValidationException.class, () -> p.trySubmit(new UnsafeBuffer(tx), 0, 11, 1)).error());
        assertEquals(ValidationError.INVALID_VALUE,
            assertThrows(ValidationException.class, () -> p.trySubmit((byte[]) null, 0, 0, 1)).error());
    }

    @Test
    void aThrowingSinkIsCountedAndTheRestStillArrive() {
        final RecordingSink sink = new RecordingSink() {
            @Override
            public void onTransaction(final IngressEvent e) {
                if (e.correlationId() == 5) {
                    throw new IllegalStateException("sink bug");
                }
                super.onTransaction(e);
            }
        };
        final IngressPipeline p = start(CONFIG, sink);
        for (int i = 0; i < 20; i++) {
            submit(p, TestTransactions.ED25519.get(i).encode(), i);
        }
        p.stop();
        assertEquals(19, sink.deliveries.size());
        assertEquals(1, p.errors(PipelineStage.ADMIT));
        assertEquals(0, p.errors(PipelineStage.DECODE) + p.errors(PipelineStage.VERIFY));
    }

    @Test
    void aVerifierThatFailsFallsBackToTheCpuWithoutLosingAnything() {
        final RecordingSink sink = new RecordingSink();
        final BatchVerifier broken = batch -> {
            throw new IllegalStateException("device lost");
        };
        final IngressPipeline p = new IngressPipeline(CONFIG, sink, worker -> broken, System::nanoTime);
        p.start();
        started.add(p);
        final List<Transaction> ed = TestTransactions.ED25519;
        for (int i = 0; i < 40; i++) {
            submit(p, i % 4 == 3 ? TestTransactions.badSignature(ed.get(i)) : ed.get(i).encode(), i);
        }
        p.stop();
        for (int i = 0; i < 40; i++) {
            assertEquals(i % 4 == 3 ? RejectReason.BAD_SIGNATURE : null, sink.byCorrelation(i).reason());
        }
        assertTrue(p.errors(PipelineStage.VERIFY) > 0);
    }

    @ParameterizedTest
    @EnumSource(WaitMode.class)
    void everyWaitModeDeliversEverything(final WaitMode mode) {
        final RecordingSink sink = new RecordingSink();
        final IngressPipeline p = start(CONFIG.withWaitMode(mode).withRingSize(16).withBatchSize(4), sink);
        for (int i = 0; i < 64; i++) {
            assertEquals(SubmitResult.ACCEPTED, submit(p, TestTransactions.ED25519.get(i).encode(), i));
        }
        p.stop();
        for (int i = 0; i < 64; i++) {
            assertNull(sink.byCorrelation(i).reason());
        }
    }
}
