package io.kairos.node.data;

import io.kairos.node.cli.CommandError;
import io.kairos.node.cli.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirectoryTest {
    @TempDir
    Path dir;

    /** Holds a data directory until killed; prints READY once it holds it. */
    public static final class Holder {
        private Holder() {
        }

        public static void main(final String[] args) throws Exception {
            try (DataDirectory d = DataDirectory.open(Path.of(args[0]))) {
                System.out.println("READY " + d.path());
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefusedUntilTheFirstCloses() {
        final Path data = dir.resolve("data");
        try (DataDirectory first = DataDirectory.open(data)) {
            final CommandException e = assertThrows(CommandException.class, () -> DataDirectory.open(data));
            assertEquals(CommandError.DATA_DIRECTORY_LOCKED, e.error());
            assertTrue(e.getMessage().contains(first.path().toString()), e.getMessage());
        }
        try (DataDirectory again = DataDirectory.open(data)) {
            assertTrue(Files.exists(again.path().resolve(DataDirectory.LOCK_FILE)));
        }
    }

    @Test
    void anotherProcessIsRefusedWhileItRunsAndTheLockDiesWithItUnderKill9() throws Exception {
        final Path data = dir.resolve("shared");
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            Holder.class.getName(), data.toString())).redirectErrorStream(true).start();
        try {
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
            final String line = out.readLine();
            assertTrue(line != null && line.startsWith("READY"), "child said: " + line);

            final CommandException e = assertThrows(CommandException.class, () -> DataDirectory.open(data));
            assertEquals(CommandError.DATA_DIRECTORY_LOCKED, e.error());
            assertTrue(e.getMessage().contains("process " + child.pid()), e.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (DataDirectory mine = DataDirectory.open(data)) {
            assertTrue(Files.readString(mine.path().resolve(DataDirectory.LOCK_FILE)).contains(
                Long.toString(ProcessHandle.current().pid())));
        }
    }
}
