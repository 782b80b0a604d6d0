package io.kairos.engine.core;

/**
 * Root of every error Kairos raises on purpose. Each subclass carries a machine-readable code so that
 * callers (RPC, CLI, peers) can map it without parsing messages.
 */
public abstract class KairosException extends RuntimeException {
    protected KairosException(final String message) {
        super(message);
    }

    protected KairosException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /** Stable, upper-snake-case code of the error, e.g. {@code WRONG_LENGTH}. */
    public abstract String code();
}
