package io.kairos.engine.crypto;

import io.kairos.engine.core.Address;

/**
 * A private key ready to sign, with its public key. Holds the seed; {@link #destroy()} wipes it.
 * Thread-safe for signing.
 */
public interface SigningKey extends AutoCloseable {
    SignatureScheme scheme();

    byte[] publicKey();

    /** A copy of the 32-byte seed this key was derived from (for the keystore). */
    byte[] seed();

    byte[] sign(byte[] message, int offset, int length);

    default byte[] sign(final byte[] message) {
        return sign(message, 0, message.length);
    }

    default Address address() {
        return scheme().address(publicKey());
    }

    /** Overwrites the seed; the key cannot sign afterwards. */
    void destroy();

    @Override
    default void close() {
        destroy();
    }
}
