package io.kairos.engine.sequencer;

/** Why replaying the block store onto the genesis state failed. */
public enum ReplayError {
    /** The store claims a height but cannot produce that block. */
    MISSING_BLOCK,
    /** A block's parent hash, chain id or height does not follow the block before it. */
    BROKEN_CHAIN,
    /** A stored transaction does not decode. */
    MALFORMED_TRANSACTION,
    /** A stored transaction's bytes do not hash to the hash stored beside them. */
    TRANSACTION_HASH_MISMATCH,
    /** Re-executing a transaction gave another outcome than the stored receipt. */
    RECEIPT_MISMATCH,
    /** The state after re-executing a block does not have the root its header commits to. */
    STATE_ROOT_MISMATCH
}
