package io.kairos.node.validator;

/** Stable codes of {@link StateSyncException}: why a snapshot from a peer was not installed. */
public enum StateSyncError {
    /** The synced block or its header does not decode, or is not the block the snapshot names. */
    MALFORMED_BLOCK,
    /** The certificate does not decode, is not a precommit quorum for that block, or a signature fails. */
    BAD_CERTIFICATE,
    /** The snapshot's bytes fail their format, order or CRC checks. */
    CORRUPT_SNAPSHOT,
    /** The snapshot was taken on another chain (genesis). */
    WRONG_GENESIS,
    /** The snapshot's accounts do not hash to the state root the certified block commits to. */
    ROOT_MISMATCH,
    /** No peer answered in time, or none had a snapshot above this node's height. */
    UNAVAILABLE
}
