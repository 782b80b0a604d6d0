package io.kairos.engine;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.CommittedBlock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded engine end to end: real threads, real signatures, real blocks. */
class KairosEngineTest {
    private static final int ACCOUNTS = 8;
    private static final long FUNDS = Amounts.tokens(1_000);

    private final List<SigningKey> keys = new ArrayList<>();
    private SigningKey validator;
    private Genesis genesis;
    private KairosEngine engine;

    @BeforeEach
    void start() {
        validator = Ed25519Scheme.INSTANCE.fromSeed(seed(200));
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.parse("2026-11-21T00:00:00Z"))
            .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000), "127.0.0.1:7100");
        for (int i = 0; i < ACCOUNTS; i++) {
            final SigningKey k = Ed25519Scheme.INSTANCE.fromSeed(seed(i));
            keys.add(k);
            b.allocation(k.address(), FUNDS);
        }
        b.remainderTo(Ed25519Scheme.INSTANCE.fromSeed(seed(201)).address());
        genesis = b.build();
        engine = KairosEngine.builder(genesis)
            .validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
            .build();
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static byte[] seed(final int i) {
        final byte[] s = new byte[32];
        s[0] = (byte) i;
        s[31] = 7;
        return s;
    }

    private Transaction transfer(final int from, final long nonce, final Address to, final long amount, final long fee) {
        return Transaction.transfer().chainId(genesis.chainId()).nonce(nonce).fee(fee).recipient(to).amount(amount)
            .sign(keys.get(from));
    }

    @Test
    void aTransferCommitsWithAReceiptAndMovesFundsFeeAndReward() throws Exception {
        final Address to = keys.get(1).address();
        final Receipt r = engine.submit(transfer(0, 0, to, 500, 7)).get(10, TimeUnit.SECONDS);
        assertEquals(ReceiptStatus.SUCCESS, r.status());
        assertEquals(7, r.feeCharged());
        assertTrue(r.blockHeight() >= 1);

        assertEquals(FUNDS - 507, engine.balance(keys.get(0).address()).get(5, TimeUnit.SECONDS));
        assertEquals(FUNDS + 500, engine.balance(to).get(5, TimeUnit.SECONDS));
        assertEquals(1L, engine.nonce(keys.get(0).address()).get(5, TimeUnit.SECONDS));
        final long blocks = engine.height();
        assertEquals(blocks * genesis.blockReward() + 7, engine.balance(validator.address()).get(5, TimeUnit.SECONDS));

        final var found = engine.transaction(r.txHash()).get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(r, found.receipt());
        assertEquals(500, found.transaction().amount());

        final CommittedBlock block = engine.block(r.blockHeight()).get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(r.blockHeight(), block.height());
        // Decoding the stored block re-checks its transactions root against its body.
        assertEquals(block.transactionCount(), block.toBlock(CodecLimits.DEFAULT).transactions().size());
        assertEquals(block.height(), engine.blockByHash(block.hash()).get(5, TimeUnit.SECONDS).orElseThrow().height());
        assertTrue(engine.blockByHash(r.txHash())
            .get(5, TimeUnit.SECONDS).isEmpty(), "a transaction hash is not a block hash");
        assertTrue(engine.block(engine.height() + 1).get(5, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void everyHeaderCarriesTheStateRootAndAccountsProveAgainstIt() throws Exception {
        final Address to = keys.get(1).address();
        final Receipt r = engine.submit(transfer(0, 0, to, 500, 7)).get(10, TimeUnit.SECONDS);
        final CommittedBlock block = engine.block(r.blockHeight()).get(5, TimeUnit.SECONDS).orElseThrow();
        final io.kairos.engine.core.Hash headerRoot = block.header().stateRoot();
        // Nothing committed after it in this test: a full rebuild from the state equals the header's root.
        final io.kairos.engine.core.Hash rebuilt = engine.query(s -> io.kairos.engine.state.commitment.StateTree
            .fromAccounts(s.state().accountsSorted()).root()).get(5, TimeUnit.SECONDS);
        assertEquals(engine.height(), block.height());
        assertEquals(rebuilt, headerRoot);
        final io.kairos.engine.state.commitment.Proof proof =
            engine.query(s -> s.stateTree().prove(to)).get(5, TimeUnit.SECONDS);
        final var result = io.kairos.engine.state.commitment.ProofVerifier.verify(headerRoot, to, proof.encode());
        assertTrue(result.valid() && result.present());
        assertEquals(FUNDS + 500, result.balance());
        final Address nobody = Ed25519Scheme.INSTANCE.fromSeed(seed(99)).address();
        final var absent = io.kairos.engine.state.commitment.ProofVerifier.verify(headerRoot, nobody,
            engine.query(s -> s.stateTree().prove(nobody)).get(5, TimeUnit.SECONDS));
        assertTrue(absent.valid() && !absent.present());
    }

    @Test
    void rejectionsAreTypedAndLoseNothingAccepted() throws Exception {
        final Address to = keys.get(1).address();
        final Receipt ok = engine.submit(transfer(2, 0, to, 1, 1)).get(10, TimeUnit.SECONDS);
        assertEquals(ReceiptStatus.SUCCESS, ok.status());

        assertEquals(RejectReason.NONCE_TOO_LOW, reason(engine.submit(transfer(2, 0, to, 1, 1))));
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, reason(engine.submit(transfer(3, 0, to, FUNDS, 1))));
        assertEquals(RejectReason.FEE_TOO_LOW, reason(engine.submit(transfer(3, 0, to, 1, 0))));
        final Transaction other = Transaction.transfer().chainId(genesis.chainId() + 1).nonce(0).fee(1).recipient(to)
            .amount(1).sign(keys.get(3));
        assertEquals(RejectReason.WRONG_CHAIN_ID, reason(engine.submit(other)));
        final byte[] forged = transfer(3, 0, to, 1, 1).encode();
        forged[forged.length - 1] ^= 1;
        assertEquals(RejectReason.BAD_SIGNATURE, reason(engine.submit(forged)));
        assertEquals(RejectReason.MALFORMED, reason(engine.submit(new byte[] {1, 2, 3})));

        assertEquals(FUNDS - 2, engine.balance(keys.get(2).address()).get(5, TimeUnit.SECONDS));
        assertEquals(FUNDS, engine.balance(keys.get(3).address()).get(5, TimeUnit.SECONDS));
    }

    private static RejectReason reason(final CompletableFuture<Receipt> f) {
        final ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(TransactionRejectedException.class, e.getCause()).reason();
    }

    @Test
    void concurrentProducersGetExactlyOneOutcomeEachAndSupplyIsConserved() throws Exception {
        final int perAccount = 150;
        final ConcurrentLinkedQueue<CompletableFuture<Receipt>> futures = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            final int from = a;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < perAccount; n++) {
                    final Transaction tx = transfer(from, n, keys.get((from + 1) % ACCOUNTS).address(), 3, 2);
                    CompletableFuture<Receipt> f;
                    do {
                        f = engine.submit(tx);
                    } while (busy(f));
                    futures.add(f);
                }
            }));
        }
        for (final Thread t : threads) {
            t.join();
        }
        final AtomicLong committed = new AtomicLong();
        for (final CompletableFuture<Receipt> f : futures) {
            assertEquals(ReceiptStatus.SUCCESS, f.get(30, TimeUnit.SECONDS).status());
            committed.incrementAndGet();
        }
        assertEquals((long) ACCOUNTS * perAccount, committed.get());
        for (final SigningKey k : keys) {
            assertEquals((long) perAccount, engine.nonce(k.address()).get(5, TimeUnit.SECONDS));
            assertEquals(FUNDS - perAccount * 2L, engine.balance(k.address()).get(5, TimeUnit.SECONDS));
        }
        final long audited = engine.query(s -> s.executor().auditSupply()).get(5, TimeUnit.SECONDS);
        assertEquals(genesis.totalSupply() + engine.height() * genesis.blockReward(), audited);
    }

    @Test
    void aBoundedWaitSubmitRidesOutAFullRingWhereTrySubmitAnswersBusy() throws Exception {
        engine.close();
        engine = KairosEngine.builder(genesis)
            .validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
            .pipeline(io.kairos.engine.pipeline.PipelineConfig.defaults(genesis.chainId()).withRingSize(8))
            .build();
        engine.start();
        final List<CompletableFuture<Receipt>> waited = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            waited.add(engine.submit(transfer(7, n, keys.get(0).address(), 1, 1), 5, TimeUnit.SECONDS));
        }
        for (final CompletableFuture<Receipt> f : waited) {
            assertEquals(ReceiptStatus.SUCCESS, f.get(30, TimeUnit.SECONDS).status());
        }
        // The same burst without waiting meets the full 8-slot ring: some submissions are answered BUSY
        // at once. (Later nonces of that sender then wait in the pool for their gap, as they should.)
        final List<byte[]> burst = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            burst.add(transfer(6, n, keys.get(0).address(), 1, 1).encode());
        }
        int busy = 0;
        for (final byte[] encoded : burst) {
            final CompletableFuture<Receipt> f = engine.submit(encoded);
            if (f.isCompletedExceptionally()) {
                final ExecutionException e = assertThrows(ExecutionException.class, f::get);
                final RejectReason r = assertInstanceOf(TransactionRejectedException.class, e.getCause()).reason();
                // A nonce far past an earlier BUSY gap may already be refused by the pool by now.
                assertTrue(r == RejectReason.BUSY || r == RejectReason.NONCE_GAP_TOO_LARGE, "unexpected " + r);
                busy += r == RejectReason.BUSY ? 1 : 0;
            }
        }
        assertTrue(busy > 0, "an 8-slot ring must fill under a 300-transaction burst");
    }

    private static boolean busy(final CompletableFuture<Receipt> f) {
        if (!f.isCompletedExceptionally()) {
            return false;
        }
        try {
            f.join();
            return false;
        } catch (final RuntimeException e) {
            if (e.getCause() instanceof TransactionRejectedException r && r.reason() == RejectReason.BUSY) {
                Thread.onSpinWait();
                return true;
            }
            return false;
        }
    }

    @Test
    void listenersSeeEveryBlockInOrderAndEveryReceipt() throws Exception {
        final List<Long> heights = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Receipt> receipts = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.onBlock(b -> heights.add(b.height()));
        engine.onReceipt(receipts::add);
        engine.onBlock(b -> {
            throw new IllegalStateException("a broken listener must not stop the engine");
        });
        final List<CompletableFuture<Receipt>> fs = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            fs.add(engine.submit(transfer(4, n, keys.get(5).address(), 1, 1)));
        }
        for (final CompletableFuture<Receipt> f : fs) {
            f.get(10, TimeUnit.SECONDS);
        }
        final long top = engine.height();
        // The callback thread is FIFO: a query answered after the last block is delivered after its
        // listeners have run.
        engine.query(s -> s.height()).get(5, TimeUnit.SECONDS);
        assertEquals(20, receipts.size());
        for (int i = 1; i < heights.size(); i++) {
            assertEquals(heights.get(i - 1) + 1, heights.get(i));
        }
        assertEquals(top, heights.getLast());
        assertTrue(engine.listenerErrors() >= heights.size());
    }

    @Test
    void closingFailsWhatIsStillPendingAndRefusesNewWork() throws Exception {
        final CompletableFuture<Receipt> gap = engine.submit(transfer(6, 5, keys.get(7).address(), 1, 1));
        engine.query(s -> s.height()).get(5, TimeUnit.SECONDS);
        engine.close();
        assertEquals(RejectReason.SHUTDOWN, reason(gap));
        assertEquals(RejectReason.SHUTDOWN, reason(engine.submit(transfer(6, 0, keys.get(7).address(), 1, 1))));
    }
}
