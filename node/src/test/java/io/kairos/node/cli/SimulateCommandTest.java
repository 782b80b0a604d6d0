package io.kairos.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos simulate}: a passing range of seeds, a failing control run and its replay. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private int run(final String... args) {
        return cli.run(args);
    }

    @Test
    void passingSeedsPrintOneJsonObjectAndExitZero() throws Exception {
        final Path trace = dir.resolve("trace.txt");
        assertEquals(0, run("simulate", "--validators", "4", "--seeds", "3", "--steps", "800", "--trace",
            trace.toString()), cli.err());
        final JsonNode o = new ObjectMapper().readTree(cli.out());
        assertEquals(3, o.get("seeds").asInt());
        assertEquals(1, o.get("faulty").asInt());
        assertTrue(o.get("blocksCommitted").asLong() > 0);
        assertTrue(o.get("messagesDelivered").asLong() > 0);
        assertEquals(0, o.get("violations").size());
        assertTrue(Files.readString(trace).contains("seed 3 digest"));
    }

    @Test
    void aControlRunReportsViolationsWithTheirReplayCommandAndExitsNonZero() throws Exception {
        assertEquals(1, run("simulate", "--validators", "4", "--faulty", "2", "--seeds", "3", "--steps", "800"));
        final JsonNode o = new ObjectMapper().readTree(cli.out());
        assertTrue(o.get("control").asBoolean());
        final JsonNode first = o.get("violations").get(0);
        final String replay = first.get("replay").asText();
        assertTrue(replay.startsWith("kairos simulate --validators 4 --faulty 2 --seed "), replay);
        final String[] args = replay.substring("kairos ".length()).split(" ");
        assertEquals(1, run(args));
        final JsonNode again = new ObjectMapper().readTree(cli.out()).get("violations").get(0);
        assertEquals(first.get("violations"), again.get("violations"), "the replay finds the same violation");
    }

    @Test
    void outOfRangeArgumentsAreTypedErrors() {
        assertEquals(2, run("simulate", "--validators", "0"));
        assertTrue(cli.err().contains("INVALID_ARGUMENT"), cli.err());
        assertEquals(2, run("simulate", "--validators", "4", "--faulty", "9"));
    }
}
