package io.kairos.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos simulate}: a passing range of seeds, a failing control run and its replay. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        final CommandLine cl = KairosCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void passingSeedsPrintOneJsonObjectAndExitZero() throws Exception {
        final Path trace = dir.resolve("trace.txt");
        assertEquals(0, run("simulate", "--validators", "4", "--seeds", "3", "--steps", "800", "--trace",
            trace.toString()), err.toString());
        final JsonNode o = new ObjectMapper().readTree(out.toString());
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
        final JsonNode o = new ObjectMapper().readTree(out.toString());
        assertTrue(o.get("control").asBoolean());
        final JsonNode first = o.get("violations").get(0);
        final String replay = first.get("replay").asText();
        assertTrue(replay.startsWith("kairos simulate --validators 4 --faulty 2 --seed "), replay);
        final String[] args = replay.substring("kairos ".length()).split(" ");
        assertEquals(1, run(args));
        final JsonNode again = new ObjectMapper().readTree(out.toString()).get("violations").get(0);
        assertEquals(first.get("violations"), again.get("violations"), "the replay finds the same violation");
    }

    @Test
    void outOfRangeArgumentsAreTypedErrors() {
        assertEquals(2, run("simulate", "--validators", "0"));
        assertTrue(err.toString().contains("INVALID_ARGUMENT"), err.toString());
        assertEquals(2, run("simulate", "--validators", "4", "--faulty", "9"));
    }
}
