package io.kairos.journal.safety;

import io.kairos.journal.SyncPolicy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The proof of lock kept beside the safety record: the newest encoded round change, written in place
 * to one of two files in turn ({@code consensus-pol-0.bin}, {@code consensus-pol-1.bin}), each
 * {@code magic u32 | sequence u64 | length u32 | crc32c u32 | bytes}, all little-endian. A write
 * torn by a crash damages only the file being written; the other still holds the previous proof, and
 * {@link #read()} returns the valid one with the higher sequence. No rename and no new file per
 * write, so keeping a proof costs one write (and, by policy, one force) on the consensus thread.
 *
 * <p>Forced as {@link SyncPolicy} says: every write, at {@link #sync()}, or never. Single-threaded:
 * the consensus thread.
 */
final class ProofOfLockFile implements AutoCloseable {
    static final String PREFIX = "consensus-pol-";
    private static final int MAGIC = 0x4B504F4C;
    private static final int HEADER = 4 + 8 + 4 + 4;
    /** Bounded: consensus decodes the proof with its own size limit. */
    private static final int MAX_BYTES = 64 << 20;

    private final Path[] paths = new Path[2];
    private final FileChannel[] channels = new FileChannel[2];
    private final SyncPolicy policy;
    private final CRC32C crc = new CRC32C();
    private long sequence;
    private byte[] newest;
    private final boolean[] dirty = new boolean[2];

    ProofOfLockFile(final Path dir, final SyncPolicy policy) throws IOException {
        this.policy = policy;
        try {
            for (int i = 0; i < 2; i++) {
                paths[i] = dir.resolve(PREFIX + i + ".bin");
                channels[i] = FileChannel.open(paths[i], StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            }
            long best = -1;
            for (int i = 0; i < 2; i++) {
                final Slot s = load(channels[i]);
                if (s != null && s.sequence > best) {
                    best = s.sequence;
                    newest = s.bytes;
                }
            }
            sequence = Math.max(best, 0);
        } catch (final IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private record Slot(long sequence, byte[] bytes) {
    }

    /** The slot in {@code channel}, or null if it is empty, torn or damaged. */
    private Slot load(final FileChannel channel) throws IOException {
        final long size = channel.size();
        if (size < HEADER || size > HEADER + (long) MAX_BYTES) {
            return null;
        }
        final ByteBuffer all = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
            // read the whole file
        }
        if (all.position() != size || all.getInt(0) != MAGIC) {
            return null;
        }
        final long seq = all.getLong(4);
        final int length = all.getInt(12);
        if (length < 0 || HEADER + (long) length != size) {
            return null;
        }
        final byte[] bytes = new byte[length];
        all.get(HEADER, bytes);
        return all.getInt(16) == checksum(seq, bytes) ? new Slot(seq, bytes) : null;
    }

    private int checksum(final long seq, final byte[] bytes) {
        crc.reset();
        final ByteBuffer s = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, seq);
        crc.update(s);
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** The newest intact proof, or null. */
    byte[] read() {
        return newest == null ? null : newest.clone();
    }

    /** Keeps {@code bytes} as the newest proof, in the file that does not hold the current one. */
    void write(final byte[] bytes) throws IOException {
        if (bytes.length > MAX_BYTES) {
            throw new IOException("a proof of lock of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        final long next = sequence + 1;
        final int i = (int) (next & 1);
        final ByteBuffer b = ByteBuffer.allocate(HEADER + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(next).putInt(bytes.length).putInt(checksum(next, bytes)).put(bytes).flip();
        final FileChannel c = channels[i];
        c.truncate(0);
        long at = 0;
        while (b.hasRemaining()) {
            at += c.write(b, at);
        }
        if (policy == SyncPolicy.EVERY_BLOCK) {
            c.force(true);
        } else {
            dirty[i] = policy == SyncPolicy.BATCH;
        }
        sequence = next;
        newest = bytes.clone();
    }

    /** Forces what was written since the last force (policy BATCH). */
    void sync() throws IOException {
        for (int i = 0; i < 2; i++) {
            if (dirty[i]) {
                channels[i].force(true);
                dirty[i] = false;
            }
        }
    }

    @Override
    public void close() {
        for (final FileChannel c : channels) {
            if (c != null) {
                try {
                    c.close();
                } catch (final IOException e) {
                    // closing: what was written is in the file or it is not; read() on open decides
                }
            }
        }
    }
}
