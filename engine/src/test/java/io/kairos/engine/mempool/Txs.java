package io.kairos.engine.mempool;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TransactionView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashMap;
import java.util.Map;

/** Really signed test transactions, with what {@link Mempool#admit} needs ready to hand. */
final class Txs {
    static final long CHAIN_ID = 7;
    static final Address RECIPIENT = Address.of(new byte[] {
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    private static final Map<Integer, SigningKey> KEYS = new HashMap<>();

    private Txs() {
    }

    static synchronized SigningKey key(final int index) {
        return KEYS.computeIfAbsent(index, boxed -> {
            final int i = boxed;
            final byte[] seed = new byte[32];
            seed[0] = (byte) i;
            seed[1] = (byte) (i >>> 8);
            seed[31] = 42;
            return Ed25519Scheme.INSTANCE.fromSeed(seed);
        });
    }

    static Address address(final int senderIndex) {
        return key(senderIndex).address();
    }

    static Signed sign(final int sender, final long nonce, final long fee) {
        return sign(sender, nonce, fee, 1, 0);
    }

    static Signed sign(final int sender, final long nonce, final long fee, final long amount, final int payload) {
        final Transaction tx = Transaction.transfer().chainId(CHAIN_ID).nonce(nonce).fee(fee).amount(amount)
            .recipient(RECIPIENT).payload(new byte[payload]).sign(key(sender));
        return new Signed(tx, key(sender).address());
    }

    /** A signed transaction; {@link #sender} may be overridden to test the pool's address index. */
    static final class Signed {
        final Transaction tx;
        final UnsafeBuffer bytes;
        final byte[] hash;
        final UnsafeBuffer sender;
        final Address senderAddress;

        Signed(final Transaction tx, final Address sender) {
            this(tx, tx.hash().toByteArray(), sender);
        }

        Signed(final Transaction tx, final byte[] hash, final Address sender) {
            this.tx = tx;
            this.bytes = new UnsafeBuffer(tx.encode());
            this.hash = hash;
            this.sender = new UnsafeBuffer(sender.toByteArray());
            this.senderAddress = sender;
        }

        int length() {
            return bytes.capacity();
        }

        long cost() {
            return tx.amount() + tx.fee();
        }

        RejectReason admitTo(final Mempool pool, final TransactionView view, final long now) {
            if (view.wrap(bytes, 0, bytes.capacity()) != null) {
                throw new AssertionError(view.errorMessage());
            }
            return pool.admit(view, hash, sender, 0, now);
        }
    }
}
