package io.kairos.engine.pipeline;

/** The three stages of the ingress pipeline, for per-stage error counts. */
public enum PipelineStage {
    /** (1) Decode and stateless checks, one thread. */
    DECODE,
    /** (2) Signature verification, k threads. */
    VERIFY,
    /** (3) Admission: hands events to the sink, one thread. */
    ADMIT
}
