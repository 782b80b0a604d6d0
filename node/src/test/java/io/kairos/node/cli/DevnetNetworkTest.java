package io.kairos.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kairos devnet --in-process} with the default four validators over IPC in the test JVM: the
 * load commits, every node's data directory inspects to the same block hash and state root, a
 * restart continues the chain, and a directory of another size is refused. The same devnet as child
 * processes is {@code MultiValidatorProcessIT}'s ground (a JVM per validator is too slow for here).
 */
class DevnetNetworkTest {
    private static final int NODES = 4;
    /** One status line: time, height, final tps, p50, p99, then height/round of each of the four nodes. */
    private static final Pattern STATUS = Pattern.compile(
        "(?m)^\\s+\\d+s\\s+\\d+\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+(\\d+/\\d+ ){3}\\d+/\\d+$");

    private final CliRunner cli = new CliRunner();

    private static long height(final String report) {
        final Matcher m = Pattern.compile("summary: height (\\d+)").matcher(report);
        assertTrue(m.find(), report);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theDefaultFourValidatorsCommitTheLoadAgreeOnEveryNodeAndContinueAfterARestart(@TempDir final Path dir)
        throws Exception {
        final String data = dir.resolve("net").toString();
        assertEquals(0, cli.run("devnet", "--in-process", "--duration", "2", "--load", "200",
            "--accounts", "20", "--data-dir", data, "--rpc-port", "0"), cli.err());
        final String first = cli.out();
        assertTrue(first.contains("kairos devnet: 4 validators in this process over IPC"), first);
        assertTrue(Pattern.compile("validator-3: json-rpc http://127\\.0\\.0\\.1:\\d+").matcher(first).find(), first);
        assertTrue(first.contains("between 20 accounts funded at genesis"), first);
        assertTrue(first.contains("(0) 0x14ed408a0be258677a81a518aff53a8356e28c25  10000 tokens  key 0x"),
            "the Ethereum dev accounts are funded at genesis and printed: " + first);
        assertTrue(STATUS.matcher(first).find(), "a status line with each node's height/round: " + first);
        Matcher m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(first);
        assertTrue(m.find(), first);
        assertTrue(Long.parseLong(m.group(1)) > 100, first);
        assertEquals(m.group(1), m.group(2), "every transfer committed: " + first);
        final long h1 = height(first);
        assertSameChainOnEveryNode(Path.of(data));
        assertEquals(2, cli.run("inspect", "--data-dir", data));
        assertTrue(cli.err().contains("one data directory per validator: inspect each of "
            + Path.of(data, "validator-0", "data")), cli.err());
        assertTrue(Files.notExists(Path.of(data, "journal")) && Files.notExists(Path.of(data, "LOCK")),
            "inspecting the network's folder wrote nothing into it");

        assertEquals(0, cli.run("devnet", "--in-process", "--duration", "1", "--load", "200",
            "--data-dir", data, "--rpc-port", "-1"), cli.err());
        final String second = cli.out();
        assertTrue(second.contains("continuing the devnet"), second);
        assertTrue(second.contains("between 20 accounts funded at genesis"),
            "the accounts come from the genesis, not from the default --accounts: " + second);
        assertTrue(height(second) > h1, second);
        m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(second);
        assertTrue(m.find(), second);
        assertEquals(m.group(1), m.group(2), "nonces resumed: every transfer of the second run committed");

        assertEquals(2, cli.run("devnet", "--validators", "3", "--in-process", "--data-dir", data));
        assertTrue(cli.err().contains("holds a devnet of 4 validators, not 3: run it with --validators 4"), cli.err());
        assertEquals(2, cli.run("devnet", "--validators", "1", "--data-dir", data));
        assertTrue(cli.err().contains("holds a devnet of 4 validators, not 1"), cli.err());
    }

    /** {@code kairos inspect} on each node's data directory: the same hash and state root at a height all reached. */
    private void assertSameChainOnEveryNode(final Path base) throws Exception {
        final ObjectMapper json = new ObjectMapper();
        long common = Long.MAX_VALUE;
        for (int i = 0; i < NODES; i++) {
            final Path node = base.resolve("validator-" + i).resolve("data");
            assertTrue(Files.isDirectory(node.resolve("journal")), "one data directory per node: " + node);
            assertEquals(0, cli.run("inspect", "--data-dir", node.toString()), cli.err());
            final JsonNode o = json.readTree(cli.out());
            assertTrue(o.get("stateRootMatchesHeader").asBoolean(), cli.out());
            common = Math.min(common, o.get("height").asLong());
        }
        assertTrue(common > 1, "every node committed blocks, the lowest " + common);
        String hash = null;
        String root = null;
        for (int i = 0; i < NODES; i++) {
            final Path node = base.resolve("validator-" + i).resolve("data");
            assertEquals(0, cli.run("inspect", "--data-dir", node.toString(), "--height", Long.toString(common)),
                cli.err());
            final JsonNode block = json.readTree(cli.out()).get("block");
            if (hash == null) {
                hash = block.get("hash").asText();
                root = block.get("stateRoot").asText();
            }
            assertEquals(hash, block.get("hash").asText(), "validator " + i + " at height " + common);
            assertEquals(root, block.get("stateRoot").asText(), "validator " + i + " at height " + common);
        }
    }
}
