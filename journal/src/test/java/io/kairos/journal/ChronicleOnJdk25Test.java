package io.kairos.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the build's JVM flags (jvm.options): Chronicle Queue and Chronicle Map must open real
 * files on disk under JDK 25, with analytics switched off. If a flag goes missing, these fail with
 * Chronicle's own access error rather than later inside the journal.
 */
class ChronicleOnJdk25Test {
    @TempDir
    Path dir;

    @Test
    void analyticsAreSwitchedOffForEveryTestJvm() {
        assertEquals("true", System.getProperty("chronicle.analytics.disable"),
            "jvm.options must reach Surefire's JVM (argLine)");
    }

    @Test
    void queueWritesToDiskAndReadsBackInOrderAfterReopen() {
        final Path queueDir = dir.resolve("queue");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).build()) {
            final ExcerptAppender appender = queue.createAppender();
            for (long i = 0; i < 1000; i++) {
                final long v = i;
                appender.writeBytes(b -> b.writeLong(v).writeLong(v * v));
            }
        }
        assertTrue(Files.exists(queueDir), "queue files on disk");

        final List<Long> seen = new ArrayList<>();
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(queueDir).build()) {
            final ExcerptTailer tailer = queue.createTailer();
            while (tailer.readBytes(b -> {
                final long v = b.readLong();
                assertEquals(v * v, b.readLong());
                seen.add(v);
            })) {
                // Drains the queue; each read checks its record.
            }
        }
        assertEquals(1000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void mapPersistsToAFileAcrossReopen() throws Exception {
        final File file = dir.resolve("map.dat").toFile();
        try (ChronicleMap<Long, byte[]> map = ChronicleMap.of(Long.class, byte[].class)
            .name("kairos-smoke").entries(1000).averageValueSize(32).createPersistedTo(file)) {
            for (long i = 0; i < 100; i++) {
                map.put(i, Bytes.from("value-" + i).toByteArray());
            }
        }
        try (ChronicleMap<Long, byte[]> map = ChronicleMap.of(Long.class, byte[].class)
            .name("kairos-smoke").entries(1000).averageValueSize(32).recoverPersistedTo(file, false)) {
            assertEquals(100, map.size());
            assertEquals("value-42", new String(map.get(42L), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
