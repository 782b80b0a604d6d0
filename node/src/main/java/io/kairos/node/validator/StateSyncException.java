package io.kairos.node.validator;

import io.kairos.engine.core.KairosException;

/** A snapshot from a peer that failed its proof, or a state sync that could not be done. */
public final class StateSyncException extends KairosException {
    private final StateSyncError error;

    public StateSyncException(final StateSyncError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public StateSyncError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
