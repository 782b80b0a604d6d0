package io.kairos.engine.ledger;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.SchemeId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flyweights must not allocate per transaction. Counts the bytes this thread allocates over
 * many iterations; a single allocation per iteration would show up as tens of kilobytes.
 */
class HotPathAllocationTest {
    private static final int ITERATIONS = 20_000;
    /** Slack for whatever the measurement itself allocates once; far below one byte per iteration. */
    private static final long SLACK_BYTES = 4_096;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void decodingAndEncodingAllocateNothing() {
        final Transaction tx = Transaction.transfer().chainId(7).nonce(1).fee(2).amount(3)
            .recipient(Address.of(new byte[20])).payload(new byte[40])
            .withSignature(SchemeId.ED25519, new byte[32], new byte[64]);
        final UnsafeBuffer in = new UnsafeBuffer(tx.encode());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer sig = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer recipient = new UnsafeBuffer(new byte[20]);
        final TransactionView view = new TransactionView();
        final TransactionEncoder encoder = new TransactionEncoder();
        final byte[] hash = new byte[32];

        long sink = 0;
        for (int round = 0; round < 2; round++) {
            final long before = allocatedBytes();
            for (int i = 0; i < ITERATIONS; i++) {
                assertNull(view.wrap(in, 0, in.capacity()));
                sink += view.nonce() + view.fee() + view.amount() + view.chainId() + view.payloadLength();
                view.copyRecipient(recipient, 0);
                view.hashInto(hash, 0);
                sink += encoder.wrap(out, 0).type(TxType.TRANSFER).scheme(SchemeId.ED25519).chainId(i).nonce(i)
                    .fee(i).amount(i).recipient(recipient, 0).publicKey(key, 0)
                    .payload(in, view.payloadOffset(), view.payloadLength()).signature(sig, 0).encodedLength();
                // Refusals must be as cheap as acceptances.
                assertEquals(ValidationError.TRUNCATED, view.wrap(in, 0, 100));
            }
            final long allocated = allocatedBytes() - before;
            // The first round warms up class loading and the thread's digest; only the second counts.
            if (round == 1) {
                assertTrue(allocated < SLACK_BYTES,
                    allocated + " bytes allocated over " + ITERATIONS + " transactions");
            }
        }
        assertTrue(sink != 0);
    }
}
