package io.kairos.bench.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureScheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TransactionLayout;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * Real Ed25519-signed transfers for the pipeline benchmarks, built once from a seed: {@code senders}
 * funded accounts, each with one transfer per round, nonce = round, so round {@code r} of a fresh
 * state applies in full once rounds {@code 0..r-1} have. Within a round every sender appears once,
 * so all of a round's transfers are ready at once; the recipient is another sender, so the state
 * never grows. Amounts are 1 to 64 units and the fee 1 against {@link #INITIAL_BALANCE}.
 *
 * <p>Each transfer is kept three ways: its encoding ({@link #encoded}, what a client submits), a
 * <em>slot</em> ({@link #slots}) laid out as the ingress ring holds it after decoding (the signing
 * prefix, then the encoding), so the signing bytes are {@code slot[0, signingLength)}, and its hash
 * and sender ({@link #hashes}, {@link #senders}) as the pipeline derives them. Index {@code i} of
 * round {@code r} is sender {@code i}; the flat index used by the arrays is {@code r * senders + i}.
 *
 * <p>Built on one thread, then only read (the benchmarks that rewrite nonces work on copies).
 */
final class SignedTransferPool {
    static final long INITIAL_BALANCE = Amounts.tokens(1_000);
    static final long FEE = 1;
    private static final SignatureScheme SCHEME = Ed25519Scheme.INSTANCE;

    final Genesis genesis;
    final Address proposer;
    /** Seed of the one genesis validator's Ed25519 key, for an engine that must sign as it. */
    private final byte[] validatorSeed;
    final int senders;
    final int rounds;
    /** Encoded length of every transfer (all are Ed25519 with no payload). */
    final int length;
    /** Length of the signing bytes at the start of each slot. */
    final int signingLength;
    /** Where a slot holds the public key and the signature. */
    final int publicKeyOffset;
    final int signatureOffset;
    final byte[][] encoded;
    final byte[][] slots;
    /** Per flat index, the 32-byte hash, back to back. */
    final UnsafeBuffer hashes;
    /** Per sender (not per transfer), the 20-byte address, back to back. */
    final UnsafeBuffer senderAddresses;

    private SignedTransferPool(final Genesis genesis, final Address proposer, final byte[] validatorSeed,
                               final int senders, final int rounds,
                               final byte[][] encoded, final byte[][] slots, final UnsafeBuffer hashes,
                               final UnsafeBuffer senderAddresses) {
        this.genesis = genesis;
        this.proposer = proposer;
        this.validatorSeed = validatorSeed;
        this.senders = senders;
        this.rounds = rounds;
        this.length = encoded[0].length;
        this.signingLength = TransactionLayout.SIGNING_PREFIX_LENGTH + length
            - TransactionLayout.signatureLength(SchemeId.ED25519);
        this.publicKeyOffset = TransactionLayout.SIGNING_PREFIX_LENGTH + TransactionLayout.FIXED_LENGTH;
        this.signatureOffset = signingLength;
        this.encoded = encoded;
        this.slots = slots;
        this.hashes = hashes;
        this.senderAddresses = senderAddresses;
    }

    /**
     * @param senders funded accounts, each sending one transfer per round; at least 2
     * @param rounds  transfers per sender, nonces 0 to {@code rounds - 1}; at least 1
     * @param seed    seeds the keys, recipients and amounts
     */
    static SignedTransferPool create(final int senders, final int rounds, final long seed) {
        if (senders < 2 || rounds < 1) {
            throw new IllegalArgumentException("a pool needs at least 2 senders and 1 round, got " + senders
                + " senders and " + rounds + " rounds");
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final SigningKey[] keys = new SigningKey[senders];
        final Address[] addresses = new Address[senders];
        final byte[] seedBytes = new byte[SignatureScheme.SEED_LENGTH];
        for (int i = 0; i < senders; i++) {
            random.nextBytes(seedBytes);
            keys[i] = SCHEME.fromSeed(seedBytes);
            addresses[i] = keys[i].address();
        }
        random.nextBytes(seedBytes);
        final byte[] validatorSeed = seedBytes.clone();
        final Address proposer;
        final Genesis genesis;
        try (SigningKey validator = SCHEME.fromSeed(seedBytes)) {
            proposer = validator.address();
            final GenesisBuilder builder = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0)
                .validator("v0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000),
                    "127.0.0.1:7000");
            for (final Address a : addresses) {
                builder.allocation(a, INITIAL_BALANCE);
            }
            genesis = builder.remainderTo(proposer).build();
        }

        final int size = senders * rounds;
        final byte[][] encoded = new byte[size][];
        final byte[][] slots = new byte[size][];
        final UnsafeBuffer hashes = new UnsafeBuffer(new byte[size * Hash.LENGTH]);
        final UnsafeBuffer senderAddresses = new UnsafeBuffer(new byte[senders * Address.LENGTH]);
        for (int i = 0; i < senders; i++) {
            addresses[i].write(senderAddresses, i * Address.LENGTH);
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < senders; i++) {
                // Any other sender: an offset of 1 to senders-1 never lands on i itself.
                final int to = (i + 1 + random.nextInt(senders - 1)) % senders;
                final Transaction tx = Transaction.transfer().chainId(genesis.chainId()).nonce(r).fee(FEE)
                    .recipient(addresses[to]).amount(1 + random.nextInt(64)).sign(keys[i]);
                final int flat = r * senders + i;
                encoded[flat] = tx.encode();
                slots[flat] = slot(tx.signingBytes(), encoded[flat]);
                hashes.putBytes(flat * Hash.LENGTH, tx.hash().toByteArray());
            }
        }
        for (final SigningKey k : keys) {
            k.destroy();
        }
        return new SignedTransferPool(genesis, proposer, validatorSeed, senders, rounds, encoded, slots, hashes, senderAddresses);
    }

    /** The validator's signing key (a fresh copy: the caller destroys it). */
    SigningKey validatorKey() {
        return SCHEME.fromSeed(validatorSeed);
    }

    /**
     * The ring's layout after decoding: the signing prefix, then the whole encoding, so the signing
     * bytes (prefix plus the encoding without its signature) are one slice from index 0.
     */
    private static byte[] slot(final byte[] signingBytes, final byte[] encoding) {
        final byte[] slot = new byte[TransactionLayout.SIGNING_PREFIX_LENGTH + encoding.length];
        System.arraycopy(signingBytes, 0, slot, 0, TransactionLayout.SIGNING_PREFIX_LENGTH);
        System.arraycopy(encoding, 0, slot, TransactionLayout.SIGNING_PREFIX_LENGTH, encoding.length);
        return slot;
    }

    /** The flat index of sender {@code sender}'s transfer in round {@code round}. */
    int index(final int round, final int sender) {
        return round * senders + sender;
    }

    int size() {
        return senders * rounds;
    }
}
