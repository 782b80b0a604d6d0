package io.kairos.engine.ledger;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

/**
 * Size limits every decoder enforces before it trusts a length read from the input, so that a
 * hostile length field can never make a node allocate or scan more than the operator allowed.
 * Immutable and thread-safe.
 *
 * @param maxPayloadBytes      the largest transaction payload
 * @param maxTransactionBytes  the largest encoded transaction, signature included
 * @param maxBlockTransactions the most transactions in one block
 * @param maxBlockBytes        the largest encoded block, header included
 */
public record CodecLimits(int maxPayloadBytes, int maxTransactionBytes, int maxBlockTransactions,
                          int maxBlockBytes) {
    /** 64 KiB payloads, 128 KiB transactions, 65,536 transactions and 16 MiB per block. */
    public static final CodecLimits DEFAULT = new CodecLimits(64 * 1024, 128 * 1024, 65_536, 16 * 1024 * 1024);

    public CodecLimits {
        if (maxPayloadBytes < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "maxPayloadBytes must be 0 or more, got " + maxPayloadBytes);
        }
        final int largestEmpty = TransactionLayout.largestFixedLength();
        if (maxTransactionBytes < largestEmpty) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "maxTransactionBytes must be at least " + largestEmpty
                    + " (an ML-DSA-44 transaction without payload), got " + maxTransactionBytes);
        }
        if (maxBlockTransactions < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "maxBlockTransactions must be 0 or more, got " + maxBlockTransactions);
        }
        if (maxBlockBytes < BlockHeader.LENGTH) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "maxBlockBytes must be at least the header length " + BlockHeader.LENGTH + ", got " + maxBlockBytes);
        }
    }
}
