package io.kairos.transport.codec;

/**
 * Inner message types carried, encrypted, inside DATA frames. The first byte of every inner message
 * is its type.
 */
public final class MessageType {
    public static final int CONSENSUS = 1;
    public static final int BLOCK_REQUEST = 2;
    public static final int BLOCK_RESPONSE = 3;
    public static final int SNAPSHOT_REQUEST = 4;
    public static final int SNAPSHOT_CHUNK = 5;
    public static final int STATUS = 6;
    /** Client transactions a validator forwards to its peers, so that whoever proposes next has them. */
    public static final int TRANSACTIONS = 7;

    private MessageType() {
    }

    public static boolean isKnown(final int type) {
        return type >= CONSENSUS && type <= TRANSACTIONS;
    }
}
