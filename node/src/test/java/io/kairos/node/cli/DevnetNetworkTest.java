package io.kairos.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos devnet --validators 4 --in-process}: four validators over IPC in the test JVM, and a restart. */
class DevnetNetworkTest {
    private final CliRunner cli = new CliRunner();

    private static long height(final String report) {
        final Matcher m = Pattern.compile("summary: height (\\d+)").matcher(report);
        assertTrue(m.find(), report);
        return Long.parseLong(m.group(1));
    }

    @Test
    void fourValidatorsInProcessCommitTheLoadAndContinueAfterARestart(@TempDir final Path dir) {
        final String data = dir.resolve("net").toString();
        assertEquals(0, cli.run("devnet", "--validators", "4", "--in-process", "--duration", "2", "--load", "200",
            "--accounts", "20", "--data-dir", data, "--rpc-port", "0"), cli.err());
        final String first = cli.out();
        assertTrue(Pattern.compile("validator-3: json-rpc http://127\\.0\\.0\\.1:\\d+").matcher(first).find(), first);
        assertTrue(first.contains("4 validators in this process over IPC"), first);
        assertTrue(first.contains("funded 20 load accounts"), first);
        assertTrue(Files.exists(Path.of(data, "validator-3", "node.json")), "kairos init wrote the network");
        Matcher m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(first);
        assertTrue(m.find(), first);
        assertTrue(Long.parseLong(m.group(1)) > 100, first);
        assertEquals(m.group(1), m.group(2), "every transfer committed: " + first);
        final long h1 = height(first);

        assertEquals(0, cli.run("devnet", "--validators", "4", "--in-process", "--duration", "1", "--load", "200",
            "--accounts", "20", "--data-dir", data, "--rpc-port", "-1"), cli.err());
        final String second = cli.out();
        assertTrue(second.contains("continuing the devnet"), second);
        assertTrue(height(second) > h1, second);
        m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(second);
        assertTrue(m.find(), second);
        assertEquals(m.group(1), m.group(2), "nonces resumed: every transfer of the second run committed");

        assertEquals(2, cli.run("devnet", "--validators", "3", "--in-process", "--data-dir", data));
        assertTrue(cli.err().contains("network of 4 validators, not 3"), cli.err());
    }
}
