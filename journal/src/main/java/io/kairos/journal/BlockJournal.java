package io.kairos.journal;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p>A journal begun from a snapshot (state sync, {@link #openFromBase}) starts with a base record:
 * the certified header of the block it follows, at height H. Its blocks run H + 1, H + 2...;
 * {@link #block} holds nothing at or below H, and {@link #header} gives the base header at H.
 *
 * <p>Transaction and block hashes are looked up in persistent Chronicle Map indices
 * ({@link JournalIndex}) that a background thread fills by following the queue; appending does not
 * index. They are rebuilt from the journal when missing or inconsistent with it
 * ({@link #indexReport()}). A lookup waits until the index covers {@link #height()}, so it never
 * misses a committed block, and every hit is checked against the journal record.
 *
 * <p>Threading: one writer (the sequencer thread) calls the append methods and {@link #flush()};
 * reads ({@link #record}, {@link #block}, {@link #locate}, {@link #blockHeight}, {@link #height}) may
 * come from any thread and are serialised on one tailer (they are queries, not hot-path work). In
 * memory: the Chronicle index of each block (8 bytes per block) and the recent blocks.
 */
public final class BlockJournal implements BlockStore, AutoCloseable {
    private volatile long lastSyncNanos;
    private static final int INITIAL_SCRATCH = 64 * 1024;

    private final JournalConfig config;
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExcerptTailer tailer;
    private final RecoveryReport report;
    private final List<Path> setAside;
    private final JournalIndex index;
    private final Object appendLock = new Object();
    private final Object readLock = new Object();

    private final LongArrayList indexByHeight = new LongArrayList();
    private final CommittedBlock[] recent;
    private long height;
    private long baseHeight;
    private BlockHeader base;
    private boolean closed;

    private byte[] writeScratch = new byte[INITIAL_SCRATCH];
    private byte[] readScratch = new byte[INITIAL_SCRATCH];
    private File writingFile;
    private final List<File> rolledUnsynced = new ArrayList<>();

    private BlockJournal(final JournalConfig config, final BlockHeader startAfter) {
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
            if (startAfter != null) {
                writeBase(startAfter);
            }
            this.report = recover();
            this.index = openIndex();
        } catch (final RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Opens or rebuilds the indices and starts their indexer just after the height they cover. */
    private JournalIndex openIndex() {
        final JournalIndex opened = JournalIndex.open(config, height, baseHeight, base == null ? null : base.hash(),
            h -> h == baseHeight && base != null ? base.hash() : record(h).hash());
        try {
            final ExcerptTailer follower = queue.createTailer();
            final long from = opened.indexedHeight();
            if (from <= baseHeight) {
                follower.toStart();
            } else if (from < height) {
                final long at = indexByHeight.getLong((int) (from - baseHeight));
                if (!follower.moveToIndex(at)) {
                    throw new JournalException(JournalError.IO_FAILURE, "journal index 0x" + Long.toHexString(at)
                        + " of block " + (from + 1) + " is not readable for the indexer");
                }
            } else {
                follower.toEnd();
            }
            opened.start(follower);
            return opened;
        } catch (final RuntimeException e) {
            opened.close();
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
        return new BlockJournal(config, null);
    }

    /**
     * Creates a journal that starts after the block whose certified header is {@code startAfter}: the
     * node has the state at that height from a snapshot it proved against the header's state root
     * (state sync), and appends blocks from {@code startAfter.height() + 1} on. The base record is
     * written (and synced under any policy but NONE) before this returns.
     *
     * @throws JournalException {@code INVALID_RECORD} if {@code config.directory()} already holds records
     */
    public static BlockJournal openFromBase(final JournalConfig config, final BlockHeader startAfter) {
        if (startAfter.height() < 1) {
            throw new IllegalArgumentException("a journal starts after a block at height 1 or more, got "
                + startAfter.height());
        }
        return new BlockJournal(config, startAfter);
    }

    private void writeBase(final BlockHeader header) {
        tailer.toStart();
        try (DocumentContext dc = tailer.readingDocument()) {
            if (dc.isPresent()) {
                throw new JournalException(JournalError.INVALID_RECORD, "journal " + config.directory()
                    + " already holds records; a journal can start after a snapshot's block only when empty");
            }
        }
        final byte[] marker = JournalFormat.baseMarker(header.height(), header.encode());
        write(marker, 0, marker.length);
        if (config.syncPolicy() != SyncPolicy.NONE) {
            sync();
        }
        tailer.toStart();
    }

    /**
     * The height this journal starts after: 0 for one that holds the chain from block 1, H for one
     * begun from a snapshot at H ({@link #openFromBase}).
     */
    @Override
    public synchronized long baseHeight() {
        return baseHeight;
    }

    /** The certified header of the block at {@link #baseHeight()}, or null for a journal that starts at the genesis. */
    public synchronized BlockHeader baseHeader() {
        return base;
    }

    /** The header at {@code h}: the base header at the base height, else the header of the block held there. */
    @Override
    public BlockHeader header(final long h) {
        synchronized (this) {
            if (base != null && h == baseHeight) {
                return base;
            }
        }
        final CommittedBlock b = block(h);
        return b == null ? null : b.header();
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

    /** What opening found of the indices: trusted or rebuilt, and why. */
    public IndexReport indexReport() {
        return index.report();
    }

    /** The indices, for tests that hold the indexer back. */
    JournalIndex index() {
        return index;
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
            } else if (JournalFormat.kind(readScratch, 0) == JournalFormat.KIND_BASE) {
                acceptBase(at, scanned);
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
                indexRecord(h, at.index());
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
        write(marker, 0, marker.length);
        if (config.syncPolicy() != SyncPolicy.NONE) {
            sync();
        }
        return new RecoveryReport(height, scanned, pending.size(), cutBytes, first.index(), last.index(),
            first.file() == null ? null : first.file().toPath(), first.position(), first.fault());
    }

    private void acceptBase(final Located at, final long scanned) {
        final long h = JournalFormat.height(readScratch, 0);
        if (scanned != 1) {
            throw new JournalException(JournalError.INVALID_RECORD, "base record for height " + h + " at "
                + at.where() + " is not the journal's first record");
        }
        final BlockHeader header;
        try {
            header = BlockHeader.decode(Arrays.copyOfRange(readScratch, JournalFormat.FIXED_LENGTH,
                JournalFormat.FIXED_LENGTH + BlockHeader.LENGTH));
        } catch (final ValidationException e) {
            throw new JournalException(JournalError.INVALID_RECORD, "base record at " + at.where()
                + " holds no valid block header: " + e.getMessage());
        }
        if (header.height() != h || h < 1) {
            throw new JournalException(JournalError.INVALID_RECORD, "base record at " + at.where() + " is for height "
                + h + " but holds the header of block " + header.height());
        }
        synchronized (this) {
            base = header;
            baseHeight = h;
            height = h;
        }
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

    /** Records where the sound block at height {@code h} sits in the queue, and makes it the last. */
    private synchronized void indexRecord(final long h, final long chronicleIndex) {
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
            appendChecked(writeScratch, 0, length);
        }
    }

    /**
     * Appends a record already encoded by {@link BlockRecord#encode} (the path a benchmark or a
     * replicating follower uses). The record's checks and CRC are verified, and its height must be
     * the next one. Chronicle copies it straight from {@code record}. Sequencer thread only.
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
            appendChecked(record, offset, length);
        }
    }

    private void appendChecked(final byte[] record, final int offset, final int length) {
        final long h = JournalFormat.height(record, offset);
        final long expected;
        synchronized (this) {
            requireOpen();
            expected = height + 1;
        }
        if (h != expected) {
            throw new JournalException(JournalError.NON_CONSECUTIVE_HEIGHT, "block " + h
                + " appended to a journal whose next height is " + expected);
        }
        final long chronicleIndex = write(record, offset, length);
        if (config.syncPolicy() == SyncPolicy.EVERY_BLOCK) {
            sync();
        }
        indexRecord(h, chronicleIndex);
    }

    private long write(final byte[] record, final int offset, final int length) {
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(record, offset, length);
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
        final long start = System.nanoTime();
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
        lastSyncNanos = System.nanoTime() - start;
    }

    /**
     * How long the last sync took (msync of the mapped file, and fsync of files rolled away from), in
     * nanoseconds; 0 before the first or under {@link SyncPolicy#NONE}. Any thread.
     */
    public long lastSyncNanos() {
        return lastSyncNanos;
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
            if (h <= baseHeight || h > height) {
                return null;
            }
            index = indexByHeight.getLong((int) (h - baseHeight - 1));
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
        if (h <= baseHeight || h > height) {
            return null;
        }
        final CommittedBlock b = recent[(int) (h % recent.length)];
        if (b != null && b.height() == h) {
            return b;
        }
        final BlockRecord r = record(h);
        return r == null ? null : r.toCommittedBlock();
    }

    /**
     * Where the transaction with {@code hash} was committed: {@code height << 32 | index}, or -1. Waits
     * (up to {@link JournalConfig#indexWait()}) until the index covers the current height, then checks
     * the hit against the journal record. Where a hash was committed more than once, the last
     * occurrence. Any thread.
     *
     * @throws JournalException {@code INDEX_LAGGING} if the index did not catch up in time,
     *                          {@code INDEX_FULL} or {@code INDEX_FAILURE} if the indexer stopped, {@code CLOSED}
     */
    @Override
    public long locate(final Hash hash) {
        awaitIndex();
        final byte[] probe = hash.toByteArray();
        final long location = index.transaction(probe);
        if (location < 0) {
            return -1;
        }
        // An entry may outlive its block (a tail cut after a crash): only the journal's record says yes.
        final BlockRecord r = record(location >>> 32);
        final int i = (int) location;
        return r != null && i >= 0 && i < r.transactionCount() && r.transactionHashEquals(i, probe) ? location : -1;
    }

    /**
     * The height of the committed block with {@code blockHash}, or -1. Waits for the index and checks
     * the hit against the journal as {@link #locate} does. Any thread.
     *
     * @throws JournalException as {@link #locate}
     */
    @Override
    public long blockHeight(final Hash blockHash) {
        awaitIndex();
        final long h = index.block(blockHash.toByteArray());
        if (h < 1) {
            return -1;
        }
        final CommittedBlock b = block(h);
        return b != null && b.hash().equals(blockHash) ? h : -1;
    }

    /**
     * Waits until the background indexer covers the journal's current height.
     *
     * @throws JournalException as {@link #locate}
     */
    public void awaitIndex() {
        final long target;
        synchronized (this) {
            requireOpen();
            target = height;
        }
        index.await(target);
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

    /**
     * Stops the indexer, closes the indices and the queue. Under any sync policy but NONE, syncs the
     * queue first. A query waiting for the index fails with {@code CLOSED}.
     */
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
                try {
                    index.close();
                } finally {
                    synchronized (readLock) {
                        queue.close();
                    }
                }
            }
        }
    }
}
