package io.kairos.node.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The mutually exclusive password options of the {@code keys} commands, used as an exclusive
 * {@code @ArgGroup}; with neither, the password is asked on the terminal.
 */
public final class PasswordOptions {
    @Option(names = "--password-file", paramLabel = "FILE",
        description = "Read the password from the first line of FILE (keep it mode 600).")
    Path file;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "Read the password from environment variable VAR.")
    String variable;

    /** The source the options name ({@code options} is null when neither was given: the terminal). */
    static PasswordSource sourceOf(final PasswordOptions options, final PrintWriter warnings,
                                   final Map<String, String> environment) {
        if (options == null) {
            return PasswordSource.systemConsole();
        }
        if (options.file != null) {
            return PasswordSource.file(options.file, warnings);
        }
        return PasswordSource.environment(options.variable, environment);
    }
}
