package io.kairos.engine.crypto;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * secp256k1 with Keccak-256, as Ethereum wallets sign: a signature over a message is the ECDSA
 * signature {@code r || s || yParity} of Keccak-256(message), s in the lower half of the order
 * (EIP-2), and it verifies when the key recovered from it equals the 33-byte compressed public key.
 * The address of a key is Ethereum's: the last 20 bytes of Keccak-256 of the 64-byte uncompressed key,
 * so a wallet's address is its Kairos account.
 *
 * <p>A Kairos transaction of this scheme is not signed over the Kairos signing bytes: it carries a
 * signed Ethereum transaction in its payload, and {@code io.kairos.engine.eth.EthTransactions}
 * checks it (see {@code docs/ethereum.md}). This class is the key half: seeds, keys, addresses and
 * message signatures, which also makes these keys usable wherever a scheme signs plain messages.
 *
 * <p>The seed of a key: a 32-byte value d with 1 ≤ d &lt; n is the private key itself, so a wallet's
 * private key imports unchanged. Any other seed (zero, or ≥ n, with probability about 2^-128 for a
 * random seed) maps to Keccak-256(seed || counter) for the first one-byte counter 0, 1, ... that gives
 * a valid key, so every 32-byte seed names exactly one key.
 *
 * <p>Stateless and thread-safe.
 */
public final class Secp256k1EthScheme implements SignatureScheme {
    public static final Secp256k1EthScheme INSTANCE = new Secp256k1EthScheme();

    private Secp256k1EthScheme() {
    }

    @Override
    public SchemeId id() {
        return SchemeId.SECP256K1_ETH;
    }

    @Override
    public int publicKeyLength() {
        return Secp256k1.COMPRESSED_KEY_LENGTH;
    }

    @Override
    public int signatureLength() {
        return Secp256k1.SIGNATURE_LENGTH;
    }

    /** The private key a seed names (rule in the class comment). */
    public static BigInteger privateKeyOf(final byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "a secp256k1 seed (private key) is " + SEED_LENGTH + " bytes");
        }
        BigInteger d = new BigInteger(1, seed);
        for (int counter = 0; !Secp256k1.isValidPrivateKey(d); counter++) {
            d = new BigInteger(1, Keccak256.hash(seed, new byte[] {(byte) counter}));
        }
        return d;
    }

    @Override
    public SigningKey fromSeed(final byte[] seed) {
        final BigInteger d = privateKeyOf(seed);
        return new Key(seed.clone(), d, Secp256k1.compress(Secp256k1.publicPoint(d)));
    }

    @Override
    public boolean isValidPublicKey(final byte[] publicKey) {
        return Secp256k1.decompressOrNull(publicKey) != null;
    }

    @Override
    public boolean verify(final byte[] publicKey, final byte[] message, final int offset, final int length,
                          final byte[] signature) {
        if (message == null || offset < 0 || length < 0 || offset > message.length - length) {
            return false;
        }
        return Secp256k1.verifyHash(publicKey, Keccak256.hash(message, offset, length), signature);
    }

    /**
     * The Ethereum address of a compressed key.
     *
     * @throws ValidationException {@code INVALID_PUBLIC_KEY} if the bytes are not a compressed curve point
     */
    @Override
    public Address address(final byte[] publicKey) {
        final ECPoint q = Secp256k1.decompressOrNull(publicKey);
        if (q == null) {
            throw new ValidationException(ValidationError.INVALID_PUBLIC_KEY,
                "not a compressed secp256k1 public key (33 bytes, 0x02/0x03 prefix, a curve point)");
        }
        return Secp256k1.ethereumAddress(q);
    }

    /** A key pair; {@link #sign} signs Keccak-256 of the message. */
    private static final class Key implements SigningKey {
        private final byte[] seed;
        private final byte[] pk;
        private volatile BigInteger d;

        Key(final byte[] seed, final BigInteger d, final byte[] pk) {
            this.seed = seed;
            this.d = d;
            this.pk = pk;
        }

        @Override
        public SignatureScheme scheme() {
            return INSTANCE;
        }

        @Override
        public byte[] publicKey() {
            return pk.clone();
        }

        @Override
        public byte[] seed() {
            checkLive();
            return seed.clone();
        }

        @Override
        public byte[] sign(final byte[] message, final int offset, final int length) {
            final BigInteger key = checkLive();
            Bounds.checkMessageRange(message, offset, length);
            return Secp256k1.signHash(Keccak256.hash(message, offset, length), key);
        }

        @Override
        public Address address() {
            return Secp256k1.ethereumAddress(Secp256k1.decompressOrNull(pk));
        }

        @Override
        public void destroy() {
            // A BigInteger cannot be wiped; dropping the reference is the most this class can do.
            d = null;
            Arrays.fill(seed, (byte) 0);
        }

        private BigInteger checkLive() {
            final BigInteger key = d;
            if (key == null) {
                throw new IllegalStateException("signing key was destroyed");
            }
            return key;
        }
    }
}
