package io.kairos.node.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos devnet} end to end: a real engine, real signed load, the printed report. */
class DevnetCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cl = KairosCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void everySubmittedTransferCommitsAndTheReportSaysSo() {
        assertEquals(0, run("devnet", "--duration", "2", "--load", "300", "--accounts", "20"), err.toString());
        final String report = out.toString();
        assertTrue(report.contains("final tps"), report);
        final Matcher m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(report);
        assertTrue(m.find(), report);
        final long submitted = Long.parseLong(m.group(1));
        assertTrue(submitted > 100, report);
        assertEquals(submitted, Long.parseLong(m.group(2)), report);
        assertTrue(report.contains("rejected: none"), report);
        assertTrue(report.contains("commit latency ms: p50"), report);
    }

    @Test
    void aDevnetOnADataDirectoryContinuesItsChainAfterARestart(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) {
        final String data = dir.resolve("devnet").toString();
        assertEquals(0, run("devnet", "--duration", "1", "--load", "200", "--accounts", "10", "--data-dir", data),
            err.toString());
        final long first = height(out.toString());
        assertTrue(first > 0, out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("devnet", "--duration", "1", "--load", "200", "--data-dir", data, "--sync", "every-block"),
            err.toString());
        final String second = out.toString();
        assertTrue(second.contains("replayed " + first + " blocks"), second);
        assertTrue(height(second) > first, second);
        final Matcher m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(second);
        assertTrue(m.find(), second);
        assertEquals(m.group(1), m.group(2), "nonces resumed: every transfer of the second run committed");
        assertEquals(2, run("devnet", "--sync", "sometimes", "--data-dir", data));
    }

    private static long height(final String report) {
        final Matcher m = Pattern.compile("summary: .*, height (\\d+),").matcher(report);
        assertTrue(m.find(), report);
        return Long.parseLong(m.group(1));
    }

    @Test
    void badOptionsAreOneLineRefusals() {
        assertEquals(2, run("devnet", "--accounts", "1"));
        assertTrue(err.toString().contains("INVALID_ARGUMENT"), err.toString());
        assertEquals(2, run("devnet", "--load", "-5"));
    }
}
