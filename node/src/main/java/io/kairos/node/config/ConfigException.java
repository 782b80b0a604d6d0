package io.kairos.node.config;

import io.kairos.engine.core.KairosException;

/** A node configuration that cannot be used, with a typed {@link ConfigError}. */
public final class ConfigException extends KairosException {
    private final ConfigError error;

    public ConfigException(final ConfigError error, final String message) {
        super(error.name() + ": " + message);
        this.error = error;
    }

    public ConfigException(final ConfigError error, final String message, final Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public ConfigError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
