package io.kairos.journal.consensus;

/**
 * What {@link CertificateJournal#open} found. Immutable.
 *
 * @param records     certificates kept (valid records)
 * @param firstHeight height of the first certificate kept, 0 when none
 * @param lastHeight  height of the last certificate kept, 0 when none
 * @param validBytes  length of the file after recovery
 * @param cutBytes    bytes of a torn last record cut off the end (0: the file ended cleanly)
 */
public record CertificateRecovery(long records, long firstHeight, long lastHeight, long validBytes, long cutBytes) {
    public boolean cutTornTail() {
        return cutBytes > 0;
    }
}
