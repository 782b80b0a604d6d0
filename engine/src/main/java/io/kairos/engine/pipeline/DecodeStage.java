package io.kairos.engine.pipeline;

import io.kairos.engine.crypto.AddressDeriver;
import com.lmax.disruptor.EventHandler;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.RejectReason;


/**
 * Stage (1): decodes each transaction and runs the checks that need no signature and no state:
 * encoding and size ({@link TransactionView#wrap}), chain id. For a transaction that passes it writes
 * the signing prefix in front of the bytes, derives the sender address and computes the hash, each
 * once, into the event's own arrays. Allocates nothing, except to derive the Ethereum address of a
 * {@code secp256k1-eth} sender (a point decompression).
 *
 * <p>Runs on {@code kairos-decode}; not thread-safe.
 */
final class DecodeStage implements EventHandler<IngressEvent> {
    private static final byte[] SIGNING_TAG = Hashing.Domain.TRANSACTION_SIGNING.tag();

    private final TransactionView view;
    private final long chainId;
    private final ErrorCounters errors;
    private final AddressDeriver addresses = new AddressDeriver();

    DecodeStage(final CodecLimits limits, final long chainId, final ErrorCounters errors) {
        this.view = new TransactionView(limits);
        this.chainId = chainId;
        this.errors = errors;
    }

    @Override
    public void onEvent(final IngressEvent event, final long sequence, final boolean endOfBatch) {
        if (event.kind() != EventKind.TRANSACTION || event.cancelled()) {
            return;
        }
        try {
            decode(event);
        } catch (final RuntimeException e) {
            errors.increment(PipelineStage.DECODE);
            event.reject(RejectReason.MALFORMED);
        }
    }

    void decode(final IngressEvent event) {
        final ValidationError error = view.wrap(event.buffer(), IngressEvent.TRANSACTION_OFFSET,
            event.transactionLength());
        if (error != null) {
            event.reject(error == ValidationError.OVERSIZED ? RejectReason.OVERSIZED : RejectReason.MALFORMED);
            return;
        }
        final long txChainId = view.chainId();
        if (txChainId != chainId) {
            event.reject(RejectReason.WRONG_CHAIN_ID);
            return;
        }
        final byte[] bytes = event.bytes();
        // The signing bytes are tag || chain id (little-endian) || unsigned encoding; writing the
        // prefix just before the encoding makes them one slice the verifier reads in place.
        System.arraycopy(SIGNING_TAG, 0, bytes, 0, SIGNING_TAG.length);
        event.mutableBuffer().putLong(SIGNING_TAG.length, txChainId, TransactionLayout.ORDER);
        final SchemeId scheme = view.scheme();
        addresses.derive(scheme, bytes, view.publicKeyOffset(), view.publicKeyLength(), event.senderBytes(), 0);
        view.hashInto(event.hashBytes(), 0);
        event.decoded(scheme, view.type(), view.nonce(), view.fee(), view.amount(), view.signingBytesLength());
    }
}
