package io.kairos.journal.consensus;

import io.kairos.engine.consensus.Certificate;
import io.kairos.engine.consensus.CertificateStore;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.MessageCodec;
import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;
import io.kairos.engine.ledger.CodecLimits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The consensus {@link CertificateStore} on disk: every commit certificate, appended to
 * {@value #FILE_NAME} in the data directory, so that a restarted node can still hand lagging peers
 * the decisions of heights it committed before the restart.
 *
 * <p>Layout, little-endian. A 48-byte header: the magic {@code KCERTJNL}, version u32 (1), reserved
 * u32 (0), the genesis hash. Then one record per certificate: payload length u32, CRC32C u32 over
 * (height, payload), height i64, payload = {@link MessageCodec#encodeCertificate}. Heights strictly
 * increase; gaps are allowed (a crash between the block's append and the certificate's leaves one).
 *
 * <p>{@link #put} returns once the record is fsynced. {@link #open} scans the file: a last record that
 * is incomplete, or fails its checks with nothing but zero bytes after it, is a torn write; it is cut off (the
 * file is truncated and synced) and reported in {@link #recovery()}. A record that fails its checks
 * with further bytes after it is damage in the middle: {@link CertificateJournalError#CORRUPT_RECORD},
 * and the journal does not open. Any I/O failure in {@code put} leaves the instance refusing writes
 * ({@link CertificateJournalError#IO_FAILURE}); reopening repairs the tail.
 *
 * <p>Not thread-safe: the consensus thread makes every call. One open instance per file (a file
 * lock, {@link CertificateJournalError#LOCKED}). Close it on shutdown.
 */
public final class CertificateJournal implements CertificateStore, AutoCloseable {
    public static final String FILE_NAME = "consensus-certificates.log";
    public static final int VERSION = 1;
    static final int HEADER_BYTES = 48;
    static final int RECORD_HEADER_BYTES = 16;
    /** Step, height, round, two hashes and a signer count: the smallest encoded certificate without signers. */
    static final int MIN_PAYLOAD_BYTES = 1 + 8 + 4 + 32 + 32 + 2;
    private static final byte[] MAGIC = "KCERTJNL".getBytes(StandardCharsets.US_ASCII);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Heights the in-memory offset index spans (an array's limit). */
    private static final int MAX_SLOTS = Integer.MAX_VALUE - 8;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final MessageCodec codec;
    private final CertificateRecovery recovery;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(LE);
    private final CRC32C crc = new CRC32C();
    /** File offset of the record of height {@code firstHeight + i}, or -1 for a gap. */
    private long[] offsets;
    private long firstHeight;
    private long lastHeight;
    private long size;
    private boolean failed;
    private boolean closed;
    private SyncPolicy policy = SyncPolicy.EVERY_BLOCK;
    /** Appended since the last force (policy BATCH). */
    private boolean dirty;

    private CertificateJournal(final Path file, final FileChannel channel, final FileLock lock,
                               final MessageCodec codec, final Hash genesisHash) throws IOException {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.codec = codec;
        this.offsets = new long[1024];
        Arrays.fill(offsets, -1);
        this.recovery = recover(genesisHash);
    }

    /**
     * Opens (or creates) {@value #FILE_NAME} in {@code dataDir}, cutting a torn last record.
     *
     * @param maxSigners the validator count: bounds the size of a certificate read back
     * @throws CertificateJournalException {@code CORRUPT_RECORD}, {@code BAD_HEADER}, {@code WRONG_CHAIN},
     *                                     {@code LOCKED} or {@code IO_FAILURE}
     */
    public static CertificateJournal open(final Path dataDir, final Hash genesisHash, final int maxSigners) {
        if (maxSigners < 1 || maxSigners > 0xFFFF) {
            throw new IllegalArgumentException("maxSigners " + maxSigners + ", expected 1 to 65535");
        }
        final int maxPayload = MIN_PAYLOAD_BYTES + maxSigners * (4 + MessageCodec.MAX_SIGNATURE_BYTES);
        final MessageCodec codec = new MessageCodec(maxPayload, maxSigners, CodecLimits.DEFAULT);
        final Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (final OverlappingFileLockException e) {
                throw new CertificateJournalException(CertificateJournalError.LOCKED, file + " is open in this process");
            }
            if (lock == null) {
                throw new CertificateJournalException(CertificateJournalError.LOCKED, file + " is open in another process");
            }
            return new CertificateJournal(file, channel, lock, codec, genesisHash);
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new CertificateJournalException(CertificateJournalError.IO_FAILURE, "cannot open " + file + ": "
                + e.getMessage(), e);
        } catch (final RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * As {@link #open(Path, Hash, int)}, forcing appends as the node's journal policy says:
     * {@link SyncPolicy#EVERY_BLOCK} in {@link #put} (the default), {@link SyncPolicy#BATCH} at
     * {@link #sync()}, {@link SyncPolicy#NONE} never.
     */
    public static CertificateJournal open(final Path dataDir, final Hash genesisHash, final int maxSigners,
                                          final SyncPolicy policy) {
        final CertificateJournal j = open(dataDir, genesisHash, maxSigners);
        j.policy = java.util.Objects.requireNonNull(policy, "policy");
        return j;
    }

    /** Forces what was appended since the last force (policy {@link SyncPolicy#BATCH}). */
    @Override
    public void sync() {
        checkOpen();
        if (!dirty || failed) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        } catch (final IOException e) {
            failed = true;
            throw new CertificateJournalException(CertificateJournalError.IO_FAILURE, "cannot sync " + file + ": "
                + e.getMessage(), e);
        }
    }

    /** What opening found: records kept and any torn tail cut. */
    public CertificateRecovery recovery() {
        return recovery;
    }

    /** Height of the last certificate kept, 0 when none. */
    public long lastHeight() {
        return lastHeight;
    }

    /** Height of the first certificate kept, 0 when none. */
    public long firstHeight() {
        return firstHeight;
    }

    /**
     * Appends the certificate and, with the default policy, syncs it. A certificate at or below {@link #lastHeight()} is ignored:
     * the one kept proves the same decided block.
     *
     * @throws CertificateJournalException {@code IO_FAILURE}, {@code HEIGHT_OUT_OF_RANGE} or {@code CLOSED}
     */
    @Override
    public void put(final Certificate commit) {
        checkOpen();
        if (failed) {
            throw new CertificateJournalException(CertificateJournalError.IO_FAILURE, file
                + " failed earlier; reopen it to repair the tail");
        }
        final long height = commit.height();
        if (lastHeight > 0 && height <= lastHeight) {
            return;
        }
        if (lastHeight > 0 && height - firstHeight >= MAX_SLOTS) {
            throw new CertificateJournalException(CertificateJournalError.HEIGHT_OUT_OF_RANGE, "height " + height
                + " is too far after the first kept, " + firstHeight + ", for the in-memory index");
        }
        final byte[] payload = codec.encodeCertificate(commit);
        final ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_BYTES + payload.length).order(LE);
        record.putInt(payload.length).putInt(checksum(height, payload, payload.length)).putLong(height).put(payload);
        record.flip();
        try {
            long at = size;
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            if (policy == SyncPolicy.EVERY_BLOCK) {
                channel.force(false);
            } else {
                dirty = policy == SyncPolicy.BATCH;
            }
        } catch (final IOException e) {
            failed = true;
            throw new CertificateJournalException(CertificateJournalError.IO_FAILURE, "cannot append height " + height
                + " to " + file + ": " + e.getMessage(), e);
        }
        index(height, size);
        size += record.capacity();
    }

    /**
     * The commit certificate of {@code height}, or null if not kept.
     *
     * @throws CertificateJournalException {@code CORRUPT_RECORD} when the record no longer passes its
     *                                     checks, {@code IO_FAILURE} or {@code CLOSED}
     */
    @Override
    public Certificate get(final long height) {
        checkOpen();
        if (lastHeight == 0 || height < firstHeight || height > lastHeight) {
            return null;
        }
        final long at = offsets[(int) (height - firstHeight)];
        if (at < 0) {
            return null;
        }
        try {
            recordHeader.clear();
            readFully(recordHeader, at);
            final int length = recordHeader.getInt(0);
            final int stored = recordHeader.getInt(4);
            final long recorded = recordHeader.getLong(8);
            if (length < MIN_PAYLOAD_BYTES || length > codec.maxMessageBytes() || at + RECORD_HEADER_BYTES + length > size
                || recorded != height) {
                throw corrupt(at, "record for height " + recorded + " of " + length + " bytes, expected height " + height);
            }
            final byte[] payload = new byte[length];
            readFully(ByteBuffer.wrap(payload), at + RECORD_HEADER_BYTES);
            if (checksum(height, payload, length) != stored) {
                throw corrupt(at, "CRC32C mismatch for height " + height);
            }
            final Certificate c = codec.decodeCertificate(payload);
            if (c.height() != height) {
                throw corrupt(at, "the certificate is for height " + c.height() + ", the record for " + height);
            }
            return c;
        } catch (final ConsensusException e) {
            throw corrupt(at, "the certificate of height " + height + " does not decode: " + e.getMessage());
        } catch (final IOException e) {
            throw new CertificateJournalException(CertificateJournalError.IO_FAILURE, "cannot read height " + height
                + " from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (final IOException ignored) {
            // Closing the channel releases the lock anyway.
        }
        closeQuietly(channel);
    }

    private CertificateRecovery recover(final Hash genesisHash) throws IOException {
        final long fileSize = channel.size();
        if (fileSize < HEADER_BYTES) {
            // A header is synced before any record is written, so a short file holds no record: a crash
            // while it was being created. Write it again.
            writeHeader(genesisHash);
            size = HEADER_BYTES;
            return new CertificateRecovery(0, 0, 0, HEADER_BYTES, fileSize);
        }
        checkHeader(genesisHash);
        long at = HEADER_BYTES;
        long records = 0;
        long cut = 0;
        while (at < fileSize) {
            final long left = fileSize - at;
            if (left < RECORD_HEADER_BYTES) {
                cut = left;
                break;
            }
            recordHeader.clear();
            readFully(recordHeader, at);
            final int length = recordHeader.getInt(0);
            final int stored = recordHeader.getInt(4);
            final long height = recordHeader.getLong(8);
            if (length < MIN_PAYLOAD_BYTES || length > codec.maxMessageBytes()) {
                if (zeroFrom(at, fileSize)) {
                    cut = left;
                    break;
                }
                throw corrupt(at, "record length " + length + ", expected " + MIN_PAYLOAD_BYTES + " to "
                    + codec.maxMessageBytes());
            }
            final long end = at + RECORD_HEADER_BYTES + length;
            if (end > fileSize) {
                cut = left;
                break;
            }
            final byte[] payload = new byte[length];
            readFully(ByteBuffer.wrap(payload), at + RECORD_HEADER_BYTES);
            if (checksum(height, payload, length) != stored) {
                if (end == fileSize || zeroFrom(end, fileSize)) {
                    cut = left;
                    break;
                }
                throw corrupt(at, "CRC32C mismatch for height " + height + " with " + (fileSize - end)
                    + " bytes after the record");
            }
            if (height < 1 || (lastHeight > 0 && height <= lastHeight)) {
                throw corrupt(at, "height " + height + " after height " + lastHeight + ", expected a higher one");
            }
            index(height, at);
            records++;
            at = end;
        }
        size = at;
        if (cut > 0) {
            channel.truncate(at);
            channel.force(true);
        }
        return new CertificateRecovery(records, firstHeight, lastHeight, size, cut);
    }

    private void writeHeader(final Hash genesisHash) throws IOException {
        final ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(LE);
        h.put(MAGIC).putInt(VERSION).putInt(0).put(genesisHash.toByteArray());
        h.flip();
        channel.truncate(0);
        long at = 0;
        while (h.hasRemaining()) {
            at += channel.write(h, at);
        }
        channel.force(true);
    }

    private void checkHeader(final Hash genesisHash) throws IOException {
        final ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(LE);
        readFully(h, 0);
        final byte[] magic = new byte[MAGIC.length];
        h.get(0, magic);
        if (!Arrays.equals(magic, MAGIC) || h.getInt(8) != VERSION || h.getInt(12) != 0) {
            throw new CertificateJournalException(CertificateJournalError.BAD_HEADER, file
                + " is not a version " + VERSION + " certificate journal (magic " + new String(magic,
                StandardCharsets.ISO_8859_1) + ", version " + h.getInt(8) + ")");
        }
        final byte[] genesis = new byte[Hash.LENGTH];
        h.get(16, genesis);
        if (!Arrays.equals(genesis, genesisHash.toByteArray())) {
            throw new CertificateJournalException(CertificateJournalError.WRONG_CHAIN, file + " belongs to genesis "
                + Hash.of(genesis) + ", this node runs " + genesisHash);
        }
    }

    private boolean zeroFrom(final long from, final long to) throws IOException {
        final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long at = from;
        while (at < to) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - at));
            readFully(chunk, at);
            for (int i = 0; i < chunk.limit(); i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
            at += chunk.limit();
        }
        return true;
    }

    private void index(final long height, final long offset) {
        if (lastHeight == 0) {
            firstHeight = height;
        }
        final long slot = height - firstHeight;
        if (slot >= MAX_SLOTS) {
            throw new CertificateJournalException(CertificateJournalError.CORRUPT_RECORD, "height " + height
                + " is too far after the first kept, " + firstHeight);
        }
        if (slot >= offsets.length) {
            final int old = offsets.length;
            offsets = Arrays.copyOf(offsets, (int) Math.min(MAX_SLOTS, Math.max(slot + 1, old * 2L)));
            Arrays.fill(offsets, old, offsets.length, -1);
        }
        offsets[(int) slot] = offset;
        lastHeight = height;
    }

    private int checksum(final long height, final byte[] payload, final int length) {
        crc.reset();
        final ByteBuffer h = ByteBuffer.allocate(Long.BYTES).order(LE).putLong(0, height);
        crc.update(h);
        crc.update(payload, 0, length);
        return (int) crc.getValue();
    }

    private void readFully(final ByteBuffer into, final long from) throws IOException {
        long at = from;
        while (into.hasRemaining()) {
            final int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of " + file + " at byte " + at);
            }
            at += n;
        }
    }

    private CertificateJournalException corrupt(final long at, final String what) {
        return new CertificateJournalException(CertificateJournalError.CORRUPT_RECORD, file + " at byte " + at + ": "
            + what);
    }

    private void checkOpen() {
        if (closed) {
            throw new CertificateJournalException(CertificateJournalError.CLOSED, file + " is closed");
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // Already failing; the first error is the one reported.
            }
        }
    }
}
