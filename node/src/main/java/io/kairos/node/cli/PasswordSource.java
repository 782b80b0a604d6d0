package io.kairos.node.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a keystore password comes from: a file, an environment variable, or a terminal prompt.
 * Every source returns a fresh, non-empty {@code char[]} that the caller owns and must wipe, and
 * fails with a typed {@link io.kairos.node.keystore.KeystoreException}
 * ({@code EMPTY_PASSWORD}, {@code PASSWORD_MISMATCH}, {@code PASSWORD_UNAVAILABLE}) otherwise.
 * Sources are used from one thread.
 */
@FunctionalInterface
public interface PasswordSource {
    /**
     * Obtains the password.
     *
     * @param prompt  what an interactive source shows, e.g. {@code "Password: "}
     * @param confirm for a new keystore: an interactive source asks twice and refuses a mismatch
     */
    char[] read(String prompt, boolean confirm);

    /** Reads one password from a user; {@code null} at end of input. */
    @FunctionalInterface
    interface Terminal {
        char[] readPassword(String prompt);
    }

    /**
     * The first line of {@code file} (UTF-8, the line end and a leading byte-order mark stripped).
     * Warns on {@code warnings} when group or others may read the file.
     */
    static PasswordSource file(final Path file, final PrintWriter warnings) {
        return (prompt, confirm) -> PasswordSources.fromFile(file, warnings);
    }

    /** The value of {@code variable} in {@code environment} (normally {@link System#getenv()}). */
    static PasswordSource environment(final String variable, final Map<String, String> environment) {
        return (prompt, confirm) -> PasswordSources.fromEnvironment(variable, environment);
    }

    /** Asks on {@code terminal}, twice when confirming; a {@code null} terminal means none is attached. */
    static PasswordSource terminal(final Terminal terminal) {
        return (prompt, confirm) -> PasswordSources.fromTerminal(terminal, prompt, confirm);
    }

    /** Asks on the process's terminal ({@link System#console()}), if it has one, looked up when read. */
    static PasswordSource systemConsole() {
        return (prompt, confirm) -> {
            final Console console = System.console();
            final Terminal terminal = console == null || !console.isTerminal()
                ? null
                : p -> console.readPassword("%s", p);
            return PasswordSources.fromTerminal(terminal, prompt, confirm);
        };
    }
}
