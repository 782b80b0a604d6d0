package io.kairos.engine.core;

/** A malformed or unacceptable input, with a typed {@link ValidationError}. */
public final class ValidationException extends KairosException {
    private final ValidationError error;

    public ValidationException(final ValidationError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public ValidationError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
