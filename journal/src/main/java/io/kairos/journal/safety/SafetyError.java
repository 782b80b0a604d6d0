package io.kairos.journal.safety;

/** Why the safety record refused an operation. Codes are stable: operators and tools match on them. */
public enum SafetyError {
    /** A vote at the recorded (height, round, step) for a different block (or nil versus a block). */
    WOULD_DOUBLE_SIGN,
    /** A vote at a position before the recorded one: signing it could contradict a vote already sent. */
    REGRESSION,
    /**
     * An argument no consensus step can produce: a vote below height 1, a negative round or the
     * reserved round {@link SafetyRecord#FLOOR_ROUND}, a negative height.
     */
    INVALID_INPUT,
    /** The record is behind the journal: it was lost, replaced or restored from an old copy. */
    STALE_RECORD,
    /** Neither slot of the record file holds a valid record. */
    CORRUPT,
    /** The record belongs to another chain (its genesis hash differs). */
    WRONG_CHAIN,
    /** Another open {@link SafetyRecordFile}, in this process or another, holds the file. */
    LOCKED,
    /** Reading, writing or syncing the file failed; the file can no longer be trusted by this instance. */
    IO_FAILURE,
    /** The file was closed. */
    CLOSED
}
