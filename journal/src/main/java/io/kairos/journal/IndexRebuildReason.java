package io.kairos.journal;

/** Why opening the journal rebuilt its indices from the journal instead of trusting the ones on disk. */
public enum IndexRebuildReason {
    /** No index metadata file (first open, or the index directory was deleted). */
    MISSING,
    /** The metadata file is too short or fails its magic or CRC check. */
    UNREADABLE,
    /** The metadata was written by another index format version. */
    FORMAT_VERSION,
    /** The configured index capacities differ from those the index was built with. */
    RESIZED,
    /** The metadata claims a height above the journal's (the journal's tail was cut). */
    AHEAD_OF_JOURNAL,
    /** The block hash recorded at the metadata's height is not the journal's block at that height. */
    HASH_MISMATCH,
    /** The metadata covers less than the block the journal starts after (a journal begun from a snapshot). */
    BELOW_BASE,
    /** A map file is missing, or Chronicle Map refused to open or recover it. */
    MAP_UNREADABLE
}
