package io.kairos.journal;

/** Stable codes of {@link JournalException}; callers match on these, not on messages. */
public enum JournalError {
    /** A record that fails its checks is followed by a valid one: damage in the middle, not a torn tail. */
    CORRUPT_RECORD,
    /** A block's height is not the height after the journal's last block. */
    NON_CONSECUTIVE_HEIGHT,
    /** A record handed to the journal is malformed (lengths, magic, version, CRC). */
    INVALID_RECORD,
    /** A cut marker on disk does not describe the damaged records it follows. */
    INVALID_CUT_MARKER,
    /** The file system or Chronicle failed. */
    IO_FAILURE,
    /** The journal was used after {@code close()}. */
    CLOSED,
    /**
     * An index reached the capacity it was built with ({@link JournalConfig#transactionIndexEntries()} or
     * {@link JournalConfig#blockIndexEntries()}); the indexer stopped before the block that did not fit.
     */
    INDEX_FULL,
    /** A query waited {@link JournalConfig#indexWait()} and the indexer had still not reached the journal's height. */
    INDEX_LAGGING,
    /** The background indexer failed (Chronicle Map or the file system); the message says how. */
    INDEX_FAILURE
}
