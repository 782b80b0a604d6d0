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
    void badOptionsAreOneLineRefusals() {
        assertEquals(2, run("devnet", "--accounts", "1"));
        assertTrue(err.toString().contains("INVALID_ARGUMENT"), err.toString());
        assertEquals(2, run("devnet", "--load", "-5"));
    }
}
