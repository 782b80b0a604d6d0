package io.kairos.node.data;

import io.kairos.node.cli.CommandError;
import io.kairos.node.cli.CommandException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A node's data directory, held exclusively: the one place a node writes (journal, snapshots,
 * safety record). Opening takes an OS file lock on {@code DIR/LOCK}, so a second node, in this
 * process or any other, is refused while the first runs; the OS drops the lock when the holder
 * exits, kill -9 included, so no stale lock ever needs cleaning by hand.
 *
 * <p>The lock file also records the holder's process id, for the refusal message only: the lock,
 * not the text, is what excludes.
 */
public final class DataDirectory implements AutoCloseable {
    /** Name of the lock file inside the directory. */
    public static final String LOCK_FILE = "LOCK";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(final Path path, final FileChannel channel, final FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws CommandException {@code DATA_DIRECTORY_LOCKED} if another node holds it, {@code IO} if it
     *                          cannot be created or locked
     */
    public static DataDirectory open(final Path dir) {
        final Path abs = dir.toAbsolutePath().normalize();
        FileChannel ch = null;
        try {
            Files.createDirectories(abs);
            ch = FileChannel.open(abs.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (final OverlappingFileLockException e) {
                throw locked(abs, ch, "this process");
            }
            if (lock == null) {
                throw locked(abs, ch, holder(ch));
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            return new DataDirectory(abs, ch, lock);
        } catch (final IOException e) {
            closeQuietly(ch);
            throw new CommandException(CommandError.IO, "cannot open data directory " + abs + ": " + e.getMessage(), e);
        }
    }

    private static CommandException locked(final Path dir, final FileChannel ch, final String holder) {
        closeQuietly(ch);
        return new CommandException(CommandError.DATA_DIRECTORY_LOCKED, "data directory " + dir
            + " is in use by another node (" + holder + "); two nodes must never share one directory");
    }

    private static String holder(final FileChannel ch) {
        try {
            final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(32);
            ch.read(buf, 0);
            final String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "unknown process" : "process " + pid;
        } catch (final IOException e) {
            return "unknown process";
        }
    }

    private static void closeQuietly(final FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (final IOException ignored) {
                // Closing a channel we failed to use: nothing left to report.
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Releases the lock; the directory and its files stay. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException ignored) {
            // Closing the channel below releases the lock in any case.
        }
        closeQuietly(channel);
    }
}
