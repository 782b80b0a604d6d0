/**
 * Ledger data and its canonical binary encodings: transactions, block headers and bodies, and the
 * Merkle root that ties a header to its body. The byte layouts are specified in
 * {@code docs/encoding.md}; every decoder here refuses malformed input with a typed
 * {@link io.kairos.engine.core.ValidationError}, and every value has exactly one encoding.
 *
 * <p>Two tiers: allocation-free flyweights over Agrona buffers ({@link io.kairos.engine.ledger.TransactionView},
 * {@link io.kairos.engine.ledger.TransactionEncoder}, {@link io.kairos.engine.ledger.TransactionVerifier})
 * for the hot path, and immutable value types ({@link io.kairos.engine.ledger.Transaction},
 * {@link io.kairos.engine.ledger.BlockHeader}, {@link io.kairos.engine.ledger.Block}) for everything else.
 */
package io.kairos.engine.ledger;
