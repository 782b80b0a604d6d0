/**
 * The authenticated state commitment: a binary sparse Merkle tree over every account's
 * (address, balance, nonce), whose root goes into block headers, with inclusion and exclusion proofs
 * that {@link io.kairos.engine.state.commitment.ProofVerifier} checks against the root alone.
 * The hashing and encodings are specified in {@code docs/state-commitment.md}.
 */
package io.kairos.engine.state.commitment;
