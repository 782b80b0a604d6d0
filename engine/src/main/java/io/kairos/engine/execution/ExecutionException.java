package io.kairos.engine.execution;

import io.kairos.engine.core.KairosException;

/**
 * A block could not be executed as given (see {@link ExecutionError}). The offending call changes
 * nothing, but there is no rollback of a block's earlier transactions: after an error in the middle
 * of a block the caller must not commit that block, and rebuilds its state (snapshot plus replay).
 */
public final class ExecutionException extends KairosException {
    private final ExecutionError error;

    public ExecutionException(final ExecutionError error, final String message) {
        super(message);
        this.error = error;
    }

    public ExecutionError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
