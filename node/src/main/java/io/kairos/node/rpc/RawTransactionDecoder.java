package io.kairos.node.rpc;

import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.Transaction;

/**
 * Turns the raw bytes of {@code eth_sendRawTransaction} (a signed legacy, EIP-2930 or EIP-1559
 * Ethereum transaction) into the Kairos transaction that carries it, and reads the Ethereum fields
 * back for {@code eth_getTransactionByHash}.
 *
 * <p>Implemented by the adapter over the engine's {@code secp256k1-eth} scheme. Implementations are
 * stateless and thread-safe; they are called on the server's event-loop threads, so they must not
 * block (decoding and recovering the signer is pure CPU work).
 */
public interface RawTransactionDecoder {
    /**
     * Decodes and checks a raw signed Ethereum transaction.
     *
     * @return the Kairos transaction (a TRANSFER whose payload carries {@code raw}) whose
     *         {@link Transaction#hash()} is Keccak-256 of {@code raw} and whose sender is the Ethereum
     *         address that signed it
     * @throws ValidationException when the bytes are not such a transaction, with the reason
     */
    Transaction decode(byte[] raw);

    /**
     * The Ethereum view of a committed Kairos transaction, or {@code null} when it is not one that
     * carries an Ethereum transaction (a native Ed25519 or ML-DSA transfer). Never throws for a
     * native transaction.
     */
    EthTransactionView ethView(Transaction transaction);
}
