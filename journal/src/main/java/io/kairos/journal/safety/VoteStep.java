package io.kairos.journal.safety;

/**
 * The steps of one consensus round at which a validator signs something, in the order they happen.
 * The safety record compares positions by (height, round, step), so the declaration order is part of
 * the contract; {@link #code()} is the byte stored on disk and never changes.
 */
public enum VoteStep {
    PROPOSE((byte) 1),
    PREVOTE((byte) 2),
    PRECOMMIT((byte) 3);

    private final byte code;

    VoteStep(final byte code) {
        this.code = code;
    }

    /** The byte that stands for this step in the record file. */
    public byte code() {
        return code;
    }

    /** The step stored as {@code code}, or {@code null} when no step has that code. */
    public static VoteStep ofCode(final byte code) {
        for (final VoteStep step : values()) {
            if (step.code == code) {
                return step;
            }
        }
        return null;
    }
}
