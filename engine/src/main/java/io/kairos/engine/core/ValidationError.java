package io.kairos.engine.core;

/** Why an encoded value, key or signature was refused. Codes are stable: clients may match on them. */
public enum ValidationError {
    /** A field or buffer does not have the length its type requires. */
    WRONG_LENGTH,
    /** The input ends before the structure is complete. */
    TRUNCATED,
    /** Bytes remain after a complete structure. */
    TRAILING_BYTES,
    /** The encoding version byte is not one this build understands. */
    UNKNOWN_VERSION,
    /** The signature scheme tag is not known. */
    UNKNOWN_SCHEME,
    /** The transaction type is not known. */
    UNKNOWN_TYPE,
    /** A reserved field or flag is not zero. */
    RESERVED_NOT_ZERO,
    /** An amount, fee or count is negative or out of range. */
    INVALID_AMOUNT,
    /** An arithmetic step on amounts would overflow. */
    AMOUNT_OVERFLOW,
    /** The input is larger than the configured limit. */
    OVERSIZED,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** The chain id is not this chain's. */
    WRONG_CHAIN_ID,
    /** A public key is not a valid key of its scheme. */
    INVALID_PUBLIC_KEY,
    /** Text is not valid hexadecimal or not the expected form. */
    INVALID_ENCODING,
    /** A value violates a rule of its type not covered above. */
    INVALID_VALUE
}
