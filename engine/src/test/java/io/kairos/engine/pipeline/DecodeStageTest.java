package io.kairos.engine.pipeline;

import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TxType;
import io.kairos.engine.mempool.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.kairos.engine.pipeline.TestTransactions.CHAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Stage (1) run by hand on the test thread. */
class DecodeStageTest {
    private final ErrorCounters errors = new ErrorCounters();
    private final DecodeStage decode = new DecodeStage(CodecLimits.DEFAULT, CHAIN, errors);

    private IngressEvent decoded(final byte[] tx) {
        final IngressEvent e = new IngressEvent(CodecLimits.DEFAULT.maxTransactionBytes());
        e.loadTransaction(tx, 0, tx.length, 42);
        decode.onEvent(e, 0, true);
        return e;
    }

    @Test
    void aValidTransactionGetsSenderHashFieldsAndContiguousSigningBytes() {
        for (final Transaction tx : java.util.List.of(TestTransactions.ED25519.get(5), TestTransactions.ED25519.get(6),
            TestTransactions.ML_DSA.get(1))) {
            final IngressEvent e = decoded(tx.encode());
            assertNull(e.rejectReason());
            assertEquals(tx.sender(), e.sender());
            assertEquals(tx.hash(), e.hash());
            assertEquals(tx.scheme(), e.scheme());
            assertEquals(TxType.TRANSFER, e.type());
            assertEquals(tx.nonce(), e.nonce());
            assertEquals(tx.fee(), e.fee());
            assertEquals(tx.amount(), e.amount());
            assertEquals(42, e.correlationId());
            assertArrayEquals(tx.signingBytes(), Arrays.copyOf(e.bytes(), e.signingLength()),
                "the signing bytes lie in place in front of the transaction");
            assertArrayEquals(tx.encode(), Arrays.copyOfRange(e.bytes(), e.transactionOffset(),
                e.transactionOffset() + e.transactionLength()));
        }
        assertEquals(0, errors.total());
    }

    @Test
    void undecodableBytesAreMalformed() {
        assertEquals(RejectReason.MALFORMED, decoded(TestTransactions.truncated(TestTransactions.ED25519.get(0)))
            .rejectReason());
        assertEquals(RejectReason.MALFORMED, decoded(new byte[0]).rejectReason());
        assertEquals(RejectReason.MALFORMED, decoded(new byte[] {9, 9, 9}).rejectReason());
    }

    @Test
    void aPayloadOverTheLimitIsOversized() {
        final CodecLimits small = new CodecLimits(100, CodecLimits.DEFAULT.maxTransactionBytes(), 10, 1 << 20);
        final DecodeStage strict = new DecodeStage(small, CHAIN, errors);
        final byte[] tx = TestTransactions.ED25519.get(5).encode();
        final IngressEvent e = new IngressEvent(small.maxTransactionBytes());
        e.loadTransaction(tx, 0, tx.length, 1);
        strict.onEvent(e, 0, true);
        assertEquals(RejectReason.OVERSIZED, e.rejectReason());
    }

    @Test
    void anotherChainsTransactionIsRefused() {
        assertEquals(RejectReason.WRONG_CHAIN_ID, decoded(TestTransactions.wrongChain(3)).rejectReason());
    }

    @Test
    void controlEventsAreLeftAlone() {
        final IngressEvent e = new IngressEvent(1000);
        e.loadControl(EventKind.CONTROL, 3, 4, "x", 5);
        decode.onEvent(e, 0, true);
        assertNull(e.rejectReason());
        assertEquals("x", e.attachment());
    }

    @Test
    void aSlotReusedForASmallerTransactionForgetsTheOldOne() {
        final IngressEvent e = new IngressEvent(CodecLimits.DEFAULT.maxTransactionBytes());
        final byte[] big = TestTransactions.ED25519.get(5).encode();
        final byte[] bad = TestTransactions.truncated(TestTransactions.ED25519.get(1));
        e.loadTransaction(bad, 0, bad.length, 1);
        decode.onEvent(e, 0, true);
        assertEquals(RejectReason.MALFORMED, e.rejectReason());
        e.loadTransaction(big, 0, big.length, 2);
        decode.onEvent(e, 1, true);
        assertNull(e.rejectReason());
        final Transaction small = TestTransactions.ED25519.get(2);
        final byte[] sb = small.encode();
        e.loadTransaction(sb, 0, sb.length, 3);
        decode.onEvent(e, 2, true);
        assertNull(e.rejectReason());
        assertEquals(small.hash(), e.hash());
        assertEquals(sb.length, e.transactionLength());
    }
}
