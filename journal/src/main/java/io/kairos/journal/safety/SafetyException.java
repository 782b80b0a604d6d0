package io.kairos.journal.safety;

import io.kairos.engine.core.KairosException;

/** A refusal of the safety record, with a typed {@link SafetyError}; the message starts with the code. */
public final class SafetyException extends KairosException {
    private final SafetyError error;

    public SafetyException(final SafetyError error, final String message) {
        this(error, message, null);
    }

    public SafetyException(final SafetyError error, final String message, final Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public SafetyError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
