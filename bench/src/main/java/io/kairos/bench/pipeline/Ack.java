package io.kairos.bench.pipeline;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.execution.ReceiptStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What {@link LedgerService} answers for each committed transaction, {@value #LENGTH} bytes on the
 * wire: the outcome (1 byte), its code (1 byte: the ordinal of the {@link ValidationError} or
 * {@link ReceiptStatus} the outcome names) and the transaction's hash (32 bytes, zero when the bytes
 * did not decode). An immutable value.
 */
record Ack(Outcome outcome, int code, Hash hash) {
    static final int LENGTH = 2 + Hash.LENGTH;

    enum Outcome {
        /** Executed with {@link ReceiptStatus#SUCCESS}. */
        APPLIED,
        /** Executed and refused by the ledger rules; the code is a {@link ReceiptStatus}. */
        NOT_APPLIED,
        /** Decoded but refused before execution (chain id, signature); the code is a {@link ValidationError}. */
        INVALID,
        /** Did not decode; the code is a {@link ValidationError}. */
        MALFORMED
    }

    /** The name of the code: a {@link ReceiptStatus} or {@link ValidationError} constant. */
    String reason() {
        return switch (outcome) {
            case APPLIED, NOT_APPLIED -> ReceiptStatus.values()[code].name();
            case INVALID, MALFORMED -> ValidationError.values()[code].name();
        };
    }

    static void write(final MutableDirectBuffer dst, final Outcome outcome, final int code, final DirectBuffer hash) {
        dst.putByte(0, (byte) outcome.ordinal());
        dst.putByte(1, (byte) code);
        dst.putBytes(2, hash, 0, Hash.LENGTH);
    }

    /**
     * Reads one acknowledgement.
     *
     * @throws IllegalArgumentException if the bytes are not an acknowledgement this service writes
     */
    static Ack read(final DirectBuffer src, final int offset, final int length) {
        if (length != LENGTH) {
            throw new IllegalArgumentException("an acknowledgement is " + LENGTH + " bytes, got " + length);
        }
        final int outcome = src.getByte(offset);
        final int code = src.getByte(offset + 1);
        if (outcome < 0 || outcome >= Outcome.values().length || code < 0) {
            throw new IllegalArgumentException("not an acknowledgement: outcome " + outcome + ", code " + code);
        }
        return new Ack(Outcome.values()[outcome], code, Hash.read(src, offset + 2));
    }
}
