package io.kairos.journal.snapshot;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.state.snapshot.SnapshotError;
import io.kairos.engine.state.snapshot.SnapshotException;
import io.kairos.engine.state.snapshot.SnapshotStore;
import io.kairos.engine.state.snapshot.StateSnapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Snapshots as one file each, {@code snapshot-<height, 20 digits>.ksnp}, in one directory. The
 * layout (little-endian) is a fixed header, the accounts in ascending address order, and a CRC32C
 * over everything before it:
 *
 * <pre>
 *   0  u32  magic "KSNP"          88  32B  state root
 *   4  u16  format version (1)   120  i64  bonded stake
 *   6  u16  reserved, 0          128  i64  supply (balances + bonded stake)
 *   8  32B  genesis hash         136  i64  account count n
 *  40  i64  height               144  n * (20B address, i64 balance, i64 nonce), ascending address
 *  48  32B  block hash           last 4 bytes: CRC32C of everything before them
 *  80  i64  timestamp (epoch ms)
 * </pre>
 *
 * <p>Writing is atomic: the bytes go to a hidden {@code .tmp} file, which is forced to storage,
 * renamed over the final name and the directory forced, so a crash at any moment leaves either the
 * whole new snapshot or none of it (a stray {@code .tmp} is deleted by the next open). After a
 * save the store keeps the newest {@code retain} snapshots and deletes the rest.
 *
 * <p>Threading: {@link #save} from one thread at a time; the reads may run beside it (a listing
 * taken during a prune may name a file that is gone by the time it is loaded: that load reports
 * {@link SnapshotError#NOT_FOUND}).
 */
public final class SnapshotFiles implements SnapshotStore {
    public static final int MAGIC = 'K' | 'S' << 8 | 'N' << 16 | 'P' << 24;
    public static final int VERSION = 1;
    public static final int GENESIS_HASH_OFFSET = 8;
    public static final int HEIGHT_OFFSET = 40;
    public static final int BLOCK_HASH_OFFSET = 48;
    public static final int TIMESTAMP_OFFSET = 80;
    public static final int STATE_ROOT_OFFSET = 88;
    public static final int BONDED_STAKE_OFFSET = 120;
    public static final int SUPPLY_OFFSET = 128;
    public static final int ACCOUNT_COUNT_OFFSET = 136;
    public static final int HEADER_LENGTH = 144;
    public static final int ACCOUNT_LENGTH = Address.LENGTH + 2 * Long.BYTES;
    public static final int CRC_LENGTH = Integer.BYTES;

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.ksnp");
    private static final int CHUNK = 64 * 1024;

    private final Path directory;
    private final int retain;
    private final int strayFilesRemoved;

    private SnapshotFiles(final Path directory, final int retain) {
        this.directory = directory;
        this.retain = retain;
        this.strayFilesRemoved = removeStrays();
    }

    /**
     * Opens (creating if needed) the snapshot directory; deletes temporary files a crash left behind.
     *
     * @param retain how many snapshots to keep, newest first (at least 1)
     * @throws SnapshotException {@link SnapshotError#IO_FAILURE} if the directory cannot be made
     */
    public static SnapshotFiles open(final Path directory, final int retain) {
        if (retain < 1) {
            throw new IllegalArgumentException("retain at least 1 snapshot, got " + retain);
        }
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot create snapshot directory " + directory
                + ": " + e.getMessage(), e);
        }
        return new SnapshotFiles(directory, retain);
    }

    public Path directory() {
        return directory;
    }

    public int retain() {
        return retain;
    }

    /** Temporary files of interrupted saves deleted when this store was opened. */
    public int strayFilesRemoved() {
        return strayFilesRemoved;
    }

    /** The file a snapshot at {@code height} lives in. */
    public Path file(final long height) {
        return directory.resolve(String.format("snapshot-%020d.ksnp", height));
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    private int removeStrays() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".snapshot-*.tmp")) {
            for (final Path f : files) {
                Files.deleteIfExists(f);
                removed++;
            }
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot clean snapshot directory " + directory
                + ": " + e.getMessage(), e);
        }
        return removed;
    }

    // ---- write -----------------------------------------------------------------------------------

    @Override
    public void save(final StateSnapshot snapshot) {
        final Path target = file(snapshot.height());
        final Path tmp = directory.resolve(String.format(".snapshot-%020d.ksnp.tmp", snapshot.height()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                final OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK);
                write(snapshot, out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (final AtomicMoveNotSupportedException e) {
                throw new SnapshotException(SnapshotError.IO_FAILURE, "the file system under " + directory
                    + " cannot rename atomically; snapshots need it", e);
            }
            forceDirectory();
        } catch (final IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (final IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot write snapshot " + target + ": "
                + e.getMessage(), e);
        }
        prune();
    }

    private static void write(final StateSnapshot s, final OutputStream out) throws IOException {
        final CRC32C crc = new CRC32C();
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0);
        header.put(s.genesisHash().toByteArray());
        header.putLong(s.height());
        header.put(s.blockHash().toByteArray());
        header.putLong(s.timestampMillis());
        header.put(s.stateRoot().toByteArray());
        header.putLong(s.bondedStake());
        header.putLong(s.supply());
        header.putLong(s.accountCount());
        crc.update(header.array(), 0, HEADER_LENGTH);
        out.write(header.array(), 0, HEADER_LENGTH);

        final int perChunk = CHUNK / ACCOUNT_LENGTH;
        final byte[] chunk = new byte[perChunk * ACCOUNT_LENGTH];
        final ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        final int n = s.accountCount();
        for (int i = 0; i < n; i += perChunk) {
            final int end = Math.min(n, i + perChunk);
            b.clear();
            for (int k = i; k < end; k++) {
                final int at = (k - i) * ACCOUNT_LENGTH;
                s.copyAddress(k, chunk, at);
                b.putLong(at + Address.LENGTH, s.balance(k));
                b.putLong(at + Address.LENGTH + Long.BYTES, s.nonce(k));
            }
            final int length = (end - i) * ACCOUNT_LENGTH;
            crc.update(chunk, 0, length);
            out.write(chunk, 0, length);
        }
        final ByteBuffer trailer = ByteBuffer.allocate(CRC_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue());
        out.write(trailer.array());
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void prune() {
        final List<Long> heights = heights();
        for (int i = retain; i < heights.size(); i++) {
            try {
                Files.deleteIfExists(file(heights.get(i)));
            } catch (final IOException e) {
                throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot delete old snapshot "
                    + file(heights.get(i)) + ": " + e.getMessage(), e);
            }
        }
    }

    // ---- read ------------------------------------------------------------------------------------

    @Override
    public List<Long> heights() {
        final List<Long> heights = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "snapshot-*.ksnp")) {
            for (final Path f : files) {
                final Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    heights.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot list snapshot directory " + directory
                + ": " + e.getMessage(), e);
        }
        heights.sort(Comparator.reverseOrder());
        return heights;
    }

    @Override
    public StateSnapshot load(final long height) {
        final Path f = file(height);
        final long size;
        try {
            size = Files.size(f);
        } catch (final NoSuchFileException e) {
            throw new SnapshotException(SnapshotError.NOT_FOUND, "no snapshot at height " + height + " (" + f + ")");
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot read " + f + ": " + e.getMessage(), e);
        }
        try (InputStream raw = Files.newInputStream(f)) {
            return read(f.toString(), size, height, new DataInputStream(new BufferedInputStream(raw, CHUNK)));
        } catch (final NoSuchFileException e) {
            throw new SnapshotException(SnapshotError.NOT_FOUND, "no snapshot at height " + height + " (" + f + ")");
        } catch (final EOFException e) {
            throw corrupt(f, "the file ends early");
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static StateSnapshot read(final String f, final long size, final long expectedHeight,
                                      final DataInputStream in) throws IOException {
        if (size < HEADER_LENGTH + CRC_LENGTH) {
            throw corrupt(f, "it is " + size + " bytes, shorter than a header");
        }
        final CRC32C crc = new CRC32C();
        final byte[] headerBytes = new byte[HEADER_LENGTH];
        in.readFully(headerBytes);
        crc.update(headerBytes);
        final ByteBuffer h = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != MAGIC) {
            throw corrupt(f, "bad magic 0x" + Integer.toHexString(h.getInt(0)));
        }
        if (h.getShort(4) != VERSION || h.getShort(6) != 0) {
            throw corrupt(f, "unknown format version " + h.getShort(4));
        }
        final long height = h.getLong(HEIGHT_OFFSET);
        final long n = h.getLong(ACCOUNT_COUNT_OFFSET);
        if (n < 0 || n > Integer.MAX_VALUE / ACCOUNT_LENGTH
            || size != HEADER_LENGTH + n * ACCOUNT_LENGTH + CRC_LENGTH) {
            throw corrupt(f, "it declares " + n + " accounts but is " + size + " bytes long");
        }
        final int count = (int) n;
        final byte[] addresses = new byte[count * Address.LENGTH];
        final long[] balances = new long[count];
        final long[] nonces = new long[count];
        final int perChunk = CHUNK / ACCOUNT_LENGTH;
        final byte[] chunk = new byte[perChunk * ACCOUNT_LENGTH];
        final ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i += perChunk) {
            final int end = Math.min(count, i + perChunk);
            final int length = (end - i) * ACCOUNT_LENGTH;
            in.readFully(chunk, 0, length);
            crc.update(chunk, 0, length);
            for (int k = i; k < end; k++) {
                final int at = (k - i) * ACCOUNT_LENGTH;
                System.arraycopy(chunk, at, addresses, k * Address.LENGTH, Address.LENGTH);
                balances[k] = b.getLong(at + Address.LENGTH);
                nonces[k] = b.getLong(at + Address.LENGTH + Long.BYTES);
            }
        }
        final int stored = Integer.reverseBytes(in.readInt());
        if (stored != (int) crc.getValue()) {
            throw corrupt(f, "CRC32C mismatch: stored 0x" + Integer.toHexString(stored) + ", computed 0x"
                + Integer.toHexString((int) crc.getValue()));
        }
        if (height != expectedHeight) {
            throw corrupt(f, "the file is named for height " + expectedHeight + " but holds height " + height);
        }
        try {
            return new StateSnapshot(hash(headerBytes, GENESIS_HASH_OFFSET), height,
                hash(headerBytes, BLOCK_HASH_OFFSET), h.getLong(TIMESTAMP_OFFSET), hash(headerBytes, STATE_ROOT_OFFSET),
                h.getLong(BONDED_STAKE_OFFSET), h.getLong(SUPPLY_OFFSET), addresses, balances, nonces);
        } catch (final SnapshotException e) {
            throw corrupt(f, e.getMessage());
        }
    }

    private static Hash hash(final byte[] bytes, final int offset) {
        final byte[] out = new byte[Hash.LENGTH];
        System.arraycopy(bytes, offset, out, 0, Hash.LENGTH);
        return Hash.of(out);
    }

    private static SnapshotException corrupt(final Path f, final String what) {
        return corrupt(f.toString(), what);
    }

    private static SnapshotException corrupt(final String f, final String what) {
        return new SnapshotException(SnapshotError.CORRUPT, "snapshot file " + f + " is corrupt: " + what);
    }

    /**
     * Decodes a whole snapshot file's bytes received from elsewhere (state sync) with every check
     * {@link #load} makes: format, lengths, account order and CRC.
     *
     * @param source what to call the bytes in messages (e.g. the peer they came from)
     * @throws SnapshotException {@link SnapshotError#CORRUPT} saying what is wrong
     */
    public static StateSnapshot parse(final byte[] bytes, final long expectedHeight, final String source) {
        try {
            return read(source, bytes.length, expectedHeight, new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (final EOFException e) {
            throw corrupt(source, "the bytes end early");
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.CORRUPT, "snapshot " + source + " cannot be read: "
                + e.getMessage(), e);
        }
    }

    /** Size in bytes of the snapshot file at {@code height}. */
    public long size(final long height) {
        final Path f = file(height);
        try {
            return Files.size(f);
        } catch (final NoSuchFileException e) {
            throw new SnapshotException(SnapshotError.NOT_FOUND, "no snapshot at height " + height + " (" + f + ")");
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code length} bytes of the snapshot file at {@code height} from byte
     * {@code position} into {@code dst} (serving a chunk to a peer); returns how many were read.
     *
     * @throws SnapshotException {@link SnapshotError#NOT_FOUND} if it was pruned, {@code IO_FAILURE}
     */
    public int read(final long height, final long position, final byte[] dst, final int length) {
        final Path f = file(height);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            final ByteBuffer b = ByteBuffer.wrap(dst, 0, length);
            long at = position;
            while (b.hasRemaining()) {
                final int n = ch.read(b, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            return b.position();
        } catch (final NoSuchFileException e) {
            throw new SnapshotException(SnapshotError.NOT_FOUND, "no snapshot at height " + height + " (" + f + ")");
        } catch (final IOException e) {
            throw new SnapshotException(SnapshotError.IO_FAILURE, "cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
