package io.kairos.engine.consensus.sim;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.mempool.ReadyTxConsumer;
import io.kairos.engine.state.AccountView;
import io.kairos.engine.consensus.TransactionSource;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's deterministic transfers: {@value #SENDERS} funded accounts, each with
 * {@value #NONCES} transfers (nonces 0 to {@value #NONCES}-1) signed once per JVM and reused by every
 * run, and the genesis of n Ed25519 validators that funds them. As a {@link TransactionSource} it
 * offers each sender's next transfer by the state's nonce, at most {@value #PER_BLOCK} per block.
 * Immutable after construction; thread-safe.
 */
public final class TransferPool implements TransactionSource {
    static final int SENDERS = 4;
    static final int NONCES = 400;
    static final int PER_BLOCK = 3;
    private static final Address TREASURY = Address.of(filled(Address.LENGTH, 0x7E));
    private static final ConcurrentHashMap<Integer, Genesis> GENESES = new ConcurrentHashMap<>();
    private static volatile TransferPool instance;

    private final Address[] senders = new Address[SENDERS];
    private final byte[][][] encoded = new byte[SENDERS][NONCES][];
    private final byte[][][] hashes = new byte[SENDERS][NONCES][];

    private TransferPool() {
        final long chain = NetworkPreset.DEVNET.defaultChainId();
        final TransactionView view = new TransactionView();
        for (int s = 0; s < SENDERS; s++) {
            final SigningKey key = Ed25519Scheme.INSTANCE.fromSeed(filled(32, 0xA0 + s));
            senders[s] = key.address();
            final Address to = Address.of(filled(Address.LENGTH, 0x30 + s));
            for (int n = 0; n < NONCES; n++) {
                final Transaction tx = Transaction.transfer().chainId(chain).nonce(n).fee(1).amount(1 + n % 7)
                    .recipient(to).sign(key);
                final byte[] bytes = tx.encode();
                encoded[s][n] = bytes;
                view.wrapOrThrow(new UnsafeBuffer(bytes), 0, bytes.length);
                hashes[s][n] = new byte[32];
                view.hashInto(hashes[s][n], 0);
            }
        }
    }

    /** The pool, signed on first use. */
    public static TransferPool instance() {
        TransferPool p = instance;
        if (p == null) {
            synchronized (TransferPool.class) {
                p = instance;
                if (p == null) {
                    p = new TransferPool();
                    instance = p;
                }
            }
        }
        return p;
    }

    static byte[] filled(final int length, final int value) {
        final byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The deterministic key of validator {@code index}. */
    public static SigningKey validatorKey(final int index) {
        final byte[] seed = filled(32, 1 + index);
        seed[31] = (byte) (index >>> 8);
        return Ed25519Scheme.INSTANCE.fromSeed(seed);
    }

    /** The genesis of {@code n} validators funding the pool's senders (cached per n). */
    public static Genesis genesis(final int n) {
        return GENESES.computeIfAbsent(n, TransferPool::buildGenesis);
    }

    private static Genesis buildGenesis(final int n) {
        final TransferPool pool = instance();
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0).blockReward(5)
            .maxBlockTransactions(16);
        for (int i = 0; i < n; i++) {
            b.validator("v" + i, validatorKey(i).scheme().id(), validatorKey(i).publicKey(), Amounts.tokens(1000),
                "10.0.0." + (1 + i % 250) + ":7000");
        }
        for (final Address s : pool.senders) {
            b.allocation(s, Amounts.tokens(1000));
        }
        return b.remainderTo(TREASURY).build();
    }

    @Override
    public void fill(final ReadyTxConsumer consumer, final AccountView state, final int maxTransactions,
                     final long maxBytes) {
        int taken = 0;
        for (int s = 0; s < SENDERS && taken < Math.min(PER_BLOCK, maxTransactions); s++) {
            final long nonce = state.nonce(senders[s]);
            if (nonce < NONCES) {
                final byte[] tx = encoded[s][(int) nonce];
                if (consumer.accept(new UnsafeBuffer(tx), 0, tx.length, new UnsafeBuffer(hashes[s][(int) nonce]), 0)) {
                    taken++;
                }
            }
        }
    }
}
