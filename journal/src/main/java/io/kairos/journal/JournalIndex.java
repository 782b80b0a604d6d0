package io.kairos.journal;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * The journal's persistent indices: two Chronicle Maps (transaction hash to {@code height << 32 | index},
 * block hash to height) and a small metadata file saying which height they cover, in
 * {@link JournalConfig#indexDirectory()}:
 *
 * <pre>
 *  index.meta                 76 bytes, little-endian: magic "KJIX", u16 version, u8 clean, u8 0,
 *                             i64 generation, i64 transaction capacity, i64 block capacity,
 *                             i64 indexed height, 32-byte block hash at that height, CRC32C of all before
 *  transactions.GEN.cmap      Chronicle Map, 32-byte key, i64 value
 *  blocks.GEN.cmap            Chronicle Map, 32-byte key, i64 value
 * </pre>
 *
 * The maps are filled by one daemon thread per journal that follows the queue with its own tailer, off
 * the append path. It writes a block's entries before it advances the height it publishes, and writes
 * the metadata (through a temporary file and an atomic rename) only after the entries it claims, so
 * after a crash the maps hold at least what the metadata says. Entries above the metadata's height
 * may be present; a block hash or location that no longer matches the journal (after a tail cut) is
 * never returned, because {@link BlockJournal} checks every hit against the journal record. Under a
 * {@link SyncPolicy} other than {@code NONE} the map files are fsynced before each metadata write.
 *
 * <p>A generation number in the map file names changes on every rebuild, so a rebuilt map never
 * reuses the path of one Chronicle refused (Chronicle keeps some state per open file).
 *
 * <p>Threading: the indexer thread writes the maps; queries ({@link #transaction}, {@link #block},
 * {@link #await}) may come from any thread; {@link #close} from the journal's close.
 */
final class JournalIndex implements AutoCloseable {
    static final String META_FILE = "index.meta";
    static final int META_VERSION = 1;
    static final int META_MAGIC = 'K' | 'J' << 8 | 'I' << 16 | 'X' << 24;
    static final int META_LENGTH = 76;
    private static final int META_CRC_OFFSET = 72;
    private static final String TX_PREFIX = "transactions.";
    private static final String BLOCK_PREFIX = "blocks.";
    private static final String MAP_SUFFIX = ".cmap";
    /** Blocks indexed between two metadata writes while the indexer is busy; it also writes one when it runs dry. */
    private static final int META_EVERY_BLOCKS = 1024;
    private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long META_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final JournalConfig config;
    private final Path dir;
    private final IndexReport report;
    private final long generation;
    private final ChronicleMap<byte[], Long> transactions;
    private final ChronicleMap<byte[], Long> blocks;
    private final Object monitor = new Object();

    private long transactionCount;
    private long blockCount;
    private long metaHeight;
    private long lastMetaNanos = System.nanoTime() - META_INTERVAL_NANOS;
    private final byte[] lastBlockHash = new byte[Hash.LENGTH];

    private volatile long indexed;
    private volatile JournalException failure;
    private volatile boolean stopping;
    private volatile boolean paused;
    private boolean closed;
    private Thread thread;

    private JournalIndex(final JournalConfig config, final Path dir, final long generation,
                         final ChronicleMap<byte[], Long> transactions, final ChronicleMap<byte[], Long> blocks,
                         final long height, final byte[] hashAtHeight, final IndexReport report) {
        this.config = config;
        this.dir = dir;
        this.generation = generation;
        this.transactions = transactions;
        this.blocks = blocks;
        this.indexed = height;
        this.metaHeight = height;
        System.arraycopy(hashAtHeight, 0, lastBlockHash, 0, Hash.LENGTH);
        this.transactionCount = transactions.longSize();
        this.blockCount = blocks.longSize();
        this.report = report;
    }

    /** What the metadata file says, once its magic, length and CRC have been checked. */
    private record Meta(int version, boolean clean, long generation, long transactionEntries, long blockEntries,
                        long height, byte[] hash) {
        static Meta parse(final byte[] bytes) {
            if (bytes.length != META_LENGTH) {
                return null;
            }
            final UnsafeBuffer b = new UnsafeBuffer(bytes);
            if (b.getInt(0, JournalFormat.ORDER) != META_MAGIC
                || b.getInt(META_CRC_OFFSET, JournalFormat.ORDER) != JournalFormat.crc(bytes, 0, META_CRC_OFFSET)) {
                return null;
            }
            final byte[] hash = new byte[Hash.LENGTH];
            b.getBytes(40, hash);
            return new Meta(b.getShort(4, JournalFormat.ORDER) & 0xFFFF, b.getByte(6) == 1,
                b.getLong(8, JournalFormat.ORDER), b.getLong(16, JournalFormat.ORDER),
                b.getLong(24, JournalFormat.ORDER), b.getLong(32, JournalFormat.ORDER), hash);
        }
    }

    /**
     * Opens the indices in {@code config.indexDirectory()}, trusting them if their metadata is sound and
     * agrees with the journal, else deleting and recreating them empty. The indexer is not started yet.
     *
     * @param journalHeight the journal's height after its recovery
     * @param hashAt        the journal's block hash at a height in {@code 1..journalHeight}
     * @throws JournalException {@code IO_FAILURE} if the directory or fresh maps cannot be created
     */
    static JournalIndex open(final JournalConfig config, final long journalHeight, final LongFunction<Hash> hashAt) {
        return open(config, journalHeight, 0, null, hashAt);
    }

    /**
     * As {@link #open(JournalConfig, long, LongFunction)} for a journal that starts after block
     * {@code baseHeight} (hash {@code baseHash}; 0 and null for one that starts at the genesis): a
     * rebuilt index starts there, and one that covers less than the base is rebuilt.
     */
    static JournalIndex open(final JournalConfig config, final long journalHeight, final long baseHeight,
                             final Hash baseHash, final LongFunction<Hash> hashAt) {
        final Path dir = config.indexDirectory();
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot create index directory " + dir + ": "
                + e.getMessage(), e);
        }
        final Path metaFile = dir.resolve(META_FILE);
        Meta meta = null;
        IndexRebuildReason reason = null;
        if (!Files.exists(metaFile)) {
            reason = IndexRebuildReason.MISSING;
        } else {
            try {
                meta = Meta.parse(Files.readAllBytes(metaFile));
            } catch (final IOException e) {
                meta = null;
            }
            if (meta == null) {
                reason = IndexRebuildReason.UNREADABLE;
            } else if (meta.version() != META_VERSION) {
                reason = IndexRebuildReason.FORMAT_VERSION;
            } else if (meta.transactionEntries() != config.transactionIndexEntries()
                || meta.blockEntries() != config.blockIndexEntries()) {
                reason = IndexRebuildReason.RESIZED;
            } else if (meta.height() > journalHeight || meta.height() < 0) {
                reason = IndexRebuildReason.AHEAD_OF_JOURNAL;
            } else if (meta.height() < baseHeight) {
                reason = IndexRebuildReason.BELOW_BASE;
            } else if (meta.height() > 0 && !hashAt.apply(meta.height()).equals(Hash.of(meta.hash()))) {
                reason = IndexRebuildReason.HASH_MISMATCH;
            }
        }
        if (reason == null) {
            final Path txFile = dir.resolve(TX_PREFIX + meta.generation() + MAP_SUFFIX);
            final Path blockFile = dir.resolve(BLOCK_PREFIX + meta.generation() + MAP_SUFFIX);
            if (Files.isRegularFile(txFile) && Files.isRegularFile(blockFile)) {
                ChronicleMap<byte[], Long> tx = null;
                try {
                    tx = openMap(config, txFile, TX_PREFIX, config.transactionIndexEntries(), !meta.clean());
                    final ChronicleMap<byte[], Long> bl = openMap(config, blockFile, BLOCK_PREFIX,
                        config.blockIndexEntries(), !meta.clean());
                    final JournalIndex index = new JournalIndex(config, dir, meta.generation(), tx, bl,
                        meta.height(), meta.hash(), new IndexReport(false, null, meta.height(), journalHeight,
                        tx.longSize(), bl.longSize(), !meta.clean()));
                    index.writeMeta(false);
                    return index;
                } catch (final IOException | RuntimeException e) {
                    if (tx != null) {
                        closeQuietly(tx);
                    }
                }
            }
            reason = IndexRebuildReason.MAP_UNREADABLE;
        }
        final long gen = nextGeneration(dir, meta);
        deleteIndexFiles(dir);
        ChronicleMap<byte[], Long> tx = null;
        try {
            tx = createMap(dir.resolve(TX_PREFIX + gen + MAP_SUFFIX), TX_PREFIX, config.transactionIndexEntries());
            final ChronicleMap<byte[], Long> bl = createMap(dir.resolve(BLOCK_PREFIX + gen + MAP_SUFFIX), BLOCK_PREFIX,
                config.blockIndexEntries());
            final JournalIndex index = new JournalIndex(config, dir, gen, tx, bl, baseHeight,
                baseHash == null ? new byte[Hash.LENGTH] : baseHash.toByteArray(),
                new IndexReport(true, reason, baseHeight, journalHeight, 0, 0, false));
            index.writeMeta(false);
            return index;
        } catch (final IOException | RuntimeException e) {
            if (tx != null) {
                closeQuietly(tx);
            }
            throw new JournalException(JournalError.IO_FAILURE, "cannot create the journal index in " + dir + ": "
                + e.getMessage(), e);
        }
    }

    private static ChronicleMap<byte[], Long> openMap(final JournalConfig config, final Path file, final String name,
                                                      final long entries, final boolean recover) throws IOException {
        if (recover) {
            return builder(name, entries).recoverPersistedTo(file.toFile(), false);
        }
        return builder(name, entries).createPersistedTo(file.toFile());
    }

    private static ChronicleMap<byte[], Long> createMap(final Path file, final String name, final long entries)
        throws IOException {
        return builder(name, entries).createPersistedTo(file.toFile());
    }

    private static net.openhft.chronicle.map.ChronicleMapBuilder<byte[], Long> builder(final String name,
                                                                                        final long entries) {
        return ChronicleMap.of(byte[].class, Long.class)
            .name("kairos-journal-" + name + "index")
            .constantKeySizeBySample(new byte[Hash.LENGTH])
            .entries(entries)
            // Without it Chronicle allocates the whole file up front: 0.9 GB of disk writes for the default size.
            .sparseFile(true);
    }

    private static long nextGeneration(final Path dir, final Meta meta) {
        long max = meta == null ? 0 : Math.max(0, meta.generation());
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path p : files.toList()) {
                final String n = p.getFileName().toString();
                final String prefix = n.startsWith(TX_PREFIX) ? TX_PREFIX : n.startsWith(BLOCK_PREFIX) ? BLOCK_PREFIX : null;
                if (prefix != null && n.endsWith(MAP_SUFFIX)) {
                    try {
                        max = Math.max(max, Long.parseLong(n.substring(prefix.length(), n.length() - MAP_SUFFIX.length())));
                    } catch (final NumberFormatException e) {
                        // Not one of ours: left alone by deleteIndexFiles too.
                    }
                }
            }
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot list index directory " + dir + ": "
                + e.getMessage(), e);
        }
        return max + 1;
    }

    /** Deletes the files this class writes, and nothing else in the directory. */
    private static void deleteIndexFiles(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path p : files.toList()) {
                final String n = p.getFileName().toString();
                if (n.equals(META_FILE) || n.equals(META_FILE + ".tmp")
                    || (n.startsWith(TX_PREFIX) || n.startsWith(BLOCK_PREFIX)) && n.endsWith(MAP_SUFFIX)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot delete the old index in " + dir + ": "
                + e.getMessage(), e);
        }
    }

    IndexReport report() {
        return report;
    }

    /** The height up to which every block's entries are in the maps. */
    long indexedHeight() {
        return indexed;
    }

    /**
     * Starts the indexer on {@code tailer}, which must be positioned at the record after the block at
     * {@link #indexedHeight()} (or anywhere before it: records it already covers are skipped).
     */
    void start(final ExcerptTailer tailer) {
        tailer.singleThreadedCheckDisabled(true);
        thread = new Thread(() -> run(tailer), "kairos-journal-indexer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(final ExcerptTailer tailer) {
        byte[] scratch = new byte[64 * 1024];
        final byte[] key = new byte[Hash.LENGTH];
        long sinceMeta = 0;
        try {
            while (!stopping) {
                if (paused) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                int length = -1;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (dc.isPresent()) {
                        final Bytes<?> bytes = dc.wire().bytes();
                        final long remaining = bytes.readRemaining();
                        if (remaining <= Integer.MAX_VALUE - 16) {
                            length = (int) remaining;
                            if (scratch.length < length) {
                                scratch = new byte[Math.max(length, scratch.length * 2)];
                            }
                            bytes.read(scratch, 0, length);
                        } else {
                            length = 0;
                        }
                    }
                }
                // Progress is recorded when caught up or every 1,024 blocks, but at most every 5 s:
                // under a sync policy each metadata write fsyncs both map files, and that fsync on
                // the block path (after every block at light load) showed in commit latency.
                if (length < 0) {
                    if (metaHeight != indexed && metaDue()) {
                        writeMeta(false);
                        sinceMeta = 0;
                    }
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                if (index(scratch, length, key) && ++sinceMeta >= META_EVERY_BLOCKS && metaDue()) {
                    writeMeta(false);
                    sinceMeta = 0;
                }
            }
        } catch (final JournalException e) {
            fail(e);
        } catch (final RuntimeException | Error e) {
            fail(new JournalException(JournalError.INDEX_FAILURE, "journal indexer in " + dir + " failed after height "
                + indexed + ": " + e, e));
        }
    }

    private void fail(final JournalException e) {
        failure = e;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /**
     * Indexes one record if it is the sound block after {@link #indexed}; damaged records (voided by a
     * cut marker), cut markers and blocks already covered are skipped. Whether it indexed a block.
     */
    private boolean index(final byte[] record, final int length, final byte[] key) {
        if (JournalFormat.check(record, 0, length) != null || JournalFormat.kind(record, 0) != JournalFormat.KIND_BLOCK) {
            return false;
        }
        final UnsafeBuffer b = new UnsafeBuffer(record, 0, length);
        final long h = b.getLong(JournalFormat.HEIGHT_OFFSET, JournalFormat.ORDER);
        if (h != indexed + 1) {
            return false;
        }
        final int n = b.getInt(JournalFormat.TRANSACTION_COUNT_OFFSET, JournalFormat.ORDER);
        final int headerLength = b.getInt(JournalFormat.HEADER_LENGTH_OFFSET, JournalFormat.ORDER);
        final int hashes = JournalFormat.FIXED_LENGTH + headerLength
            + b.getInt(JournalFormat.BODY_LENGTH_OFFSET, JournalFormat.ORDER);
        if (transactionCount + n > config.transactionIndexEntries()) {
            throw new JournalException(JournalError.INDEX_FULL, "the transaction index in " + dir + " holds "
                + transactionCount + " of its " + config.transactionIndexEntries() + " entries and block " + h
                + " has " + n + " transactions; raise JournalConfig.transactionIndexEntries and reopen (the index is"
                + " rebuilt at the new size). Indexed up to height " + indexed);
        }
        if (blockCount + 1 > config.blockIndexEntries()) {
            throw new JournalException(JournalError.INDEX_FULL, "the block index in " + dir + " holds " + blockCount
                + " of its " + config.blockIndexEntries() + " entries, no room for block " + h
                + "; raise JournalConfig.blockIndexEntries and reopen (the index is rebuilt at the new size)");
        }
        for (int i = 0; i < n; i++) {
            b.getBytes(hashes + i * JournalFormat.HASH_LENGTH, key);
            if (transactions.put(key, h << 32 | i) == null) {
                transactionCount++;
            }
        }
        final Hash blockHash = Hashing.hash(Hashing.Domain.BLOCK_HEADER, record, JournalFormat.FIXED_LENGTH, headerLength);
        blockHash.copyTo(key, 0);
        if (blocks.put(key, h) == null) {
            blockCount++;
        }
        blockHash.copyTo(lastBlockHash, 0);
        indexed = h;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        return true;
    }

    /**
     * Waits until the index covers {@code height}: returns at once if it does.
     *
     * @throws JournalException {@code INDEX_LAGGING} after {@link JournalConfig#indexWait()}; the indexer's own
     *                          failure ({@code INDEX_FULL}, {@code INDEX_FAILURE}) if it stopped; {@code CLOSED}
     */
    void await(final long height) {
        if (indexed >= height) {
            return;
        }
        final long deadline = System.nanoTime() + config.indexWait().toNanos();
        synchronized (monitor) {
            while (indexed < height) {
                final JournalException f = failure;
                if (f != null) {
                    throw new JournalException(f.error(), f.getMessage(), f);
                }
                if (closed || stopping) {
                    throw new JournalException(JournalError.CLOSED, "journal index in " + dir + " is closed");
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new JournalException(JournalError.INDEX_LAGGING, "the journal index in " + dir
                        + " covers height " + indexed + " but the journal is at " + height + " after waiting "
                        + config.indexWait().toMillis() + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JournalException(JournalError.INDEX_LAGGING, "interrupted while waiting for the journal"
                        + " index in " + dir + " to reach height " + height + " (it covers " + indexed + ")", e);
                }
            }
        }
    }

    /** The location stored for a transaction hash (32 bytes), or -1; unverified against the journal. */
    synchronized long transaction(final byte[] hash) {
        requireOpen();
        final Long v = transactions.get(hash);
        return v == null ? -1 : v;
    }

    /** The height stored for a block hash (32 bytes), or -1; unverified against the journal. */
    synchronized long block(final byte[] hash) {
        requireOpen();
        final Long v = blocks.get(hash);
        return v == null ? -1 : v;
    }

    private void requireOpen() {
        if (closed) {
            throw new JournalException(JournalError.CLOSED, "journal index in " + dir + " is closed");
        }
    }

    /** Makes the indexer skip its turns until {@link #resume()}: lets tests hold it behind the journal. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /**
     * Writes the metadata for the height indexed so far. The map files are forced first when the
     * journal syncs at all, so the metadata never claims entries that a power loss could take back.
     */
    private boolean metaDue() {
        return System.nanoTime() - lastMetaNanos >= META_INTERVAL_NANOS;
    }

    private void writeMeta(final boolean clean) {
        final long h = indexed;
        final byte[] out = new byte[META_LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        b.putInt(0, META_MAGIC, JournalFormat.ORDER);
        b.putShort(4, (short) META_VERSION, JournalFormat.ORDER);
        b.putByte(6, (byte) (clean ? 1 : 0));
        b.putLong(8, generation, JournalFormat.ORDER);
        b.putLong(16, config.transactionIndexEntries(), JournalFormat.ORDER);
        b.putLong(24, config.blockIndexEntries(), JournalFormat.ORDER);
        b.putLong(32, h, JournalFormat.ORDER);
        b.putBytes(40, lastBlockHash);
        b.putInt(META_CRC_OFFSET, JournalFormat.crc(out, 0, META_CRC_OFFSET), JournalFormat.ORDER);
        final boolean sync = config.syncPolicy() != SyncPolicy.NONE;
        final Path tmp = dir.resolve(META_FILE + ".tmp");
        try {
            if (sync) {
                force(dir.resolve(TX_PREFIX + generation + MAP_SUFFIX));
                force(dir.resolve(BLOCK_PREFIX + generation + MAP_SUFFIX));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                final ByteBuffer buf = ByteBuffer.wrap(out);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync) {
                    ch.force(true);
                }
            }
            Files.move(tmp, dir.resolve(META_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new JournalException(JournalError.INDEX_FAILURE, "cannot write index metadata " + tmp + ": "
                + e.getMessage(), e);
        }
        metaHeight = h;
        lastMetaNanos = System.nanoTime();
    }

    private static void force(final Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
    }

    /**
     * Stops the indexer (it finishes the block in hand), closes the maps and marks the metadata clean.
     * Idempotent.
     */
    @Override
    public void close() {
        stopping = true;
        if (thread != null) {
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (final InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
        try {
            transactions.close();
        } finally {
            blocks.close();
        }
        writeMeta(true);
    }

    private static void closeQuietly(final ChronicleMap<?, ?> map) {
        try {
            map.close();
        } catch (final RuntimeException e) {
            // The map was refused or half open; the rebuild that follows replaces it.
        }
    }
}
