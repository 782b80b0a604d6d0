package io.kairos.journal;

import io.kairos.engine.core.Hash;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The block journal: one Chronicle Queue excerpt per committed block, in height order, each a
 * {@link JournalFormat} record sealed with a CRC32C. The queue directory is the node's source of
 * truth; everything else (state, indices) can be rebuilt from it.
 *
 * <p>{@link #open} scans every record, checks CRCs and that heights run 1, 2, 3... A damaged tail
 * (one or more bad records with no valid block after them) is voided by appending a cut marker and
 * reported in {@link #recoveryReport()}; damage followed by a valid block fails the open with
 * {@link JournalError#CORRUPT_RECORD}. Chronicle Queue cannot truncate a file, hence the marker.
 *
 * <p>Threading: one writer (the sequencer thread) calls the append methods and {@link #flush()};
 * reads ({@link #record}, {@link #block}, {@link #locate}, {@link #height}) may come from any
 * thread and are serialised on one tailer (they are queries, not hot-path work). The height and
 * the indices are kept in memory: 8 bytes per block plus about 25 per transaction.
 */
public final class BlockJournal implements BlockStore, AutoCloseable {
    private static final int INITIAL_SCRATCH = 64 * 1024;

    private final JournalConfig config;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExcerptTailer tailer;
    private final RecoveryReport report;
    private final List<Path> setAside;
    private final Object appendLock = new Object();
    private final Object readLock = new Object();

    private final LongArrayList indexByHeight = new LongArrayList();
    private final Long2LongHashMap txIndex = new Long2LongHashMap(-1L);
    private final Map<Hash, Long> txOverflow = new HashMap<>();
    private final CommittedBlock[] recent;
    private long height;
    private boolean closed;

    private byte[] writeScratch = new byte[INITIAL_SCRATCH];
    private byte[] readScratch = new byte[INITIAL_SCRATCH];
    private File writingFile;
    private final List<File> rolledUnsynced = new ArrayList<>();

    private BlockJournal(final JournalConfig config) {
        this.config = config;
        this.recent = new CommittedBlock[config.recentBlocks()];
        this.setAside = List.copyOf(QueueFileRepair.setAsideIncompleteHeaders(config.directory()));
        try {
            this.queue = ChronicleQueue.singleBuilder(config.directory())
                .rollCycle(config.rollCycle())
                .syncMode(config.syncPolicy() == SyncPolicy.NONE ? SyncMode.NONE : SyncMode.SYNC)
                .build();
        } catch (final RuntimeException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot open journal " + config.directory()
                + ": " + e.getMessage(), e);
        }
        try {
            this.appender = queue.createAppender();
            this.appender.singleThreadedCheckDisabled(true);
            this.tailer = queue.createTailer();
            this.tailer.singleThreadedCheckDisabled(true);
            this.report = recover();
        } catch (final RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /**
     * Opens (or creates) the journal in {@code config.directory()}, recovering as described above.
     *
     * @throws JournalException {@code CORRUPT_RECORD} or {@code NON_CONSECUTIVE_HEIGHT} naming the queue
     *                          file, Chronicle index and byte position; {@code IO_FAILURE} if it cannot open
     */
    public static BlockJournal open(final JournalConfig config) {
        return new BlockJournal(config);
    }

    /**
     * Queue files that opening renamed aside because a crash left them without a complete header
     * (see {@link QueueFileRepair}); they held no records. Empty after a clean stop.
     */
    public List<Path> setAsideFiles() {
        return setAside;
    }

    /** What opening found and cut. */
    public RecoveryReport recoveryReport() {
        return report;
    }

    public JournalConfig config() {
        return config;
    }

    /** Where one record sits, for recovery's messages. */
    private record Located(long index, File file, long position, int length, RecordFault fault) {
        String where() {
            return "queue file " + file + ", index 0x" + Long.toHexString(index) + ", position " + position;
        }
    }

    private RecoveryReport recover() {
        final List<Located> pending = new ArrayList<>();
        long scanned = 0;
        tailer.toStart();
        while (true) {
            final Located at;
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long position = bytes.readPosition();
                final long remaining = bytes.readRemaining();
                if (remaining > Integer.MAX_VALUE - 16) {
                    at = new Located(dc.index(), tailer.currentFile(), position, Integer.MAX_VALUE,
                        RecordFault.LENGTH_MISMATCH);
                } else {
                    final int length = (int) remaining;
                    readScratch = ensure(readScratch, length);
                    bytes.read(readScratch, 0, length);
                    at = new Located(dc.index(), tailer.currentFile(), position, length,
                        JournalFormat.check(readScratch, 0, length));
                }
            }
            scanned++;
            if (at.fault() != null) {
                pending.add(at);
            } else if (JournalFormat.kind(readScratch, 0) == JournalFormat.KIND_CUT) {
                acceptCut(at, pending);
                pending.clear();
            } else {
                if (!pending.isEmpty()) {
                    final Located bad = pending.getFirst();
                    throw new JournalException(JournalError.CORRUPT_RECORD, "corrupt journal record in "
                        + bad.where() + " (" + bad.fault() + ") is followed by a valid block at "
                        + at.where() + ": damage in the middle of the journal, not a torn tail; refusing to open");
                }
                final long h = JournalFormat.height(readScratch, 0);
                if (h != height + 1) {
                    throw new JournalException(JournalError.NON_CONSECUTIVE_HEIGHT, "journal record at "
                        + at.where() + " has height " + h + ", expected " + (height + 1));
                }
                indexRecord(readScratch, at.index());
            }
        }
        if (pending.isEmpty()) {
            return new RecoveryReport(height, scanned, 0, 0, -1, -1, null, -1, null);
        }
        final Located first = pending.getFirst();
        final Located last = pending.getLast();
        long cutBytes = 0;
        for (final Located l : pending) {
            cutBytes += l.length();
        }
        final byte[] marker = JournalFormat.cutMarker(height, first.index(), last.index(), cutBytes, pending.size());
        write(marker, marker.length);
        if (config.syncPolicy() != SyncPolicy.NONE) {
            sync();
        }
        return new RecoveryReport(height, scanned, pending.size(), cutBytes, first.index(), last.index(),
            first.file() == null ? null : first.file().toPath(), first.position(), first.fault());
    }

    private void acceptCut(final Located at, final List<Located> pending) {
        final UnsafeBuffer b = new UnsafeBuffer(readScratch);
        final long first = b.getLong(JournalFormat.CUT_FIRST_INDEX_OFFSET, JournalFormat.ORDER);
        final long last = b.getLong(JournalFormat.CUT_LAST_INDEX_OFFSET, JournalFormat.ORDER);
        final int count = b.getInt(JournalFormat.CUT_COUNT_OFFSET, JournalFormat.ORDER);
        final long h = JournalFormat.height(readScratch, 0);
        if (pending.isEmpty() || h != height || count != pending.size() || first != pending.getFirst().index()
            || last != pending.getLast().index()) {
            throw new JournalException(JournalError.INVALID_CUT_MARKER, "cut marker at " + at.where()
                + " voids " + count + " record(s) 0x" + Long.toHexString(first) + "..0x" + Long.toHexString(last)
                + " after height " + h + ", but " + pending.size() + " damaged record(s) precede it after height "
                + height);
        }
    }

    private static byte[] ensure(final byte[] scratch, final int length) {
        return scratch.length >= length ? scratch : new byte[Math.max(length, scratch.length * 2)];
    }

    /** Adds a sound block record (at {@code offset 0} of {@code record}) to the in-memory indices. */
    private synchronized void indexRecord(final byte[] record, final long chronicleIndex) {
        final UnsafeBuffer b = new UnsafeBuffer(record);
        final long h = b.getLong(JournalFormat.HEIGHT_OFFSET, JournalFormat.ORDER);
        final int n = b.getInt(JournalFormat.TRANSACTION_COUNT_OFFSET, JournalFormat.ORDER);
        final int hashes = JournalFormat.FIXED_LENGTH + b.getInt(JournalFormat.HEADER_LENGTH_OFFSET, JournalFormat.ORDER)
            + b.getInt(JournalFormat.BODY_LENGTH_OFFSET, JournalFormat.ORDER);
        for (int i = 0; i < n; i++) {
            final int at = hashes + i * JournalFormat.HASH_LENGTH;
            final long key = b.getLong(at, ByteOrder.BIG_ENDIAN);
            final long location = h << 32 | i;
            if (txIndex.containsKey(key)) {
                final byte[] full = new byte[JournalFormat.HASH_LENGTH];
                b.getBytes(at, full);
                txOverflow.put(Hash.of(full), location);
            } else {
                txIndex.put(key, location);
            }
        }
        indexByHeight.addLong(chronicleIndex);
        height = h;
    }

    /**
     * Appends a committed block. Sequencer thread only.
     *
     * @throws JournalException {@code NON_CONSECUTIVE_HEIGHT} if it is not the next height
     */
    @Override
    public void append(final CommittedBlock block) {
        append(BlockRecord.from(block, config.limits()));
        synchronized (this) {
            recent[(int) (block.height() % recent.length)] = block;
        }
    }

    /** Appends a block record. Sequencer thread only. */
    public void append(final BlockRecord record) {
        synchronized (appendLock) {
            final int length = record.encodedLength();
            writeScratch = ensure(writeScratch, length);
            record.encode(writeScratch, 0);
            appendChecked(writeScratch, length);
        }
    }

    /**
     * Appends a record already encoded by {@link BlockRecord#encode} (the path a benchmark or a
     * replicating follower uses). The record's checks and CRC are verified, and its height must be
     * the next one. Sequencer thread only.
     *
     * @throws JournalException {@code INVALID_RECORD} or {@code NON_CONSECUTIVE_HEIGHT}
     */
    public void appendEncoded(final byte[] record, final int offset, final int length) {
        final RecordFault fault = JournalFormat.check(record, offset, length);
        if (fault != null) {
            throw new JournalException(JournalError.INVALID_RECORD, "encoded record fails its checks: " + fault);
        }
        if (JournalFormat.kind(record, offset) != JournalFormat.KIND_BLOCK) {
            throw new JournalException(JournalError.INVALID_RECORD, "only block records can be appended");
        }
        synchronized (appendLock) {
            writeScratch = ensure(writeScratch, length);
            System.arraycopy(record, offset, writeScratch, 0, length);
            appendChecked(writeScratch, length);
        }
    }

    private void appendChecked(final byte[] record, final int length) {
        final long h = JournalFormat.height(record, 0);
        final long expected;
        synchronized (this) {
            requireOpen();
            expected = height + 1;
        }
        if (h != expected) {
            throw new JournalException(JournalError.NON_CONSECUTIVE_HEIGHT, "block " + h
                + " appended to a journal whose next height is " + expected);
        }
        final long index = write(record, length);
        if (config.syncPolicy() == SyncPolicy.EVERY_BLOCK) {
            sync();
        }
        indexRecord(record, index);
    }

    private long write(final byte[] record, final int length) {
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(record, 0, length);
            } catch (final RuntimeException e) {
                dc.rollbackOnClose();
                throw e;
            }
        } catch (final RuntimeException e) {
            throw new JournalException(JournalError.IO_FAILURE, "append to journal " + config.directory()
                + " failed: " + e.getMessage(), e);
        }
        final File current = appender.currentFile();
        if (writingFile != null && !writingFile.equals(current) && config.syncPolicy() != SyncPolicy.NONE) {
            rolledUnsynced.add(writingFile);
        }
        writingFile = current;
        return appender.lastIndexAppended();
    }

    /**
     * The end of a batch: under {@link SyncPolicy#BATCH} forces everything appended so far to
     * storage; otherwise does nothing. Sequencer thread only.
     */
    @Override
    public void flush() {
        if (config.syncPolicy() != SyncPolicy.BATCH) {
            return;
        }
        synchronized (appendLock) {
            synchronized (this) {
                requireOpen();
            }
            sync();
        }
    }

    /**
     * msync(MS_SYNC) of the current queue file's mapped pages up to the write position. Files the
     * queue rolled away from since the last sync are fsynced, as the appender no longer maps them.
     */
    private void sync() {
        for (final File f : rolledUnsynced) {
            force(f.toPath());
        }
        rolledUnsynced.clear();
        try {
            appender.sync();
        } catch (final RuntimeException e) {
            throw new JournalException(JournalError.IO_FAILURE, "sync of journal file " + writingFile + " failed: "
                + e.getMessage(), e);
        }
    }

    private static void force(final Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "fsync of journal file " + file + " failed: "
                + e.getMessage(), e);
        }
    }

    /**
     * The block at {@code height} read from disk, or {@code null} if the journal does not hold it.
     * Any thread.
     */
    public BlockRecord record(final long h) {
        final long index;
        synchronized (this) {
            requireOpen();
            if (h < 1 || h > height) {
                return null;
            }
            index = indexByHeight.getLong((int) (h - 1));
        }
        synchronized (readLock) {
            if (!tailer.moveToIndex(index)) {
                throw new JournalException(JournalError.IO_FAILURE, "journal index 0x" + Long.toHexString(index)
                    + " of block " + h + " is no longer readable");
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    throw new JournalException(JournalError.IO_FAILURE, "journal index 0x"
                        + Long.toHexString(index) + " of block " + h + " is no longer readable");
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int) bytes.readRemaining();
                final byte[] copy = new byte[length];
                bytes.read(copy, 0, length);
                final BlockRecord record = BlockRecord.decode(copy, 0, length);
                if (record.height() != h) {
                    throw new JournalException(JournalError.CORRUPT_RECORD, "journal index 0x"
                        + Long.toHexString(index) + " holds block " + record.height() + ", expected " + h);
                }
                return record;
            }
        }
    }

    /**
     * The committed block at {@code height}: from the cache of the last
     * {@link JournalConfig#recentBlocks()} appended by this process, else read from disk; {@code null}
     * for a height never committed.
     */
    @Override
    public synchronized CommittedBlock block(final long h) {
        if (h < 1 || h > height) {
            return null;
        }
        final CommittedBlock b = recent[(int) (h % recent.length)];
        if (b != null && b.height() == h) {
            return b;
        }
        final BlockRecord r = record(h);
        return r == null ? null : r.toCommittedBlock();
    }

    @Override
    public long locate(final Hash hash) {
        final byte[] probe = hash.toByteArray();
        final long key = new UnsafeBuffer(probe).getLong(0, ByteOrder.BIG_ENDIAN);
        final long location;
        final Long other;
        synchronized (this) {
            requireOpen();
            location = txIndex.get(key);
            other = txOverflow.get(hash);
        }
        if (location >= 0) {
            final BlockRecord r = record(location >>> 32);
            if (r != null && r.transactionHashEquals((int) location, probe)) {
                return location;
            }
        }
        return other == null ? -1 : other;
    }

    @Override
    public synchronized long height() {
        return height;
    }

    private void requireOpen() {
        if (closed) {
            throw new JournalException(JournalError.CLOSED, "journal " + config.directory() + " is closed");
        }
    }

    /** Closes the queue. Under any sync policy but NONE, syncs first. */
    @Override
    public void close() {
        synchronized (appendLock) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            try {
                if (config.syncPolicy() != SyncPolicy.NONE) {
                    sync();
                }
            } finally {
                synchronized (readLock) {
                    queue.close();
                }
            }
        }
    }
}
