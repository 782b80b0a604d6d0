package io.kairos.engine.ledger;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.eth.EthTransactions;
import org.agrona.DirectBuffer;

/**
 * The stateless checks that need more than the encoding: the chain id and the signature. Holds
 * scratch arrays sized at construction, so a verification worker checks transaction after
 * transaction without allocating in this class (what the signature library allocates inside is
 * its own affair).
 *
 * <p>Not thread-safe: one verifier per worker thread.
 */
public final class TransactionVerifier {
    private final CodecLimits limits;
    private final byte[] message;
    private final byte[][] publicKeys = new byte[SchemeId.values().length][];
    private final byte[][] signatures = new byte[SchemeId.values().length][];

    public TransactionVerifier(final CodecLimits limits) {
        this.limits = limits;
        this.message = new byte[TransactionLayout.SIGNING_PREFIX_LENGTH + limits.maxTransactionBytes()];
        for (final SchemeId id : SchemeId.values()) {
            publicKeys[id.ordinal()] = new byte[TransactionLayout.publicKeyLength(id)];
            signatures[id.ordinal()] = new byte[TransactionLayout.signatureLength(id)];
        }
    }

    /**
     * Checks a transaction that {@code view} has wrapped successfully.
     *
     * @return {@code null} if it is for {@code expectedChainId} and its signature verifies, else
     * {@link ValidationError#WRONG_CHAIN_ID} or {@link ValidationError#BAD_SIGNATURE}; for
     * {@link SchemeId#SECP256K1_ETH}, any error of {@link EthTransactions#verifyKairos} (that check
     * allocates: it decodes the Ethereum transaction in the payload)
     * @throws IllegalStateException if the view does not hold a valid transaction
     */
    public ValidationError check(final TransactionView view, final long expectedChainId) {
        if (view.chainId() != expectedChainId) {
            return ValidationError.WRONG_CHAIN_ID;
        }
        final int unsigned = view.unsignedLength();
        if (TransactionLayout.SIGNING_PREFIX_LENGTH + unsigned > message.length) {
            // Only a view built with larger limits than this verifier can get here.
            return ValidationError.OVERSIZED;
        }
        final SchemeId scheme = view.scheme();
        if (scheme == SchemeId.SECP256K1_ETH) {
            return EthTransactions.check(view, expectedChainId, limits);
        }
        final byte[] pk = publicKeys[scheme.ordinal()];
        final byte[] sig = signatures[scheme.ordinal()];
        final DirectBuffer buffer = view.buffer();
        buffer.getBytes(view.publicKeyOffset(), pk);
        buffer.getBytes(view.signatureOffset(), sig);
        final int length = view.copySigningBytes(message, 0);
        return SignatureSchemes.of(scheme).verify(pk, message, 0, length, sig) ? null : ValidationError.BAD_SIGNATURE;
    }
}
