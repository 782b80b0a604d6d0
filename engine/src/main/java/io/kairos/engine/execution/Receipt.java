package io.kairos.engine.execution;

import io.kairos.engine.core.Hash;

/**
 * The immutable receipt of one transaction, made on demand from a {@link ReceiptBuffer} for the API
 * layer (the execution path itself writes only into the buffer). Thread-safe.
 *
 * @param txHash      the transaction hash
 * @param blockHeight the height of the block that included it
 * @param index       its position in the block, from 0
 * @param status      what happened
 * @param feeCharged  units paid to the proposer; 0 unless {@code status} is {@link ReceiptStatus#SUCCESS}
 */
public record Receipt(Hash txHash, long blockHeight, int index, ReceiptStatus status, long feeCharged) {
}
