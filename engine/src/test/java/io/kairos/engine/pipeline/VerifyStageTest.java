package io.kairos.engine.pipeline;

import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.crypto.CpuBatchVerifier;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.Secp256k1EthScheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.crypto.VerificationBatch;
import io.kairos.engine.eth.EthTransactionRequest;
import io.kairos.engine.eth.EthTransactions;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.RejectReason;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static io.kairos.engine.pipeline.TestTransactions.CHAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stage (2) run by hand on the test thread: batching, ownership by sequence, failure isolation. */
class VerifyStageTest {
    private final ErrorCounters errors = new ErrorCounters();
    private final DecodeStage decode = new DecodeStage(CodecLimits.DEFAULT, CHAIN, errors);

    /** Records each batch's size before delegating. */
    private static final class Recording implements BatchVerifier {
        final List<Integer> sizes = new ArrayList<>();
        final BatchVerifier delegate = new CpuBatchVerifier();

        @Override
        public void verify(final VerificationBatch batch) {
            sizes.add(batch.size());
            delegate.verify(batch);
        }
    }

    private IngressEvent decoded(final byte[] tx, final long correlation) {
        final IngressEvent e = new IngressEvent(CodecLimits.DEFAULT.maxTransactionBytes());
        e.loadTransaction(tx, 0, tx.length, correlation);
        decode.onEvent(e, correlation, false);
        return e;
    }

    @Test
    void oneBatchMixingGoodAndBadFailsOnlyTheBad() {
        final Recording verifier = new Recording();
        final VerifyStage stage = new VerifyStage(0, 1, 64, verifier, errors);
        final List<Transaction> ed = TestTransactions.ED25519;
        final IngressEvent[] events = {
            decoded(ed.get(0).encode(), 0),
            decoded(TestTransactions.badSignature(ed.get(1)), 1),
            decoded(TestTransactions.ML_DSA.get(0).encode(), 2),
            decoded(TestTransactions.badSignature(TestTransactions.ML_DSA.get(1)), 3),
            decoded(TestTransactions.truncated(ed.get(2)), 4),
            decoded(ed.get(5).encode(), 5),
        };
        for (int i = 0; i < events.length; i++) {
            stage.onEvent(events[i], i, i == events.length - 1);
        }
        assertEquals(List.of(5), verifier.sizes, "one batch, without the undecodable event");
        assertTrue(events[0].signatureValid());
        assertNull(events[0].rejectReason());
        assertEquals(RejectReason.BAD_SIGNATURE, events[1].rejectReason());
        assertNull(events[2].rejectReason());
        assertEquals(RejectReason.BAD_SIGNATURE, events[3].rejectReason());
        assertEquals(RejectReason.MALFORMED, events[4].rejectReason());
        assertFalse(events[4].signatureChecked());
        assertNull(events[5].rejectReason());
        assertEquals(0, errors.total());
    }

    @Test
    void ethereumTransactionsAreCheckedWholeOutsideTheBatchEvenUnderAPermissiveVerifier() {
        final Recording verifier = new Recording();
        final BatchVerifier acceptAll = batch -> {
            verifier.sizes.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.setValid(i, true);
            }
        };
        final VerifyStage stage = new VerifyStage(0, 1, 64, acceptAll, errors, CodecLimits.DEFAULT);
        final SigningKey eth = Secp256k1EthScheme.INSTANCE.fromSeed(TestTransactions.filled(32, 0x61));
        final Transaction good = Transaction.transfer().chainId(CHAIN).nonce(0).fee(21_000)
            .recipient(TestTransactions.TO).amount(5).sign(eth);
        final Transaction richer = Transaction.transfer().chainId(CHAIN).nonce(0).fee(21_000)
            .recipient(TestTransactions.TO).amount(6).payload(good.payload())
            .withSignature(SchemeId.SECP256K1_ETH, good.publicKey(), good.signature());
        final byte[] call = EthTransactions.sign(EthTransactionRequest.eip1559(CHAIN, 0, BigInteger.ONE,
            BigInteger.ONE, 21_000, TestTransactions.TO, BigInteger.ZERO).withData(new byte[] {1}), eth);
        final Transaction withCall = Transaction.transfer().chainId(CHAIN).nonce(0).fee(good.fee())
            .recipient(TestTransactions.TO).amount(5).payload(call)
            .withSignature(SchemeId.SECP256K1_ETH, good.publicKey(), good.signature());
        final IngressEvent[] events = {decoded(good.encode(), 0), decoded(richer.encode(), 1),
            decoded(withCall.encode(), 2), decoded(TestTransactions.ED25519.get(0).encode(), 3)};
        for (int i = 0; i < events.length; i++) {
            stage.onEvent(events[i], i, i == events.length - 1);
        }
        assertEquals(List.of(1), verifier.sizes, "only the Ed25519 transaction enters the batch");
        assertNull(events[0].rejectReason());
        assertTrue(events[0].signatureValid());
        assertEquals(good.hash(), io.kairos.engine.core.Hash.of(events[0].hashBytes()));
        assertEquals(RejectReason.BAD_SIGNATURE, events[1].rejectReason());
        assertEquals(RejectReason.MALFORMED, events[2].rejectReason());
        assertNull(events[3].rejectReason());
        assertEquals(0, errors.total());
    }

    @Test
    void aWorkerTakesOnlyItsOwnSequencesAndFlushesWhenFullOrAtBatchEnd() {
        final Recording verifier = new Recording();
        final VerifyStage worker1 = new VerifyStage(1, 3, 2, verifier, errors);
        final IngressEvent[] events = new IngressEvent[10];
        for (int i = 0; i < events.length; i++) {
            events[i] = decoded(TestTransactions.ED25519.get(i).encode(), i);
            worker1.onEvent(events[i], i, i == events.length - 1);
        }
        // Sequences 1, 4, 7 are worker 1's: a full batch of two, then the rest at the batch end.
        assertEquals(List.of(2, 1), verifier.sizes);
        for (int i = 0; i < events.length; i++) {
            assertEquals(i % 3 == 1, events[i].signatureChecked(), "sequence " + i);
        }
    }

    @Test
    void aVerifierThatThrowsFallsBackItemByItem() {
        final BatchVerifier broken = batch -> {
            throw new IllegalStateException("device lost");
        };
        final VerifyStage stage = new VerifyStage(0, 1, 8, broken, errors);
        final IngressEvent good = decoded(TestTransactions.ED25519.get(3).encode(), 0);
        final IngressEvent bad = decoded(TestTransactions.badSignature(TestTransactions.ED25519.get(4)), 1);
        stage.onEvent(good, 0, false);
        stage.onEvent(bad, 1, true);
        assertTrue(good.signatureValid());
        assertNull(good.rejectReason());
        assertEquals(RejectReason.BAD_SIGNATURE, bad.rejectReason());
        assertEquals(1, errors.get(PipelineStage.VERIFY));
    }
}
