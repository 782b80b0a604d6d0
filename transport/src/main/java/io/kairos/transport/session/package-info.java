/**
 * Peer sessions: the signed hybrid X25519 + ML-KEM handshake ({@link io.kairos.transport.session.Handshaker})
 * and the ChaCha20-Poly1305 session with its replay window ({@link io.kairos.transport.session.PeerSession}).
 */
package io.kairos.transport.session;
