package io.kairos.engine.sequencer;

import io.kairos.engine.core.KairosException;

/** The stored chain cannot be replayed onto the genesis: the node must not start on it. */
public final class ReplayException extends KairosException {
    private final ReplayError error;
    private final long height;

    public ReplayException(final ReplayError error, final long height, final String message) {
        super(error.name() + " at height " + height + ": " + message);
        this.error = error;
        this.height = height;
    }

    public ReplayError error() {
        return error;
    }

    /** The first height that could not be replayed. */
    public long height() {
        return height;
    }

    @Override
    public String code() {
        return error.name();
    }
}
