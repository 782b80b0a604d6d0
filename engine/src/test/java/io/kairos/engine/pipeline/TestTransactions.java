package io.kairos.engine.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.MlDsa44Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.ledger.Transaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Really signed transactions for the pipeline tests, made once per JVM: signing is the slow part
 * (tens of microseconds for Ed25519, about a millisecond for ML-DSA-44).
 */
final class TestTransactions {
    static final long CHAIN = 7;
    static final long OTHER_CHAIN = 8;
    static final SigningKey ED_A = Ed25519Scheme.INSTANCE.fromSeed(filled(32, 0x31));
    static final SigningKey ED_B = Ed25519Scheme.INSTANCE.fromSeed(filled(32, 0x32));
    static final SigningKey ML = MlDsa44Scheme.INSTANCE.fromSeed(filled(32, 0x41));
    static final Address TO = Address.of(filled(Address.LENGTH, 0x55));

    /** 256 Ed25519 transfers from two senders, some with payloads large enough to grow a ring slot. */
    static final List<Transaction> ED25519 = edPool(256);
    /** A few ML-DSA-44 transfers. */
    static final List<Transaction> ML_DSA = mlPool(4);

    private TestTransactions() {
    }

    static byte[] filled(final int n, final int value) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static Transaction signed(final SigningKey key, final long chainId, final long nonce, final int payload) {
        return Transaction.transfer().chainId(chainId).nonce(nonce).fee(10 + nonce).recipient(TO).amount(1000 + nonce)
            .payload(filled(payload, (int) nonce)).sign(key);
    }

    private static List<Transaction> edPool(final int n) {
        final List<Transaction> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            txs.add(signed(i % 2 == 0 ? ED_A : ED_B, CHAIN, i, i % 16 == 5 ? 3000 : i % 40));
        }
        return List.copyOf(txs);
    }

    private static List<Transaction> mlPool(final int n) {
        final List<Transaction> txs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            txs.add(signed(ML, CHAIN, i, i * 7));
        }
        return List.copyOf(txs);
    }

    /** The encoding with one signature bit flipped: decodes, fails verification. */
    static byte[] badSignature(final Transaction tx) {
        final byte[] b = tx.encode();
        b[b.length - 3] ^= 0x04;
        return b;
    }

    /** The encoding without its last byte: does not decode. */
    static byte[] truncated(final Transaction tx) {
        final byte[] b = tx.encode();
        return Arrays.copyOf(b, b.length - 1);
    }

    static byte[] wrongChain(final long nonce) {
        return signed(ED_A, OTHER_CHAIN, nonce, 0).encode();
    }
}
