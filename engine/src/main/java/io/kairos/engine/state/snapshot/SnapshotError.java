package io.kairos.engine.state.snapshot;

/** Why a snapshot could not be written, read or used. */
public enum SnapshotError {
    /** The file's bytes fail their checks: magic, version, lengths, order or CRC. */
    CORRUPT,
    /** The snapshot belongs to another chain (its genesis hash differs). */
    WRONG_GENESIS,
    /** The snapshot is sound but does not describe this journal: height above it, or another block there. */
    NOT_ON_CHAIN,
    /** The accounts do not hash to the state root the snapshot and its block claim. */
    STATE_ROOT_MISMATCH,
    /** No snapshot at the requested height. */
    NOT_FOUND,
    /** The file system refused a read, write, sync or rename. */
    IO_FAILURE
}
