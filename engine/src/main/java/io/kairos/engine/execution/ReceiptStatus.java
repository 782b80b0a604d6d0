package io.kairos.engine.execution;

/**
 * The outcome of one transaction in an executed block. Codes are stable: receipts, the RPC layer
 * and embedders match on them. Every status other than {@link #SUCCESS} means the transaction
 * changed nothing and paid no fee.
 */
public enum ReceiptStatus {
    /** Applied: amount moved, fee paid to the proposer, sender nonce advanced. */
    SUCCESS,
    /** The transaction's nonce is not the sender's next nonce. */
    NONCE_MISMATCH,
    /** The sender's balance is below amount plus fee (or that sum overflows). */
    INSUFFICIENT_BALANCE,
    /** A transaction type this build does not execute. */
    UNSUPPORTED_TYPE;

    private static final ReceiptStatus[] VALUES = values();

    static ReceiptStatus ofOrdinal(final int ordinal) {
        return VALUES[ordinal];
    }
}
