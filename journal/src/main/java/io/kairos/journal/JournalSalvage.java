package io.kairos.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Keeps the sound start of a journal that is damaged in the middle ({@link JournalError#CORRUPT_RECORD}),
 * so that a validator can fetch the rest from its peers instead of refusing to start for good.
 *
 * <p>{@link #salvage} copies the journal's records, in order, into a fresh queue for as long as they
 * are sound and their heights follow on (the base record of a journal begun from a snapshot counts,
 * cut markers are dropped with the records they void); it stops at the first damaged or
 * out-of-order record. The damaged directory is then renamed to {@code <journal>.corrupt-<millis>}
 * and kept for inspection (its index, if it lives inside it, goes with it and is rebuilt), and the
 * fresh queue takes the journal's name. Each step leaves the old journal in place until the new one
 * is complete, so a crash during salvage repeats it.
 *
 * <p>Only for a directory no live process has open: the node's data-directory lock ensures that.
 * The blocks after the damage are lost from this node: only a node with peers should call it.
 */
public final class JournalSalvage {
    /** What a salvage kept and where the damaged journal went. */
    public record Report(long keptHeight, long recordsKept, Path setAside, String stoppedAt) {
        public String describe() {
            return "journal damaged in the middle: kept the sound records up to height " + keptHeight + " ("
                + recordsKept + " records), stopped at " + stoppedAt + "; the damaged journal is kept in " + setAside;
        }
    }

    private JournalSalvage() {
    }

    /**
     * Salvages {@code config.directory()} as described above.
     *
     * @param nowMillis names the set-aside directory
     * @throws JournalException {@code IO_FAILURE} if the copy or a rename fails (the journal is left as it was)
     */
    public static Report salvage(final JournalConfig config, final long nowMillis) {
        final Path dir = config.directory();
        final Path fresh = dir.resolveSibling(dir.getFileName() + ".salvage");
        final Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + nowMillis);
        deleteTree(fresh);
        QueueFileRepair.setAsideIncompleteHeaders(dir);
        long height = 0;
        long kept = 0;
        String stoppedAt = "the end of the journal";
        try (ChronicleQueue from = ChronicleQueue.singleBuilder(dir).rollCycle(config.rollCycle()).build();
             ChronicleQueue to = ChronicleQueue.singleBuilder(fresh).rollCycle(config.rollCycle()).build()) {
            final ExcerptTailer tailer = from.createTailer();
            final ExcerptAppender appender = to.createAppender();
            byte[] scratch = new byte[64 * 1024];
            while (true) {
                final int length;
                final long index;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    index = dc.index();
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long remaining = bytes.readRemaining();
                    if (remaining > Integer.MAX_VALUE - 16) {
                        stoppedAt = "an oversized record at index 0x" + Long.toHexString(index);
                        break;
                    }
                    length = (int) remaining;
                    if (scratch.length < length) {
                        scratch = new byte[Math.max(length, scratch.length * 2)];
                    }
                    bytes.read(scratch, 0, length);
                }
                final RecordFault fault = JournalFormat.check(scratch, 0, length);
                if (fault != null) {
                    stoppedAt = "a damaged record (" + fault + ") at index 0x" + Long.toHexString(index)
                        + " after height " + height;
                    break;
                }
                final int kind = JournalFormat.kind(scratch, 0);
                final long h = JournalFormat.height(scratch, 0);
                if (kind == JournalFormat.KIND_CUT) {
                    continue;
                }
                final boolean base = kind == JournalFormat.KIND_BASE && kept == 0 && h >= 1;
                if (!base && (kind != JournalFormat.KIND_BLOCK || h != height + 1)) {
                    stoppedAt = "a record of kind " + kind + " for height " + h + " at index 0x"
                        + Long.toHexString(index) + " after height " + height;
                    break;
                }
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(scratch, 0, length);
                }
                height = h;
                kept++;
            }
            appender.sync();
        } catch (final RuntimeException e) {
            deleteTree(fresh);
            throw new JournalException(JournalError.IO_FAILURE, "cannot salvage journal " + dir + ": " + e.getMessage(),
                e);
        }
        try {
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot put the salvaged journal in place of " + dir
                + ": " + e.getMessage(), e);
        }
        return new Report(height, kept, aside, stoppedAt);
    }

    private static void deleteTree(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
