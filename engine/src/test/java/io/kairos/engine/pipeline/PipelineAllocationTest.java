package io.kairos.engine.pipeline;

import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.mempool.RejectReason;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static io.kairos.engine.pipeline.TestTransactions.CHAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingress hot path allocates nothing per transaction in steady state: copying into a slot,
 * decoding, batching for verification and admission. Measured with the allocation counter of the
 * thread running the code; one allocation per transaction would show as hundreds of kilobytes.
 * Signature checking itself is replaced by a verifier that accepts everything, because Bouncy
 * Castle allocates inside its verification, which is outside this code's control.
 */
class PipelineAllocationTest {
    private static final int ROUNDS = 300;
    private static final long SLACK_BYTES = 8_192;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static final BatchVerifier ACCEPT_ALL = batch -> {
        for (int i = 0; i < batch.size(); i++) {
            batch.setValid(i, true);
        }
    };

    /** Reads what a real sink reads, allocating nothing. */
    private static final class CountingSink implements IngressSink {
        long admitted;
        long rejected;
        long controls;
        long checksum;

        @Override
        public void onTransaction(final IngressEvent e) {
            admitted++;
            checksum += e.nonce() + e.fee() + e.senderBuffer().getByte(3) + e.hashBuffer().getByte(7);
        }

        @Override
        public void onRejected(final long correlationId, final RejectReason reason) {
            rejected++;
        }

        @Override
        public void onControl(final IngressEvent e) {
            controls++;
            checksum += e.value();
        }
    }

    @Test
    void copyDecodeVerifyDispatchAndAdmitAllocateNothing() {
        final ErrorCounters errors = new ErrorCounters();
        final DecodeStage decode = new DecodeStage(CodecLimits.DEFAULT, CHAIN, errors);
        final VerifyStage verify = new VerifyStage(0, 1, 32, ACCEPT_ALL, errors);
        final CountingSink sink = new CountingSink();
        final AdmitStage admit = new AdmitStage(sink, errors);
        final int slots = 64;
        final IngressEvent[] ring = new IngressEvent[slots];
        for (int i = 0; i < slots; i++) {
            ring[i] = new IngressEvent(CodecLimits.DEFAULT.maxTransactionBytes());
        }
        final byte[][] inputs = new byte[slots][];
        for (int i = 0; i < slots; i++) {
            inputs[i] = i % 8 == 3
                ? TestTransactions.wrongChain(i)
                : TestTransactions.ED25519.get(i).encode();
        }
        long sequence = 0;
        for (int pass = 0; pass < 2; pass++) {
            final long before = allocatedBytes();
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < slots; i++, sequence++) {
                    ring[i].loadTransaction(inputs[i], 0, inputs[i].length, sequence);
                    decode.onEvent(ring[i], sequence, i == slots - 1);
                }
                for (int i = 0; i < slots; i++) {
                    verify.onEvent(ring[i], sequence - slots + i, i == slots - 1);
                }
                for (int i = 0; i < slots; i++) {
                    admit.onEvent(ring[i], sequence - slots + i, i == slots - 1);
                }
            }
            final long allocated = allocatedBytes() - before;
            // The first pass grows the slots and warms class loading; only the second counts.
            if (pass == 1) {
                assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over " + ROUNDS * slots + " events");
            }
        }
        assertEquals(2L * ROUNDS * slots * 7 / 8, sink.admitted);
        assertEquals(2L * ROUNDS * slots / 8, sink.rejected);
        assertEquals(0, errors.total());
    }

    @Test
    void submittingAllocatesNothing() {
        final CountingSink sink = new CountingSink();
        final PipelineConfig config = PipelineConfig.defaults(CHAIN).withVerifierThreads(1).withRingSize(256);
        final IngressPipeline pipeline = new IngressPipeline(config, sink, worker -> ACCEPT_ALL, System::nanoTime);
        pipeline.start();
        // Small transactions only: a large one grows whichever slot it lands in, once per slot, and
        // which slots that is depends on timing.
        final byte[][] inputs = new byte[16][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = TestTransactions.ED25519.get(i * 16).encode();
        }
        long accepted = 0;
        for (int pass = 0; pass < 3; pass++) {
            final long before = allocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                final byte[] tx = inputs[i % inputs.length];
                if (pipeline.trySubmit(tx, 0, tx.length, i).accepted()) {
                    accepted++;
                }
                if (i % 64 == 0 && pipeline.tryPublishTick(i).accepted()) {
                    accepted++;
                }
            }
            if (pipeline.submit(inputs[0], 0, inputs[0].length, -1, 1, TimeUnit.SECONDS).accepted()) {
                accepted++;
            }
            final long allocated = allocatedBytes() - before;
            // Early passes run while the submit path is still being compiled; the last one counts.
            if (pass == 2) {
                assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over 20,000 submissions");
            }
        }
        pipeline.stop();
        assertEquals(accepted, sink.admitted + sink.controls, "everything accepted arrived");
        assertEquals(0, sink.rejected);
        assertEquals(0, pipeline.errors());
    }
}
