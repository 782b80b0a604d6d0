package io.kairos.engine;

import io.kairos.engine.core.KairosException;
import io.kairos.engine.mempool.RejectReason;

/** A submitted transaction that was refused, or left the pool before it was included. */
public final class TransactionRejectedException extends KairosException {
    private final RejectReason reason;

    public TransactionRejectedException(final RejectReason reason) {
        super(reason.name() + ": " + describe(reason));
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    @Override
    public String code() {
        return reason.name();
    }

    private static String describe(final RejectReason reason) {
        return switch (reason) {
            case MALFORMED -> "the bytes are not a valid transaction";
            case OVERSIZED -> "the transaction is larger than the limit";
            case WRONG_CHAIN_ID -> "the transaction is for another chain";
            case BAD_SIGNATURE -> "the signature does not verify";
            case NONCE_TOO_LOW -> "the nonce has already been used";
            case NONCE_GAP_TOO_LARGE -> "the nonce is too far ahead of the sender's next nonce";
            case INSUFFICIENT_BALANCE -> "the sender cannot pay amount plus fee";
            case FEE_TOO_LOW -> "the fee is below the minimum";
            case DUPLICATE -> "the transaction is already pending";
            case REPLACEMENT_UNDERPRICED -> "a replacement must raise the fee by the configured bump";
            case POOL_FULL -> "the pool is full and this fee would be the lowest in it";
            case BUSY -> "the ingress is full; retry later";
            case REPLACED -> "replaced by a transaction with a higher fee";
            case EVICTED -> "evicted from the full pool as the lowest fee";
            case EXPIRED -> "not included within the pool's lifetime";
            case STALE -> "no longer executable (nonce used or balance spent)";
            case SHUTDOWN -> "the engine is shutting down";
        };
    }
}
