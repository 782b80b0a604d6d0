package io.kairos.node.keystore;

import io.kairos.engine.core.KairosException;

/**
 * A keystore operation refused for a reason named by {@link KeystoreError}. The message starts with
 * the code, so the CLI's one-line {@code error: <message>} carries it.
 */
public final class KeystoreException extends KairosException {
    private final KeystoreError error;

    public KeystoreException(final KeystoreError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public KeystoreException(final KeystoreError error, final String message, final Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public KeystoreError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
