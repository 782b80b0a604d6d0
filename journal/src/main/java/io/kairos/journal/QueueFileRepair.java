package io.kairos.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets aside Chronicle Queue files that a crash left without a complete header, before the queue
 * is opened.
 *
 * <p>When the queue rolls, Chronicle creates the next cycle's file and then writes its header. A
 * process killed between the two leaves a file whose first header word is zero (or still marked
 * not-complete). Chronicle treats such a file as one being initialised by a live writer: every
 * appender and tailer that reaches it pauses for the queue's timeout (10 s by default) before it
 * replaces the file, and a node restarted again within those seconds stalls again. Such a file
 * cannot hold an excerpt (excerpts follow the header), so nothing is lost by moving it aside: it is
 * renamed to {@code <name>.incomplete-header}, which Chronicle does not list, and kept for
 * inspection. The journal reports what it set aside ({@link BlockJournal#setAsideFiles()}).
 *
 * <p>Only for a directory no live process has open: the node's data-directory lock ensures that.
 */
final class QueueFileRepair {
    static final String SUFFIX = ".incomplete-header";
    /** Chronicle's wire header bits: the top bit marks a header still being written. */
    private static final int NOT_COMPLETE = 0x8000_0000;

    private QueueFileRepair() {
    }

    /** Renames every {@code .cq4} file in {@code directory} whose first header is incomplete; returns the new paths. */
    static List<Path> setAsideIncompleteHeaders(final Path directory) {
        final List<Path> setAside = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return setAside;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.cq4")) {
            for (final Path f : files) {
                if (Files.isRegularFile(f) && headerIncomplete(f)) {
                    final Path aside = f.resolveSibling(f.getFileName() + SUFFIX);
                    Files.move(f, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    setAside.add(aside);
                }
            }
        } catch (final IOException e) {
            throw new JournalException(JournalError.IO_FAILURE, "cannot check the queue files in " + directory
                + " for an incomplete header: " + e.getMessage(), e);
        }
        return setAside;
    }

    private static boolean headerIncomplete(final Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (word.hasRemaining()) {
                if (ch.read(word) < 0) {
                    return true;
                }
            }
            final int header = word.getInt(0);
            return header == 0 || (header & NOT_COMPLETE) != 0;
        }
    }
}
