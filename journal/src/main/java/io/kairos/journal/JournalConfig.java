package io.kairos.journal;

import io.kairos.engine.ledger.CodecLimits;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a {@link BlockJournal}.
 *
 * @param directory    the journal: the Chronicle Queue directory (created if missing)
 * @param syncPolicy   when appended records are forced to storage
 * @param rollCycle    how often Chronicle starts a new queue file (e.g. {@code RollCycles.FAST_DAILY})
 * @param recentBlocks committed blocks kept in memory so that {@link BlockJournal#block} can return them (at least 1)
 * @param limits       limits used to decode a committed block's body when appending it
 */
public record JournalConfig(Path directory, SyncPolicy syncPolicy, RollCycle rollCycle, int recentBlocks,
                            CodecLimits limits) {
    public static final int DEFAULT_RECENT_BLOCKS = 1024;

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(syncPolicy, "syncPolicy");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(limits, "limits");
        if (recentBlocks < 1) {
            throw new IllegalArgumentException("recentBlocks must be at least 1, got " + recentBlocks);
        }
    }

    /** Daily files, {@link SyncPolicy#BATCH}, 1024 recent blocks, default codec limits. */
    public static JournalConfig defaults(final Path directory) {
        return new JournalConfig(directory, SyncPolicy.BATCH, RollCycles.FAST_DAILY, DEFAULT_RECENT_BLOCKS,
            CodecLimits.DEFAULT);
    }

    public JournalConfig withSyncPolicy(final SyncPolicy policy) {
        return new JournalConfig(directory, policy, rollCycle, recentBlocks, limits);
    }

    public JournalConfig withRollCycle(final RollCycle cycle) {
        return new JournalConfig(directory, syncPolicy, cycle, recentBlocks, limits);
    }

    public JournalConfig withLimits(final CodecLimits codecLimits) {
        return new JournalConfig(directory, syncPolicy, rollCycle, recentBlocks, codecLimits);
    }
}
