package io.kairos.journal.consensus;

/** Why the certificate journal refused to open or to serve a call. Codes are stable: tools match on them. */
public enum CertificateJournalError {
    /** A record fails its checks and more bytes follow it: damage in the middle, not a torn tail. */
    CORRUPT_RECORD,
    /** The file does not start with the certificate journal's header (magic, version). */
    BAD_HEADER,
    /** The file belongs to another chain (its genesis hash differs). */
    WRONG_CHAIN,
    /** A certificate more than 2^31 heights after the first one kept: beyond the in-memory index. */
    HEIGHT_OUT_OF_RANGE,
    /** Another open journal, in this process or another, holds the file. */
    LOCKED,
    /** Reading, writing or syncing failed; this instance no longer accepts writes. */
    IO_FAILURE,
    /** The journal was closed. */
    CLOSED
}
