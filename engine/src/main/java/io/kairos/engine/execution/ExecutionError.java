package io.kairos.engine.execution;

/** Why {@link BlockExecutor} refused a call: the block given to it breaks a rule of block execution. */
public enum ExecutionError {
    /** A block was begun while another was still open, or a transaction or end came with no block open. */
    BLOCK_SEQUENCE,
    /** The block's height is not above the height of the last executed block. */
    HEIGHT_NOT_INCREASING,
    /** The block holds more transactions than the genesis allows (the receipt buffer's capacity). */
    TOO_MANY_TRANSACTIONS,
    /** A transaction view was not wrapped around a valid encoding. */
    INVALID_TRANSACTION_VIEW
}
