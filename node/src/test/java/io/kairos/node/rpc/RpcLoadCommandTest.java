package io.kairos.node.rpc;

import io.kairos.node.cli.KairosCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos rpc-load --in-process}: drives its own server and reports what it measured. */
class RpcLoadCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"read", "write"})
    void reportsRequestsPerSecondAndLatency(final String method) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = KairosCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("rpc-load", "--in-process", "--method", method, "--connections", "2",
            "--duration", "1"), err.toString());
        final Matcher m = Pattern.compile("requests (\\d+), errors (\\d+), (\\d+) requests/s, latency ms p50 ([0-9.]+) "
            + "p99 ([0-9.]+)").matcher(out.toString());
        assertTrue(m.find(), out.toString());
        assertTrue(Long.parseLong(m.group(1)) > 0, out.toString());
        assertEquals("0", m.group(2), out.toString());
        assertTrue(Double.parseDouble(m.group(5)) >= Double.parseDouble(m.group(4)), out.toString());
        if (method.equals("write")) {
            assertTrue(out.toString().contains("transactions committed"), out.toString());
        }
    }
}
