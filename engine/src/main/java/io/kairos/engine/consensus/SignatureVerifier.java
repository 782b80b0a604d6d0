package io.kairos.engine.consensus;

import io.kairos.engine.crypto.SignatureScheme;

/**
 * Checks a signature for consensus. Consensus verifies every vote it counts, so the check dominates
 * its CPU cost; an implementation may remember results ({@link CachingSignatureVerifier}). Must be
 * deterministic: the same inputs always give the same answer. Threading as its owner's.
 */
@FunctionalInterface
public interface SignatureVerifier {
    boolean verify(SignatureScheme scheme, byte[] publicKey, byte[] message, byte[] signature);

    /** Verifies every time, no cache. */
    SignatureVerifier DIRECT = (scheme, key, message, signature) -> scheme.verify(key, message, signature);
}
