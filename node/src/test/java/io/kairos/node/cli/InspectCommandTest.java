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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos inspect} on a real devnet data directory. */
class InspectCommandTest {
    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private int run(final String... args) {
        return cli.run(args);
    }

    @Test
    void describesTheChainAndProvesAnAccountAgainstTheStateRoot() throws Exception {
        final String data = dir.resolve("node").toString();
        assertEquals(0, run("devnet", "--validators", "1", "--rpc-port", "0", "--duration", "1", "--load", "200", "--accounts", "5", "--data-dir", data),
            cli.err());
        final Matcher m = Pattern.compile("summary: .*, height (\\d+),").matcher(cli.out());
        assertTrue(m.find(), cli.out());
        final long height = Long.parseLong(m.group(1));

        final String validator = "0x5d5841e3013d135c888a6fd1cf4cdf52335fb5ee";
        assertEquals(0, run("inspect", "--data-dir", data, "--proof", validator), cli.err());
        final JsonNode o = new ObjectMapper().readTree(cli.out());
        assertEquals(height, o.get("height").asLong());
        assertTrue(o.get("stateRootMatchesHeader").asBoolean());
        assertEquals(o.get("expectedSupplyUnits").asLong(), o.get("totalSupplyUnits").asLong());
        assertEquals(17, o.get("accounts").asInt(),
            "5 load accounts, 10 Ethereum dev accounts, the treasury and the validator");
        assertTrue(o.get("journal").get("bytes").asLong() > 0);
        assertTrue(o.get("proof").get("present").asBoolean());
        assertTrue(o.get("proof").get("verifies").asBoolean());

        assertEquals(0, run("inspect", "--data-dir", data, "--height", Long.toString(height)), cli.err());
        final JsonNode block = new ObjectMapper().readTree(cli.out()).get("block");
        assertEquals(o.get("blockHash").asText(), block.get("hash").asText());
        assertEquals(o.get("stateRoot").asText(), block.get("stateRoot").asText());
        assertEquals(2, run("inspect", "--data-dir", data, "--height", Long.toString(height + 1)));
        assertTrue(cli.err().contains("--height must be 1.." + height), cli.err());

        assertEquals(0, run("inspect", "--data-dir", data, "--proof", "0x" + "12".repeat(20)));
        final JsonNode absent = new ObjectMapper().readTree(cli.out()).get("proof");
        assertFalse(absent.get("present").asBoolean());
        assertTrue(absent.get("verifies").asBoolean());
    }

    @Test
    void refusesWhatIsNotADataDirectoryAndBadAddresses() throws Exception {
        final Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        assertEquals(2, run("inspect", "--data-dir", empty.toString()));
        assertTrue(cli.err().contains("not a Kairos data directory"), cli.err());
        assertEquals(2, run("inspect", "--data-dir", empty.toString(), "--proof", "0x1234"));
        assertTrue(cli.err().contains("WRONG_LENGTH"), cli.err());
    }
}
