package io.kairos.transport.codec;

/** The outer frame types. Handshake frames travel in clear (they are signed); DATA is encrypted. */
public final class FrameType {
    public static final int HANDSHAKE_INIT = 1;
    public static final int HANDSHAKE_RESPONSE = 2;
    public static final int HANDSHAKE_FINISH = 3;
    public static final int DATA = 4;

    private FrameType() {
    }

    public static boolean isKnown(final int type) {
        return type >= HANDSHAKE_INIT && type <= DATA;
    }
}
