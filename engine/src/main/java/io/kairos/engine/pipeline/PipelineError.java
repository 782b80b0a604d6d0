package io.kairos.engine.pipeline;

/** Codes of {@link PipelineException}: misuse of the pipeline's lifecycle. */
public enum PipelineError {
    /** {@code start()} was called on a pipeline that is already running. */
    ALREADY_STARTED,
    /** The pipeline was stopped; a stopped pipeline cannot be started again. */
    STOPPED,
    /** Something was submitted before {@code start()}. */
    NOT_STARTED,
    /** {@code stop()} was called from one of the pipeline's own threads, which would wait on itself. */
    STOP_FROM_PIPELINE_THREAD,
    /** A stage thread died before the ring was drained, so accepted events may not have been delivered. */
    STAGE_DIED
}
