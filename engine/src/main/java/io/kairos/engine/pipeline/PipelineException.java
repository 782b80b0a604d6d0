package io.kairos.engine.pipeline;

import io.kairos.engine.core.KairosException;

/** A lifecycle call the pipeline cannot honour in its current state; see {@link PipelineError}. */
public final class PipelineException extends KairosException {
    private final PipelineError error;

    public PipelineException(final PipelineError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public PipelineError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
