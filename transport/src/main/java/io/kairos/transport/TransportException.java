package io.kairos.transport;

import io.kairos.engine.core.KairosException;

/**
 * A typed transport refusal; the message starts with the code and says what was expected. Decoders
 * throw nothing else for bad input.
 */
public final class TransportException extends KairosException {
    private final TransportError error;

    public TransportException(final TransportError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public TransportException(final TransportError error, final String message, final Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public TransportError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
