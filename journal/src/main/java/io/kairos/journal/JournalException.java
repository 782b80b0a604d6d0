package io.kairos.journal;

import io.kairos.engine.core.KairosException;

/** A journal failure with a stable {@link JournalError} code; the message names the file and index where there is one. */
public final class JournalException extends KairosException {
    private final JournalError error;

    public JournalException(final JournalError error, final String message) {
        super(message);
        this.error = error;
    }

    public JournalException(final JournalError error, final String message, final Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public JournalError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
