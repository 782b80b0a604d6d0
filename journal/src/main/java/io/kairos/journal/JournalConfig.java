package io.kairos.journal;

import io.kairos.engine.ledger.CodecLimits;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open a {@link BlockJournal}.
 *
 * @param directory         the journal: the Chronicle Queue directory (created if missing)
 * @param syncPolicy        when appended records are forced to storage (the index follows it: see {@link JournalIndex})
 * @param rollCycle         how often Chronicle starts a new queue file (e.g. {@code RollCycles.FAST_DAILY})
 * @param recentBlocks      committed blocks kept in memory so that {@link BlockJournal#block} can return them (at least 1)
 * @param limits            limits used to decode a committed block's body when appending it
 * @param indexDirectory    where the persistent indices live (created if missing); by default
 *                          {@value #DEFAULT_INDEX_SUBDIRECTORY} inside {@code directory}
 * @param transactionIndexEntries transactions the transaction-hash index holds before it refuses more (at least 1)
 * @param blockIndexEntries blocks the block-hash index holds before it refuses more (at least 1)
 * @param indexWait         how long a query waits for the background indexer to reach the journal's height
 */
public record JournalConfig(Path directory, SyncPolicy syncPolicy, RollCycle rollCycle, int recentBlocks,
                            CodecLimits limits, Path indexDirectory, long transactionIndexEntries,
                            long blockIndexEntries, Duration indexWait) {
    public static final int DEFAULT_RECENT_BLOCKS = 1024;
    public static final String DEFAULT_INDEX_SUBDIRECTORY = "index";
    /** 16 Mi transactions: a sparse map file of about 1.6 GB apparent size, whose disk use grows with the entries. */
    public static final long DEFAULT_TRANSACTION_INDEX_ENTRIES = 1L << 24;
    /** 1 Mi blocks: a sparse map file of about 100 MB apparent size. */
    public static final long DEFAULT_BLOCK_INDEX_ENTRIES = 1L << 20;
    public static final Duration DEFAULT_INDEX_WAIT = Duration.ofSeconds(10);

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(syncPolicy, "syncPolicy");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(indexDirectory, "indexDirectory");
        Objects.requireNonNull(indexWait, "indexWait");
        if (recentBlocks < 1) {
            throw new IllegalArgumentException("recentBlocks must be at least 1, got " + recentBlocks);
        }
        if (transactionIndexEntries < 1 || blockIndexEntries < 1) {
            throw new IllegalArgumentException("index sizes must be at least 1, got " + transactionIndexEntries
                + " transactions and " + blockIndexEntries + " blocks");
        }
        if (indexWait.isNegative()) {
            throw new IllegalArgumentException("indexWait must not be negative, got " + indexWait);
        }
    }

    /** The index settings at their defaults: {@code directory/index}, 16 Mi transactions, 1 Mi blocks, 10 s wait. */
    public JournalConfig(final Path directory, final SyncPolicy syncPolicy, final RollCycle rollCycle,
                         final int recentBlocks, final CodecLimits limits) {
        this(directory, syncPolicy, rollCycle, recentBlocks, limits,
            Objects.requireNonNull(directory, "directory").resolve(DEFAULT_INDEX_SUBDIRECTORY),
            DEFAULT_TRANSACTION_INDEX_ENTRIES, DEFAULT_BLOCK_INDEX_ENTRIES, DEFAULT_INDEX_WAIT);
    }

    /** Daily files, {@link SyncPolicy#BATCH}, 1024 recent blocks, default codec limits and index settings. */
    public static JournalConfig defaults(final Path directory) {
        return new JournalConfig(directory, SyncPolicy.BATCH, RollCycles.FAST_DAILY, DEFAULT_RECENT_BLOCKS,
            CodecLimits.DEFAULT);
    }

    public JournalConfig withSyncPolicy(final SyncPolicy policy) {
        return new JournalConfig(directory, policy, rollCycle, recentBlocks, limits, indexDirectory,
            transactionIndexEntries, blockIndexEntries, indexWait);
    }

    public JournalConfig withRollCycle(final RollCycle cycle) {
        return new JournalConfig(directory, syncPolicy, cycle, recentBlocks, limits, indexDirectory,
            transactionIndexEntries, blockIndexEntries, indexWait);
    }

    public JournalConfig withLimits(final CodecLimits codecLimits) {
        return new JournalConfig(directory, syncPolicy, rollCycle, recentBlocks, codecLimits, indexDirectory,
            transactionIndexEntries, blockIndexEntries, indexWait);
    }

    public JournalConfig withIndexDirectory(final Path dir) {
        return new JournalConfig(directory, syncPolicy, rollCycle, recentBlocks, limits, dir,
            transactionIndexEntries, blockIndexEntries, indexWait);
    }

    /** Index capacities; a change from what the index on disk was built with rebuilds it on open. */
    public JournalConfig withIndexEntries(final long transactions, final long blocks) {
        return new JournalConfig(directory, syncPolicy, rollCycle, recentBlocks, limits, indexDirectory,
            transactions, blocks, indexWait);
    }

    public JournalConfig withIndexWait(final Duration wait) {
        return new JournalConfig(directory, syncPolicy, rollCycle, recentBlocks, limits, indexDirectory,
            transactionIndexEntries, blockIndexEntries, wait);
    }
}
