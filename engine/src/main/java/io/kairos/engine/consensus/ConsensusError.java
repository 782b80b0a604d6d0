package io.kairos.engine.consensus;

/**
 * Why consensus refused an input or an action. Every refusal of an incoming message is counted under
 * one of these codes ({@link ConsensusCore#refusals(ConsensusError)}); the codes are stable.
 */
public enum ConsensusError {
    /** The message is longer than the configured maximum (checked before decoding). */
    OVERSIZED,
    /** The bytes are not a well-formed message: truncated, trailing bytes, unknown type or field. */
    MALFORMED,
    /** The signer index is not a member of the validator set. */
    NOT_A_VALIDATOR,
    /** The signature does not verify under the validator's key. */
    BAD_SIGNATURE,
    /** The height is below the current one (already decided). */
    STALE_HEIGHT,
    /** The height is above the next one: this replica cannot judge it yet. */
    FUTURE_HEIGHT,
    /** The round is older than the current one where only current rounds matter. */
    STALE_ROUND,
    /** The round lies beyond the configured window ahead of the current round. */
    ROUND_TOO_FAR,
    /** An identical message was already processed. */
    DUPLICATE,
    /** A second, different signed message by the same validator at the same position (evidence kept). */
    EQUIVOCATION,
    /** A proposal by a validator that is not the leader of its round. */
    WRONG_PROPOSER,
    /** A certificate without 2f+1 distinct valid signers, or over the wrong position. */
    BAD_CERTIFICATE,
    /** The proposed block does not extend the committed chain (height, parent, chain, time). */
    BAD_BLOCK,
    /**
     * The body does not match the signed header (it does not parse into the announced transactions
     * or their root differs): a corrupted or forged copy. Refused without being remembered, so that
     * a correct copy of the same proposal is still accepted.
     */
    BODY_MISMATCH,
    /** A transaction of a block that matches its header is invalid (signature, chain, size). */
    BAD_TRANSACTIONS,
    /** Executing the block gives a state root different from the one in its header. */
    STATE_ROOT_MISMATCH,
    /** Executing the block failed (an execution or supply invariant error). */
    EXECUTION_FAILED,
    /** The buffer of messages for the next height is full. */
    BUFFER_FULL,
    /** The safety store refused to record a vote: signing it could double-sign. */
    WOULD_DOUBLE_SIGN,
    /** The safety store refused a vote at a position before one it recorded. */
    REGRESSION
}
