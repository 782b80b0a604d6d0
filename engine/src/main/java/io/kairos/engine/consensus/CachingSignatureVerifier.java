package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SignatureScheme;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers verification results keyed by SHA-256(scheme, key, message, signature), as real nodes do
 * for gossip that arrives many times: a repeated check costs one hash instead of a signature
 * verification. Bounded: the cache is emptied when it reaches its capacity. Not thread-safe; one
 * per consensus thread (or per simulation run, shared by its replicas).
 */
public final class CachingSignatureVerifier implements SignatureVerifier {
    private final SignatureVerifier inner;
    private final int capacity;
    private final Map<Hash, Boolean> results = new HashMap<>();
    private final MessageDigest sha = io.kairos.engine.core.Hashing.newSha256();
    private long hits;
    private long misses;

    public CachingSignatureVerifier(final SignatureVerifier inner, final int capacity) {
        this.inner = inner;
        this.capacity = capacity;
    }

    @Override
    public boolean verify(final SignatureScheme scheme, final byte[] publicKey, final byte[] message,
                          final byte[] signature) {
        sha.reset();
        sha.update((byte) scheme.id().ordinal());
        update(publicKey);
        update(message);
        update(signature);
        final Hash key = Hash.of(sha.digest());
        final Boolean known = results.get(key);
        if (known != null) {
            hits++;
            return known;
        }
        misses++;
        final boolean valid = inner.verify(scheme, publicKey, message, signature);
        if (results.size() >= capacity) {
            results.clear();
        }
        results.put(key, valid);
        return valid;
    }

    private void update(final byte[] bytes) {
        final int n = bytes.length;
        sha.update((byte) (n >>> 24));
        sha.update((byte) (n >>> 16));
        sha.update((byte) (n >>> 8));
        sha.update((byte) n);
        sha.update(bytes);
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
