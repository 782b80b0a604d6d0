package io.kairos.engine.mempool;

/**
 * Why a submitted transaction was not accepted, or why it later left the pool without being
 * included. Codes are stable: the RPC layer and embedders match on them.
 */
public enum RejectReason {
    /** The bytes do not decode as a transaction (see the codec's ValidationError for details). */
    MALFORMED,
    /** Larger than the configured transaction size limit. */
    OVERSIZED,
    /** Signed for another chain. */
    WRONG_CHAIN_ID,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** The sender's nonce has already been used. */
    NONCE_TOO_LOW,
    /** The nonce is further ahead of the sender's next nonce than the pool keeps as future. */
    NONCE_GAP_TOO_LARGE,
    /** The sender cannot pay amount plus fee (counting its pending transactions). */
    INSUFFICIENT_BALANCE,
    /** The fee is below the pool's minimum. */
    FEE_TOO_LOW,
    /** The same transaction (same hash) is already in the pool. */
    DUPLICATE,
    /** Same sender and nonce as a pooled transaction, without a fee at least 10% higher. */
    REPLACEMENT_UNDERPRICED,
    /** The pool is at its byte or count cap and this transaction would be the cheapest in it. */
    POOL_FULL,
    /** The ingress ring is full; retry later. */
    BUSY,
    /** Left the pool: replaced by a higher-fee transaction of the same sender and nonce. */
    REPLACED,
    /** Left the pool: evicted as the lowest fee when the pool was full. */
    EVICTED,
    /** Left the pool: older than the configured lifetime. */
    EXPIRED,
    /** Left the pool: no longer executable (nonce used or balance spent by another transaction). */
    STALE,
    /** The engine is shutting down. */
    SHUTDOWN
}
