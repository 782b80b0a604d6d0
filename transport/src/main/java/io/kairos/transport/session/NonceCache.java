package io.kairos.transport.session;

import java.util.Arrays;

/**
 * The handshake nonces seen recently, in a fixed ring of {@code capacity} entries: a nonce still in
 * the ring is a replay. Nonces are 32 random bytes, so a hit is never an accident; the oldest entry
 * is forgotten first. Single-threaded.
 */
final class NonceCache {
    private final byte[][] ring;
    private int next;

    NonceCache(final int capacity) {
        ring = new byte[capacity][];
    }

    boolean contains(final byte[] nonce) {
        for (final byte[] n : ring) {
            if (n != null && Arrays.equals(n, nonce)) {
                return true;
            }
        }
        return false;
    }

    void add(final byte[] nonce) {
        ring[next] = nonce.clone();
        next = (next + 1) % ring.length;
    }
}
