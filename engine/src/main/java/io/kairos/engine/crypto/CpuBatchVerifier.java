package io.kairos.engine.crypto;

/**
 * The reference {@link BatchVerifier}: checks the items one after another on the calling thread with
 * the scheme's own {@link SignatureScheme#verify}, so a batch gives exactly the result of verifying
 * each signature alone (the rules of strictness live in one place, the scheme).
 *
 * <p>{@code SignatureScheme.verify} takes the key and signature as whole arrays, so each item's key
 * and signature are copied into scratch arrays of the exact length made once per scheme; the message
 * is passed in place. This class allocates nothing per item. Bouncy Castle does allocate inside its
 * verification (little for Ed25519; ML-DSA-44 builds its signer, key parameters and polynomial
 * vectors afresh each call), which this class cannot avoid.
 *
 * <p>Not thread-safe: one instance per worker thread.
 */
public final class CpuBatchVerifier implements BatchVerifier {
    private final byte[][] publicKeys = new byte[SchemeId.values().length][];
    private final byte[][] signatures = new byte[SchemeId.values().length][];

    public CpuBatchVerifier() {
        for (final SchemeId id : SchemeId.values()) {
            final SignatureScheme s = SignatureSchemes.of(id);
            publicKeys[id.ordinal()] = new byte[s.publicKeyLength()];
            signatures[id.ordinal()] = new byte[s.signatureLength()];
        }
    }

    @Override
    public void verify(final VerificationBatch batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            batch.setValid(i, verifyItem(batch, i));
        }
    }

    private boolean verifyItem(final VerificationBatch batch, final int i) {
        final SchemeId id = batch.scheme(i);
        final byte[] pk = publicKeys[id.ordinal()];
        final byte[] sig = signatures[id.ordinal()];
        System.arraycopy(batch.publicKey(i), batch.publicKeyOffset(i), pk, 0, pk.length);
        System.arraycopy(batch.signature(i), batch.signatureOffset(i), sig, 0, sig.length);
        return SignatureSchemes.of(id).verify(pk, batch.message(i), batch.messageOffset(i), batch.messageLength(i),
            sig);
    }
}
