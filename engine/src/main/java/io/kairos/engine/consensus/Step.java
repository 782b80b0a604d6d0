package io.kairos.engine.consensus;

/**
 * The steps of a consensus round at which a validator signs, in protocol order. Positions are
 * compared by (height, round, step), so the declaration order is part of the contract; {@link #code()}
 * is the byte on the wire and never changes.
 */
public enum Step {
    PROPOSE((byte) 1),
    PREVOTE((byte) 2),
    PRECOMMIT((byte) 3);

    private final byte code;

    Step(final byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    /** The step with wire code {@code code}, or {@code null}. */
    public static Step ofCode(final int code) {
        for (final Step s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
