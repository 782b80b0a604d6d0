package io.kairos.node.cli;

/** Why a command refused arguments that parsed but cannot be used, or could not do its work. */
public enum CommandError {
    /** An option's value is out of range or conflicts with another option. */
    INVALID_ARGUMENT,
    /** The output folder already holds files and --force was not given. */
    DIRECTORY_NOT_EMPTY,
    /** Another node holds the data directory. */
    DATA_DIRECTORY_LOCKED,
    /** Reading or writing a file failed. */
    IO
}
