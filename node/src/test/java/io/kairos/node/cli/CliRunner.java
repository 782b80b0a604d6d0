package io.kairos.node.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code kairos} commands in-process for tests, capturing what each run prints. */
final class CliRunner {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs one command line with fresh output buffers; returns its exit status. */
    int run(final String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        final CommandLine cl = KairosCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Standard output of the last run. */
    String out() {
        return out.toString();
    }

    /** Standard error of the last run. */
    String err() {
        return err.toString();
    }
}
