package io.kairos.engine.ledger;

/**
 * Transaction types with their permanent one-byte wire codes. Codes of types this build does not
 * execute yet are reserved: they are never reused for anything else, but until a type is
 * {@linkplain #enabled() enabled} every decoder and encoder refuses it with
 * {@link io.kairos.engine.core.ValidationError#UNKNOWN_TYPE}, so a node never accepts a transaction
 * it cannot execute.
 */
public enum TxType {
    TRANSFER(1, true),
    STAKE(2, false),
    UNSTAKE(3, false),
    JOB_POST(4, false),
    JOB_RESULT(5, false);

    private static final TxType[] BY_CODE = new TxType[256];

    static {
        for (final TxType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final boolean enabled;

    TxType(final int code, final boolean enabled) {
        this.code = code;
        this.enabled = enabled;
    }

    /** The wire code, 1..255. */
    public int code() {
        return code;
    }

    /** Whether this build executes the type (and so accepts it on the wire). */
    public boolean enabled() {
        return enabled;
    }

    /** The type of a wire code, enabled or reserved, or {@code null} if the code is unassigned. */
    public static TxType fromCodeOrNull(final int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
