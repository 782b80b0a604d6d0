package io.kairos.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.crypto.CpuBatchVerifier;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.VerificationBatch;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionVerifier;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.mempool.RejectReason;

import java.util.Arrays;

/**
 * Stage (2), worker {@code id} of {@code workers}: takes the transactions whose ring sequence is
 * {@code id} modulo {@code workers} and that the decode stage passed, gathers them into a
 * {@link VerificationBatch} (referencing the slots' bytes, copying nothing) and hands the batch to
 * its {@link BatchVerifier} when the batch is full or the Disruptor batch ends, so no event waits
 * for more input. A failing signature marks only its own event {@code BAD_SIGNATURE}.
 *
 * <p>Never lets an exception escape: the Disruptor publishes this worker's sequence at the end of a
 * batch, and an escaping exception would publish events still waiting in the verification batch.
 * If the verifier throws, the items are re-verified one by one on the CPU; an item that fails even
 * then is rejected as {@code MALFORMED}.
 *
 * <p>Runs on {@code kairos-verify-<id>}; not thread-safe.
 */
final class VerifyStage implements EventHandler<IngressEvent> {
    private final int id;
    private final int workers;
    private final BatchVerifier verifier;
    private final ErrorCounters errors;
    private final VerificationBatch batch;
    private final IngressEvent[] pending;
    private final VerificationBatch single = new VerificationBatch(1);
    private final CpuBatchVerifier fallback = new CpuBatchVerifier();
    private final TransactionView view;
    private final TransactionVerifier ethVerifier;

    VerifyStage(final int id, final int workers, final int batchSize, final BatchVerifier verifier,
                final ErrorCounters errors) {
        this(id, workers, batchSize, verifier, errors, CodecLimits.DEFAULT);
    }

    VerifyStage(final int id, final int workers, final int batchSize, final BatchVerifier verifier,
                final ErrorCounters errors, final CodecLimits limits) {
        this.view = new TransactionView(limits);
        this.ethVerifier = new TransactionVerifier(limits);
        this.id = id;
        this.workers = workers;
        this.verifier = verifier;
        this.errors = errors;
        this.batch = new VerificationBatch(batchSize);
        this.pending = new IngressEvent[batchSize];
    }

    @Override
    public void onEvent(final IngressEvent event, final long sequence, final boolean endOfBatch) {
        if (sequence % workers == id && event.kind() == EventKind.TRANSACTION && !event.cancelled()
            && event.rejectReason() == null) {
            if (event.scheme() == SchemeId.SECP256K1_ETH) {
                verifyEthereum(event);
            } else {
                try {
                    pending[add(batch, event)] = event;
                } catch (final Throwable e) {
                    errors.increment(PipelineStage.VERIFY);
                    event.reject(RejectReason.MALFORMED);
                }
                if (batch.isFull()) {
                    flush();
                }
            }
        }
        if (endOfBatch) {
            flush();
        }
    }

    /**
     * A secp256k1-eth transaction is not a plain signature over the signing bytes: its payload must be a
     * signed Ethereum transaction from which every field derives, which only the transaction verifier
     * checks. It is verified here, alone, and never enters the batch. A payload that is no acceptable
     * Ethereum transfer (data, contract creation, sub-unit value...) is {@code MALFORMED}.
     */
    private void verifyEthereum(final IngressEvent event) {
        try {
            final ValidationError wrap = view.wrap(event.buffer(), IngressEvent.TRANSACTION_OFFSET,
                event.transactionLength());
            // The decode stage has already checked the Kairos chain id; the payload's is checked against it.
            final ValidationError error = wrap != null ? wrap : ethVerifier.check(view, view.chainId());
            if (error == null || error == ValidationError.BAD_SIGNATURE) {
                event.verified(error == null);
            } else {
                event.reject(switch (error) {
                    case WRONG_CHAIN_ID -> RejectReason.WRONG_CHAIN_ID;
                    case OVERSIZED -> RejectReason.OVERSIZED;
                    default -> RejectReason.MALFORMED;
                });
            }
        } catch (final Throwable e) {
            errors.increment(PipelineStage.VERIFY);
            event.reject(RejectReason.MALFORMED);
        }
    }

    private static int add(final VerificationBatch to, final IngressEvent event) {
        final byte[] bytes = event.bytes();
        final int signatureOffset = IngressEvent.TRANSACTION_OFFSET + event.transactionLength()
            - TransactionLayout.signatureLength(event.scheme());
        return to.add(event.scheme(), bytes, IngressEvent.TRANSACTION_OFFSET + TransactionLayout.FIXED_LENGTH,
            bytes, 0, event.signingLength(), bytes, signatureOffset);
    }

    /** Verifies what is pending and records each result on its event; visible for tests. */
    void flush() {
        final int n = batch.size();
        if (n == 0) {
            return;
        }
        try {
            verifier.verify(batch);
            for (int i = 0; i < n; i++) {
                pending[i].verified(batch.isValid(i));
            }
        } catch (final Throwable e) {
            errors.increment(PipelineStage.VERIFY);
            for (int i = 0; i < n; i++) {
                verifyAlone(pending[i]);
            }
        } finally {
            batch.clear();
            Arrays.fill(pending, 0, n, null);
        }
    }

    private void verifyAlone(final IngressEvent event) {
        try {
            single.clear();
            add(single, event);
            fallback.verify(single);
            event.verified(single.isValid(0));
        } catch (final Throwable e) {
            errors.increment(PipelineStage.VERIFY);
            event.reject(RejectReason.MALFORMED);
        }
    }
}
