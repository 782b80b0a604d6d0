package io.kairos.journal;

/**
 * When the journal forces written pages to storage (msync with {@code MS_SYNC} on the mapped queue
 * file, through Chronicle's {@code ExcerptAppender.sync()}). docs/journal.md states what each
 * policy survives.
 */
public enum SyncPolicy {
    /**
     * Never syncs: records sit in the OS page cache of the mapped file. Survives the process dying
     * (kill -9, crash); a power loss or kernel crash may lose any record not yet written back.
     */
    NONE,
    /**
     * Syncs at {@link BlockJournal#flush()}, which the pipeline calls at the end of each batch. Every
     * record appended before a {@code flush()} that returned survives power loss; records after it
     * are as under {@link #NONE}.
     */
    BATCH,
    /** Syncs before {@link BlockJournal#append} returns: every acknowledged record survives power loss. */
    EVERY_BLOCK
}
