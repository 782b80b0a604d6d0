package io.kairos.bench.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.TransactionEncoder;
import io.kairos.engine.ledger.TransactionLayout;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A genesis of funded accounts and a pool of pre-encoded transfers between them, built from a seed so
 * that every fork measures the same work. Senders and recipients are drawn uniformly or from a Zipf
 * distribution (exponent 1) over the accounts.
 *
 * <p>Every transfer in the pool succeeds when the pool is applied in order: the nonce of the k-th
 * transfer of a sender is that sender's k-th nonce, amounts are a few units against balances of 100
 * tokens, fees 1 unit. To apply the pool again, {@link #advanceNonces()} adds to each transfer's nonce
 * the number of transfers its sender has in the pool, which is exactly where that sender's nonce
 * stands after a full pass. Signatures and keys are zero bytes: execution does not verify them, and
 * the sender address travels beside the transaction as the pipeline would deliver it. Transaction
 * hashes are real at set-up and not recomputed after a nonce advance (execution only copies them into
 * receipts).
 *
 * <p>Built once at set-up; then one thread reads it and advances its nonces between passes.
 */
final class TransferPool {
    /** Transactions per block; each benchmark invocation executes one block. */
    static final int BLOCK = 10_000;
    static final long INITIAL_BALANCE = Amounts.tokens(100);
    static final long FEE = 1;

    final Genesis genesis;
    final Address proposer;
    final int accounts;
    final int size;
    final int txLength;
    final UnsafeBuffer transactions;
    final UnsafeBuffer senders;
    final UnsafeBuffer hashes;
    /** Senders as values, for the baseline (the pipeline would hand it one). */
    final Address[] senderAddresses;
    private final int[] nonceStride;

    private TransferPool(final Genesis genesis, final Address proposer, final int accounts, final int size,
                         final int txLength, final UnsafeBuffer transactions, final UnsafeBuffer senders,
                         final UnsafeBuffer hashes, final Address[] senderAddresses, final int[] nonceStride) {
        this.genesis = genesis;
        this.proposer = proposer;
        this.accounts = accounts;
        this.size = size;
        this.txLength = txLength;
        this.transactions = transactions;
        this.senders = senders;
        this.hashes = hashes;
        this.senderAddresses = senderAddresses;
        this.nonceStride = nonceStride;
    }

    /**
     * @param accounts funded accounts in the genesis
     * @param blocks   blocks of {@link #BLOCK} transfers in the pool
     * @param zipf     Zipf (exponent 1) instead of uniform choice of sender and recipient
     */
    static TransferPool create(final int accounts, final int blocks, final boolean zipf, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Address[] addresses = new Address[accounts];
        final byte[] bytes = new byte[Address.LENGTH];
        for (int i = 0; i < accounts; i++) {
            random.nextBytes(bytes);
            addresses[i] = Address.of(bytes);
        }
        final Address proposer = Ed25519Scheme.INSTANCE.fromSeed(new byte[32]).address();
        final GenesisBuilder builder = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0)
            .validator("v0", SchemeId.ED25519, Ed25519Scheme.INSTANCE.fromSeed(new byte[32]).publicKey(),
                Amounts.tokens(1_000_000), "127.0.0.1:7000");
        for (final Address a : addresses) {
            builder.allocation(a, INITIAL_BALANCE);
        }
        final Genesis genesis = builder.remainderTo(proposer).build();

        final int size = blocks * BLOCK;
        final double[] cdf = zipf ? zipfCdf(accounts) : null;
        final int[] sender = new int[size];
        final int[] recipient = new int[size];
        final int[] count = new int[accounts];
        final long[] nonce = new long[size];
        for (int i = 0; i < size; i++) {
            sender[i] = zipf ? sample(cdf, random) : random.nextInt(accounts);
            recipient[i] = zipf ? sample(cdf, random) : random.nextInt(accounts);
            nonce[i] = count[sender[i]]++;
        }

        final int txLength = TransactionLayout.encodedLength(SchemeId.ED25519, 0);
        final UnsafeBuffer transactions = new UnsafeBuffer(new byte[size * txLength]);
        final UnsafeBuffer senders = new UnsafeBuffer(new byte[size * Address.LENGTH]);
        final UnsafeBuffer hashes = new UnsafeBuffer(new byte[size * 32]);
        final Address[] senderAddresses = new Address[size];
        final int[] stride = new int[size];
        final TransactionEncoder encoder = new TransactionEncoder();
        final TransactionView view = new TransactionView();
        final byte[] hash = new byte[32];
        final byte[] zeroKey = new byte[32];
        final byte[] zeroSignature = new byte[64];
        for (int i = 0; i < size; i++) {
            encoder.wrap(transactions, i * txLength).type(TxType.TRANSFER).scheme(SchemeId.ED25519)
                .chainId(genesis.chainId()).nonce(nonce[i]).fee(FEE).amount(1 + (i & 63))
                .recipient(addresses[recipient[i]]).publicKey(zeroKey).signature(zeroSignature);
            view.wrapOrThrow(transactions, i * txLength, txLength).hashInto(hash, 0);
            hashes.putBytes(i * 32, hash);
            addresses[sender[i]].write(senders, i * Address.LENGTH);
            senderAddresses[i] = addresses[sender[i]];
            stride[i] = count[sender[i]];
        }
        return new TransferPool(genesis, proposer, accounts, size, txLength, transactions, senders, hashes,
            senderAddresses, stride);
    }

    /** P(rank k) proportional to 1/k, k = 1..n, as a cumulative table. */
    private static double[] zipfCdf(final int n) {
        final double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int sample(final double[] cdf, final SplittableRandom random) {
        final double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    int blocks() {
        return size / BLOCK;
    }

    /** Moves every nonce one pass on, so that the pool applies again after a full pass. */
    void advanceNonces() {
        for (int i = 0; i < size; i++) {
            final int at = i * txLength + TransactionLayout.NONCE_OFFSET;
            transactions.putLong(at, transactions.getLong(at, TransactionLayout.ORDER) + nonceStride[i],
                TransactionLayout.ORDER);
        }
    }
}
