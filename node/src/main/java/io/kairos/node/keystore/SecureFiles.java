package io.kairos.node.keystore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Writes private files atomically with mode 0600, and reads small files with a size cap.
 * Stateless; thread-safe (concurrent writers of one target leave one complete file).
 */
public final class SecureFiles {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {
    }

    /**
     * Checks what can be checked before expensive work: the directory exists, its file system keeps
     * POSIX permissions, and the target is absent unless {@code overwrite}.
     */
    public static void checkWritable(final Path target, final boolean overwrite) {
        final Path dir = directoryOf(target);
        if (!Files.isDirectory(dir)) {
            throw new KeystoreException(KeystoreError.IO, "directory " + dir + " does not exist");
        }
        try {
            if (!Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
                throw notPosix(dir);
            }
        } catch (final IOException e) {
            throw new KeystoreException(KeystoreError.IO, "cannot inspect " + dir + ": " + e.getMessage(), e);
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(target);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new KeystoreException(KeystoreError.IO, target + " is a directory");
        }
    }

    /**
     * Writes {@code content} to {@code target} so that the target is either absent, its old content,
     * or the complete new content, never partial, and never readable by anyone but the owner: a temp
     * file in the same directory created with mode 0600, synced, renamed over (or, without
     * {@code overwrite}, hard-linked to, which fails if the target appeared meanwhile), then the
     * directory synced.
     */
    public static void writeAtomically(final Path target, final byte[] content, final boolean overwrite) {
        checkWritable(target, overwrite);
        final Path dir = directoryOf(target);
        final FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        Path temp = null;
        try {
            try {
                temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", ownerOnly);
            } catch (final UnsupportedOperationException e) {
                throw notPosix(dir);
            }
            // The umask can only take bits away at creation; set exactly 0600 before any content exists.
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                final ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                linkNoReplace(temp, target);
            }
            temp = null;
            syncDirectory(dir);
        } catch (final IOException e) {
            throw new KeystoreException(KeystoreError.IO, "cannot write " + target + ": " + describe(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (final IOException ignored) {
                    // The write already failed with its own error; a leftover 0600 temp file is harmless.
                }
            }
        }
    }

    /**
     * Moves {@code temp} to {@code target} only if the target does not exist. A hard link does that
     * atomically (rename would replace); where links are unsupported, check then rename.
     */
    private static void linkNoReplace(final Path temp, final Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (final FileAlreadyExistsException e) {
            throw exists(target);
        } catch (final UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw exists(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.delete(temp);
    }

    private static void syncDirectory(final Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (final IOException e) {
            // Some platforms cannot open or sync a directory; the rename is still atomic there.
        }
    }

    /** Reads at most {@code maxBytes}; a larger file is refused without reading it all. */
    static byte[] readBounded(final Path file, final int maxBytes, final KeystoreError tooLarge) {
        try (InputStream in = Files.newInputStream(file)) {
            final byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                Arrays.fill(bytes, (byte) 0);
                throw new KeystoreException(tooLarge, file + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (final NoSuchFileException e) {
            throw new KeystoreException(KeystoreError.IO, file + " does not exist", e);
        } catch (final IOException e) {
            throw new KeystoreException(KeystoreError.IO, "cannot read " + file + ": " + describe(e), e);
        }
    }

    /** Whether group or others may read {@code file}; false where POSIX permissions are unknown. */
    static boolean readableByOthers(final Path file) {
        try {
            final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (final IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path directoryOf(final Path target) {
        final Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new KeystoreException(KeystoreError.IO, target + " has no parent directory");
        }
        return parent;
    }

    private static String describe(final IOException e) {
        return e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason() + " (" + e.getClass().getSimpleName() + ")"
            : String.valueOf(e.getMessage());
    }

    private static KeystoreException exists(final Path target) {
        return new KeystoreException(KeystoreError.FILE_EXISTS,
            target + " already exists; refusing to overwrite a key (use --force to replace it)");
    }

    private static KeystoreException notPosix(final Path dir) {
        return new KeystoreException(KeystoreError.UNSUPPORTED_FILESYSTEM, "the file system of " + dir
            + " has no POSIX permissions, so the key file could not be made private (mode 0600); "
            + "write it to a POSIX file system");
    }
}
