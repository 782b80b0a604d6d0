package io.kairos.journal;

/** Why a journal record was judged damaged. */
public enum RecordFault {
    /** Shorter than the fixed record header plus CRC. */
    TOO_SHORT,
    /** The CRC32C stored at the end does not match the record's bytes. */
    CRC_MISMATCH,
    /** The record does not start with {@link JournalFormat#MAGIC}. */
    BAD_MAGIC,
    /** A format version this build does not read. */
    UNKNOWN_VERSION,
    /** A record kind this build does not know. */
    UNKNOWN_KIND,
    /** The lengths in the record header do not add up to the record's length. */
    LENGTH_MISMATCH
}
