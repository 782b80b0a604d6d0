package io.kairos.engine.consensus;

import io.kairos.engine.core.KairosException;

/** A typed consensus refusal; the message starts with the code and says what was expected. */
public final class ConsensusException extends KairosException {
    private final ConsensusError error;

    public ConsensusException(final ConsensusError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public ConsensusError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
