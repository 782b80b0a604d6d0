package io.kairos.journal.safety;

import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * RELIABILITY.md scenario 5 with a real process: a child JVM records votes in a tight loop and is
 * killed with SIGKILL at a random moment; after every kill the record holds at least the last vote
 * the child acknowledged, and a conflicting vote at that position is refused.
 */
class SafetyRecordKillTest {
    private static final int KILLS = 10;
    private static final Hash GENESIS = SafetyRecordFileTest.GENESIS;

    @TempDir
    Path dir;

    /** The last "height step" line a child printed, i.e. the last vote it could have sent. */
    private record Ack(long height, VoteStep step) {
        static Ack parse(final String line) {
            final String[] parts = line.split(" ");
            return new Ack(Long.parseLong(parts[0]), VoteStep.valueOf(parts[1]));
        }
    }

    @Test
    void noAcknowledgedVoteIsLostOrContradictedAfterKillMinus9() throws Exception {
        killRepeatedly(SyncPolicy.EVERY_BLOCK);
    }

    /** Records forced once per batch, before what was signed is sent: the same promise after kill -9. */
    @Test
    void underTheBatchPolicyToo() throws Exception {
        killRepeatedly(SyncPolicy.BATCH);
    }

    private void killRepeatedly(final SyncPolicy policy) throws Exception {
        final Random random = new Random(0x5AFE_7E57L);
        final Path data = dir.resolve("data");
        long previousHeight = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            final Ack ack = runAndKill(data, random.nextInt(5, 250), dir.resolve("child-" + kill + ".err"), policy);
            assertTrue(ack.height > previousHeight, "the child voted past the record it started from");
            try (SafetyRecordFile file = SafetyRecordFile.open(data, GENESIS)) {
                final SafetyRecord recorded = file.current();
                final SafetyRecord acknowledged = SafetyRecord.vote(GENESIS, ack.height, 0, ack.step,
                    SafetyRecordVoter.target(ack.height));
                assertTrue(recorded.comparePosition(acknowledged) >= 0,
                    "kill " + kill + ": record " + recorded.describe() + " is behind acknowledged " + acknowledged.describe());
                // A write in flight at the kill may have reached the disk: at most one vote more.
                assertTrue(recorded.height() <= ack.height + 1, "kill " + kill + ": record " + recorded.describe() + " is beyond the acknowledged " + acknowledged.describe() + " plus one vote");

                final SafetyRecord conflicting = SafetyRecord.vote(GENESIS, ack.height, 0, ack.step, SafetyRecordFileTest.filled(0xEE));
                final SafetyException refused = assertThrows(SafetyException.class,
                    () -> file.recordVote(conflicting));
                final SafetyError expected = recorded.comparePosition(acknowledged) == 0
                    ? SafetyError.WOULD_DOUBLE_SIGN : SafetyError.REGRESSION;
                assertEquals(expected, refused.error());
                previousHeight = recorded.height();
            }
        }
    }

    private Ack runAndKill(final Path data, final int millisAfterFirstVote, final Path errors,
                           final SyncPolicy policy) throws Exception {
        final String java = ProcessHandle.current().info().command().orElseGet(
            () -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // stdout goes to a file, not a pipe: every line the child wrote before SIGKILL is in the file,
        // whereas a pipe drained by the JDK at process exit can drop what this side had not read yet.
        final Path acks = errors.resolveSibling(errors.getFileName() + ".out");
        final Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            SafetyRecordVoter.class.getName(), data.toString(), GENESIS.toHex(), policy.name()))
            .redirectOutput(acks.toFile())
            .redirectError(errors.toFile())
            .start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(acks, StandardCharsets.US_ASCII).contains("\n") && child.isAlive()
                && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (!Files.readString(acks, StandardCharsets.US_ASCII).contains("\n")) {
                fail("the child voted nothing (alive: " + child.isAlive() + "); its stderr: " + Files.readString(errors));
            }
            Thread.sleep(millisAfterFirstVote);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        final List<String> lines = Files.readAllLines(acks, StandardCharsets.US_ASCII);
        // The kill may cut the last line short; only a line that ends in a newline was printed whole.
        final boolean lastWhole = Files.readString(acks, StandardCharsets.US_ASCII).endsWith("\n");
        final String last = lastWhole ? lines.getLast() : lines.get(lines.size() - 2);
        return Ack.parse(last);
    }
}
