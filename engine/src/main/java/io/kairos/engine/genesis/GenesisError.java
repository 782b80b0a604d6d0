package io.kairos.engine.genesis;

/**
 * Why a genesis was refused. Codes are stable: tools such as {@code kairos init} and {@code kairos
 * inspect} may match on them.
 */
public enum GenesisError {
    /** The input is not well-formed JSON, or its top level is not an object. */
    MALFORMED_JSON,
    /** The input is larger than {@link GenesisJson#MAX_INPUT_BYTES}. */
    OVERSIZED,
    /** A JSON object names the same key twice. */
    DUPLICATE_KEY,
    /** {@code formatVersion} is not a version this build reads. */
    UNSUPPORTED_VERSION,
    /** A JSON object has a key the format does not define (usually a typo). */
    UNKNOWN_FIELD,
    /** A required field is absent (or, in the builder, was never set). */
    MISSING_FIELD,
    /** A field has the wrong JSON type, e.g. a number where a string is required. */
    WRONG_TYPE,
    /** A field has the right type but a value outside its rules. */
    INVALID_FIELD,
    /** The declared total supply is not the network's, or allocations plus stakes do not add up to it. */
    SUPPLY_MISMATCH,
    /** The validator list is empty. */
    NO_VALIDATORS,
    /** Two validators share a public key, an address or a name. */
    DUPLICATE_VALIDATOR,
    /** Two validators share a network address. */
    DUPLICATE_NETWORK_ADDRESS,
    /** Two allocations credit the same address. */
    DUPLICATE_ALLOCATION,
    /** The declared {@code genesisHash} is not the hash of the rest of the file. */
    HASH_MISMATCH
}
