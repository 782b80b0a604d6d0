package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.Keccak256;
import io.kairos.engine.crypto.Secp256k1;
import io.kairos.engine.crypto.Secp256k1EthScheme;
import io.kairos.engine.crypto.SigningKey;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Well-known development accounts, as anvil and Hardhat have them: a devnet funds these, and their
 * private keys are public, so a wallet can use them at once. Never fund them on a real network.
 *
 * <p>Derivation (documented in docs/ethereum.md): private key i is
 * {@code Keccak-256(UTF-8(seedPhrase) || i as 4 bytes big-endian)}; if that is 0 or at least the group
 * order n, it is {@code Keccak-256(UTF-8(seedPhrase) || i (4 bytes) || c (4 bytes big-endian))} for the
 * first c = 1, 2, ... that gives a valid key. Stateless; thread-safe.
 */
public final class EthDevAccounts {
    /** The seed phrase devnets use unless told otherwise. */
    public static final String DEFAULT_SEED_PHRASE = "kairos devnet";
    /** The most accounts one call derives. */
    public static final int MAX_COUNT = 10_000;

    /**
     * One development account.
     *
     * @param index      its position in the derivation
     * @param privateKey the 32-byte secp256k1 private key
     * @param address    its Ethereum address, which is also its Kairos account
     */
    public record DevAccount(int index, byte[] privateKey, Address address) {
        public DevAccount {
            privateKey = privateKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        /** The private key as {@code 0x}-prefixed hex, as wallets import it. */
        public String privateKeyHex() {
            return Hex.encodePrefixed(privateKey);
        }

        /** A signing key of scheme secp256k1-eth (the private key is its seed). */
        public SigningKey signingKey() {
            return Secp256k1EthScheme.INSTANCE.fromSeed(privateKey);
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof DevAccount d && index == d.index && Arrays.equals(privateKey, d.privateKey);
        }

        @Override
        public int hashCode() {
            return 31 * index + Arrays.hashCode(privateKey);
        }

        @Override
        public String toString() {
            return "DevAccount{" + index + ", " + address + "}";
        }
    }

    private EthDevAccounts() {
    }

    /**
     * The first {@code count} accounts of {@code seedPhrase}.
     *
     * @throws ValidationException {@code INVALID_VALUE} for a missing phrase or a count outside
     *     [0, {@value #MAX_COUNT}]
     */
    public static List<DevAccount> derive(final String seedPhrase, final int count) {
        if (seedPhrase == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "the dev-account seed phrase is missing");
        }
        if (count < 0 || count > MAX_COUNT) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "dev-account count must lie in [0, " + MAX_COUNT + "], got " + count);
        }
        final byte[] phrase = seedPhrase.getBytes(StandardCharsets.UTF_8);
        final List<DevAccount> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final byte[] index = ByteBuffer.allocate(Integer.BYTES).putInt(i).array();
            byte[] key = Keccak256.hash(phrase, index);
            for (int c = 1; !Secp256k1.isValidPrivateKey(new BigInteger(1, key)); c++) {
                key = Keccak256.hash(phrase, index, ByteBuffer.allocate(Integer.BYTES).putInt(c).array());
            }
            out.add(new DevAccount(i, key, Secp256k1.ethereumAddress(Secp256k1.publicPoint(new BigInteger(1, key)))));
        }
        return out;
    }

    /** The first {@code count} accounts of {@link #DEFAULT_SEED_PHRASE}. */
    public static List<DevAccount> derive(final int count) {
        return derive(DEFAULT_SEED_PHRASE, count);
    }
}
