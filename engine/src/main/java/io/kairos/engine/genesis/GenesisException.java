package io.kairos.engine.genesis;

import io.kairos.engine.core.KairosException;

/**
 * A genesis that cannot be accepted. {@link #path()} names the offending JSON field the way a person
 * reads it ({@code validators[2].publicKey}); it is empty when the whole document is at fault.
 * The message starts with the code and the path, then says what was expected.
 */
public final class GenesisException extends KairosException {
    private final GenesisError error;
    private final String path;
    private final String detail;

    public GenesisException(final GenesisError error, final String path, final String detail) {
        this(error, path, detail, null);
    }

    public GenesisException(final GenesisError error, final String path, final String detail,
                            final Throwable cause) {
        super(format(error, path, detail), cause);
        this.error = error;
        this.path = path == null ? "" : path;
        this.detail = detail;
    }

    private static String format(final GenesisError error, final String path, final String detail) {
        return path == null || path.isEmpty()
            ? error.name() + ": " + detail
            : error.name() + " at " + path + ": " + detail;
    }

    public GenesisError error() {
        return error;
    }

    /** JSON path of the offending field, e.g. {@code allocations[0].balance}; empty for the document. */
    public String path() {
        return path;
    }

    /** The explanation without code and path. */
    public String detail() {
        return detail;
    }

    @Override
    public String code() {
        return error.name();
    }

    /**
     * The same error located inside {@code prefix}: a validator checks its own fields with relative
     * paths ({@code publicKey}) and the list holding it adds where it sits ({@code validators[2]}).
     */
    GenesisException under(final String prefix) {
        final String joined;
        if (path.isEmpty()) {
            joined = prefix;
        } else if (path.startsWith("[")) {
            joined = prefix + path;
        } else {
            joined = prefix + "." + path;
        }
        return new GenesisException(error, joined, detail, getCause());
    }
}
