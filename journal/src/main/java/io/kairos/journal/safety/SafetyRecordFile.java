package io.kairos.journal.safety;

import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The validator's durable safety record: the last (height, round, step) it signed and what for, kept
 * in {@value #FILE_NAME} in the node's data directory so that a restarted validator never signs a
 * vote that conflicts with one it may already have sent. Format and protocol: docs/safety-record.md.
 *
 * <p>Consensus calls {@link #recordVote(SafetyRecord)} <em>before</em> a signed vote leaves the node,
 * and sends only if it returns; it returns once the record is on stable storage. The file holds two
 * 4 KiB slots written alternately, each with a sequence number and a CRC32C, so a write torn by a
 * crash or power loss leaves the previous record readable in the other slot.
 *
 * <p>An instance holds an exclusive lock on the file until {@link #close()}; a second open, in this
 * process or another, is refused with {@link SafetyError#LOCKED}. Methods are synchronized: callers
 * on several threads are safe, though consensus normally calls from its one event thread. After a
 * failed write the instance refuses everything with {@link SafetyError#IO_FAILURE}: what the disk
 * holds is then unknown, and the node must restart and read the file again.
 */
public final class SafetyRecordFile implements AutoCloseable {
    public static final String FILE_NAME = "safety-record.bin";
    static final int SLOT_SIZE = 4096;
    static final int FILE_SIZE = 2 * SLOT_SIZE;

    static final int MAGIC = 0x4B535231; // "KSR1"
    static final byte VERSION = 1;
    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 4;
    static final int OFF_STEP = 5;
    static final int OFF_FLAGS = 6;
    static final int OFF_RESERVED_BYTE = 7;
    static final int OFF_SEQUENCE = 8;
    static final int OFF_HEIGHT = 16;
    static final int OFF_ROUND = 24;
    static final int OFF_RESERVED_INT = 28;
    static final int OFF_GENESIS = 32;
    static final int OFF_TARGET = 64;
    static final int OFF_CRC = 96;
    static final int RECORD_LENGTH = 100;
    static final byte FLAG_HAS_TARGET = 1;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean createdNow;
    private final ByteBuffer slotBuffer = ByteBuffer.allocate(SLOT_SIZE);
    private final CRC32C crc = new CRC32C();
    private SafetyRecord current;
    private long sequence;
    private SyncPolicy policy = SyncPolicy.EVERY_BLOCK;
    /** A record written since the last force (policy BATCH). */
    private boolean dirty;
    private boolean failed;
    private boolean closed;

    private SafetyRecordFile(final Path path, final FileChannel channel, final FileLock lock,
                             final boolean createdNow, final SafetyRecord current, final long sequence) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.createdNow = createdNow;
        this.current = current;
        this.sequence = sequence;
    }

    /**
     * Opens the record in {@code dataDir} for the chain {@code genesisHash}, creating it (holding
     * {@link SafetyRecord#initial(Hash)}) when the file does not exist. Refuses with
     * {@link SafetyError#CORRUPT} when no slot is valid, {@link SafetyError#WRONG_CHAIN} when the record
     * belongs to another genesis, {@link SafetyError#LOCKED} when it is already open. A node must
     * then call {@link #checkNotOlderThan(long)} with its journal height before it votes.
     */
    public static SafetyRecordFile open(final Path dataDir, final Hash genesisHash) {
        final Path path = dataDir.resolve(FILE_NAME);
        final boolean createdNow;
        try {
            Files.createDirectories(dataDir);
            createdNow = !Files.exists(path);
            if (createdNow) {
                create(dataDir, path, genesisHash);
            }
        } catch (final IOException e) {
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot create " + path + ": " + e.getMessage(), e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final FileLock lock = lock(channel, path);
            final ByteBuffer whole = ByteBuffer.allocate(FILE_SIZE);
            while (whole.hasRemaining() && channel.read(whole, whole.position()) > 0) {
                // read until the buffer is full or the file ends
            }
            final int length = whole.position();
            final Slot a = Slot.decode(whole, 0, length);
            final Slot b = Slot.decode(whole, SLOT_SIZE, length);
            final Slot chosen = choose(a, b, path);
            if (!chosen.record.genesisHash().equals(genesisHash)) {
                throw new SafetyException(SafetyError.WRONG_CHAIN, path + " is the safety record of the chain with genesis "
                    + chosen.record.genesisHash().toHex() + ", not of this node's chain " + genesisHash.toHex());
            }
            final SafetyRecordFile file = new SafetyRecordFile(path, channel, lock, createdNow, chosen.record, chosen.sequence);
            channel = null;
            return file;
        } catch (final IOException e) {
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot read " + path + ": " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                closeQuietly(channel);
            }
        }
    }

    /**
     * As {@link #open(Path, Hash)}, with the node's journal sync policy for what follows:
     * {@link SyncPolicy#EVERY_BLOCK} forces every record before the call returns (the default);
     * {@link SyncPolicy#BATCH} writes each record at once and forces at {@link #sync()}, which the
     * node calls before it releases anything signed; {@link SyncPolicy#NONE} never forces (records
     * survive the process dying, not a power loss). A record is about 100 bytes at the start of a
     * 4 KiB-aligned slot, inside one sector, so an unforced write is never half-visible after a power
     * loss on a device with atomic sector writes: the slot holds the old or the new record.
     */
    public static SafetyRecordFile open(final Path dataDir, final Hash genesisHash, final SyncPolicy policy) {
        final SafetyRecordFile f = open(dataDir, genesisHash);
        f.policy = java.util.Objects.requireNonNull(policy, "policy");
        return f;
    }

    /**
     * Forces the records written since the last force (policy {@link SyncPolicy#BATCH}); does nothing
     * otherwise.
     *
     * @throws SafetyException {@link SafetyError#IO_FAILURE} when the sync failed: nothing signed since
     *     the last sync may be sent
     */
    public synchronized void sync() {
        ensureUsable();
        if (!dirty) {
            return;
        }
        try {
            channel.force(true);
            dirty = false;
        } catch (final IOException e) {
            failed = true;
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot sync " + path + ": " + e.getMessage()
                + "; nothing signed since the last sync may be sent", e);
        }
    }

    /** The newest record; {@link SafetyRecord#initial(Hash)} when nothing was signed yet. */
    public synchronized SafetyRecord current() {
        return current;
    }

    /** True when {@link #open} found no file and created it: a node with a journal must then not vote. */
    public boolean createdNow() {
        return createdNow;
    }

    public Path path() {
        return path;
    }

    /**
     * Makes {@code next} the durable record, returning only after it is on stable storage; the vote may
     * be sent only after this returns. Signing again exactly what is recorded (same position, same
     * target) is allowed and writes nothing: re-sending an identical vote cannot equivocate.
     *
     * @throws SafetyException {@link SafetyError#WOULD_DOUBLE_SIGN} for the recorded position with
     *     another target, {@link SafetyError#REGRESSION} for a position before the recorded one,
     *     {@link SafetyError#WRONG_CHAIN}, {@link SafetyError#INVALID_INPUT}, or
     *     {@link SafetyError#IO_FAILURE} when the write or sync failed (the vote must not be sent)
     */
    public synchronized void recordVote(final SafetyRecord next) {
        ensureUsable();
        if (!next.genesisHash().equals(current.genesisHash())) {
            throw new SafetyException(SafetyError.WRONG_CHAIN, "vote at " + next.describe() + " is for the chain with genesis "
                + next.genesisHash().toHex() + ", but this record belongs to " + current.genesisHash().toHex());
        }
        if (next.height() < 1 || next.round() < 0 || next.round() == SafetyRecord.FLOOR_ROUND) {
            throw new SafetyException(SafetyError.INVALID_INPUT, "a vote needs height >= 1 and 0 <= round < "
                + SafetyRecord.FLOOR_ROUND + ", got height " + next.height() + " round " + next.round());
        }
        final int order = next.comparePosition(current);
        if (order == 0) {
            if (next.sameTarget(current)) {
                return;
            }
            throw new SafetyException(SafetyError.WOULD_DOUBLE_SIGN, "refusing to sign " + next.describe()
                + ": this validator already signed " + current.describe());
        }
        if (order < 0) {
            throw new SafetyException(SafetyError.REGRESSION, "refusing to sign " + next.describe()
                + ": it comes before the recorded " + current.describe());
        }
        write(next);
    }

    /**
     * Records that {@code height} is committed, so that no vote at that height or below is signed
     * again; consensus calls it just after the block at {@code height} is appended to the journal, so
     * the record is at most one height behind the journal (see {@link #checkNotOlderThan(long)}).
     * Does nothing when the record is already at a later position.
     */
    public synchronized void recordCommitted(final long height) {
        ensureUsable();
        if (height < 0) {
            throw new SafetyException(SafetyError.INVALID_INPUT, "a committed height is >= 0, got " + height);
        }
        final SafetyRecord floor = SafetyRecord.committedFloor(current.genesisHash(), height);
        if (floor.comparePosition(current) > 0) {
            write(floor);
        }
    }

    /**
     * Refuses to start when the record is behind the journal: {@code record height < journalHeight},
     * where {@code journalHeight} is the height of the last block in the journal (0 when it holds only
     * genesis). Because {@link #recordCommitted(long)} runs just after each journal append, a record
     * kept by this node is at most one height behind its journal, and the node passes the journal
     * height minus one here; a record further behind was lost, replaced or restored from an old copy,
     * and may be missing votes this validator sent after it was written.
     *
     * @throws SafetyException {@link SafetyError#STALE_RECORD} with a message saying what to do
     */
    public synchronized void checkNotOlderThan(final long journalHeight) {
        ensureUsable();
        if (journalHeight < 0) {
            throw new SafetyException(SafetyError.INVALID_INPUT, "a journal height is >= 0, got " + journalHeight);
        }
        if (current.height() < journalHeight) {
            throw new SafetyException(SafetyError.STALE_RECORD, "safety record " + path + " is at height "
                + current.height() + ", below " + journalHeight + ", the lowest a record kept beside this journal"
                + " can be: refusing to start"
                + (createdNow ? " (the record file did not exist and was created just now)" : "")
                + ". The record was lost, replaced or restored from an old copy, so this validator may already have"
                + " signed votes it no longer shows, and voting now could double-sign. Do not delete or copy the"
                + " record to get past this: run the node without its validator key until the network has committed"
                + " past every height this key may have signed at, then raise the record to the journal height"
                + " (SafetyRecordFile.recordCommitted) before validating again.");
        }
    }

    /** Releases the lock and closes the file; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (final IOException ignored) {
            // closing the channel releases the lock anyway
        }
        closeQuietly(channel);
    }

    private void ensureUsable() {
        if (closed) {
            throw new SafetyException(SafetyError.CLOSED, path + " was closed");
        }
        if (failed) {
            throw new SafetyException(SafetyError.IO_FAILURE, "an earlier write to " + path
                + " failed, so what the disk holds is unknown: restart the node to read the record again");
        }
    }

    private void write(final SafetyRecord next) {
        final long nextSequence = sequence + 1;
        Slot.encode(slotBuffer, crc, next, nextSequence);
        final long position = (nextSequence & 1) * SLOT_SIZE;
        try {
            slotBuffer.clear();
            while (slotBuffer.hasRemaining()) {
                channel.write(slotBuffer, position + slotBuffer.position());
            }
            if (policy == SyncPolicy.EVERY_BLOCK) {
                // force(true): the slot may extend a file an earlier crash or repair left short.
                channel.force(true);
            } else {
                dirty = policy == SyncPolicy.BATCH;
            }
        } catch (final IOException e) {
            failed = true;
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot write " + next.describe() + " to " + path
                + ": " + e.getMessage() + "; the vote must not be sent", e);
        }
        current = next;
        sequence = nextSequence;
    }

    private static void create(final Path dir, final Path path, final Hash genesisHash) throws IOException {
        // A whole file under a temporary name, renamed into place: the record file either does not
        // exist or holds a valid initial record, whatever instant a crash hits.
        final Path temp = dir.resolve(FILE_NAME + ".tmp");
        final ByteBuffer whole = ByteBuffer.allocate(FILE_SIZE);
        final ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
        // Sequence 1 goes where the write protocol puts odd sequences, slot B, so the first vote
        // (sequence 2) lands in slot A and never overwrites the only valid record.
        Slot.encode(slot, new CRC32C(), SafetyRecord.initial(genesisHash), 1);
        whole.put(SLOT_SIZE, slot.clear(), 0, SLOT_SIZE);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            while (whole.hasRemaining()) {
                out.write(whole);
            }
            out.force(true);
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static FileLock lock(final FileChannel channel, final Path path) throws IOException {
        final FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (final OverlappingFileLockException e) {
            throw new SafetyException(SafetyError.LOCKED, path + " is already open in this process", e);
        }
        if (lock == null) {
            throw new SafetyException(SafetyError.LOCKED, path + " is held by another process: is another node running on this data directory?");
        }
        return lock;
    }

    private static Slot choose(final Slot a, final Slot b, final Path path) {
        if (a == null && b == null) {
            throw new SafetyException(SafetyError.CORRUPT, "neither slot of " + path + " holds a valid record (bad magic, "
                + "version, checksum or field): the validator cannot know what it signed; restore it only from a copy"
                + " certain to be at least as new, or see STALE_RECORD for how to rejoin safely");
        }
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.sequence == b.sequence) {
            throw new SafetyException(SafetyError.CORRUPT, "both slots of " + path + " carry sequence " + a.sequence
                + ", which the write protocol never produces");
        }
        return a.sequence > b.sequence ? a : b;
    }

    private static void closeQuietly(final FileChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing useful to do: the record's durability was settled by the last force
        }
    }

    /** One decoded slot. */
    private record Slot(long sequence, SafetyRecord record) {
        static void encode(final ByteBuffer slot, final CRC32C crc, final SafetyRecord record, final long sequence) {
            slot.clear();
            slot.putInt(OFF_MAGIC, MAGIC);
            slot.put(OFF_VERSION, VERSION);
            slot.put(OFF_STEP, record.step().code());
            slot.put(OFF_FLAGS, record.isNil() ? 0 : FLAG_HAS_TARGET);
            slot.put(OFF_RESERVED_BYTE, (byte) 0);
            slot.putLong(OFF_SEQUENCE, sequence);
            slot.putLong(OFF_HEIGHT, record.height());
            slot.putInt(OFF_ROUND, record.round());
            slot.putInt(OFF_RESERVED_INT, 0);
            slot.put(OFF_GENESIS, record.genesisHash().toByteArray());
            slot.put(OFF_TARGET, record.isNil() ? new byte[Hash.LENGTH] : record.votedFor().toByteArray());
            crc.reset();
            crc.update(slot.slice(0, OFF_CRC));
            slot.putInt(OFF_CRC, (int) crc.getValue());
            // The padding is part of the format (all zero); a reused buffer keeps it so.
        }

        /** The slot at {@code offset}, or {@code null} when it is short, torn or otherwise invalid. */
        static Slot decode(final ByteBuffer file, final int offset, final int fileLength) {
            if (fileLength < offset + SLOT_SIZE) {
                return null;
            }
            final ByteBuffer s = file.slice(offset, SLOT_SIZE);
            if (s.getInt(OFF_MAGIC) != MAGIC || s.get(OFF_VERSION) != VERSION) {
                return null;
            }
            final CRC32C crc = new CRC32C();
            crc.update(s.slice(0, OFF_CRC));
            if ((int) crc.getValue() != s.getInt(OFF_CRC)) {
                return null;
            }
            for (int i = RECORD_LENGTH; i < SLOT_SIZE; i++) {
                if (s.get(i) != 0) {
                    return null;
                }
            }
            final VoteStep step = VoteStep.ofCode(s.get(OFF_STEP));
            final byte flags = s.get(OFF_FLAGS);
            final long sequence = s.getLong(OFF_SEQUENCE);
            final long height = s.getLong(OFF_HEIGHT);
            final int round = s.getInt(OFF_ROUND);
            if (step == null || (flags != 0 && flags != FLAG_HAS_TARGET) || s.get(OFF_RESERVED_BYTE) != 0
                || s.getInt(OFF_RESERVED_INT) != 0 || sequence < 1 || height < 0 || round < 0) {
                return null;
            }
            final byte[] genesis = new byte[Hash.LENGTH];
            s.get(OFF_GENESIS, genesis);
            final byte[] target = new byte[Hash.LENGTH];
            s.get(OFF_TARGET, target);
            if (flags == 0) {
                for (final byte t : target) {
                    if (t != 0) {
                        return null;
                    }
                }
            }
            return new Slot(sequence, new SafetyRecord(Hash.of(genesis), height, round, step,
                flags == 0 ? null : Hash.of(target)));
        }
    }
}
