package io.kairos.node.cli;

import io.kairos.engine.core.KairosException;

/**
 * A command's typed refusal. Unlike picocli's parse errors it does not print the usage text: the
 * arguments were well-formed, and one line saying what is wrong helps more.
 */
public final class CommandException extends KairosException {
    private final CommandError error;

    public CommandException(final CommandError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public CommandException(final CommandError error, final String message, final Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public CommandError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
