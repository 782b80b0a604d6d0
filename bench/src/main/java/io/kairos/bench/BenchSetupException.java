package io.kairos.bench;

import io.kairos.engine.core.KairosException;

/** The benchmark runner cannot start: its JVM flags or its benchmark selection are unusable. */
public final class BenchSetupException extends KairosException {
    /** Why the runner refused to start. */
    public enum Reason {
        /** No jvm.options where {@code kairos.root}, {@code KAIROS_ROOT} or the directory walk led. */
        JVM_OPTIONS_NOT_FOUND,
        /** jvm.options could not be read, or holds a line the runner cannot pass on faithfully. */
        JVM_OPTIONS_MALFORMED,
        /** A benchmark pattern is not a valid regular expression, or matches no benchmark. */
        NO_MATCHING_BENCHMARK
    }

    private final Reason reason;

    public BenchSetupException(final Reason reason, final String message) {
        super(reason.name() + ": " + message);
        this.reason = reason;
    }

    public BenchSetupException(final Reason reason, final String message, final Throwable cause) {
        super(reason.name() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String code() {
        return reason.name();
    }
}
