package io.kairos.engine.state.snapshot;

import io.kairos.engine.core.KairosException;

/** A snapshot that cannot be written, read or trusted; {@link #error()} says why. */
public final class SnapshotException extends KairosException {
    private final SnapshotError error;

    public SnapshotException(final SnapshotError error, final String message) {
        super(message);
        this.error = error;
    }

    public SnapshotException(final SnapshotError error, final String message, final Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public SnapshotError error() {
        return error;
    }

    @Override
    public String code() {
        return "SNAPSHOT_" + error.name();
    }
}
