package io.kairos.node.config;

/** Why a node configuration file was refused. */
public enum ConfigError {
    MALFORMED_JSON,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    INVALID_FIELD,
    UNSUPPORTED_VERSION,
    IO
}
