package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.Secp256k1;
import io.kairos.engine.ledger.Transaction;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A signed Ethereum transfer that {@link EthTransactions#decode} accepted: its Ethereum fields, the
 * key recovered from its signature, and the Kairos amounts derived from it. Every instance satisfies
 * the rules of {@code docs/ethereum.md} (recipient present, no data, empty access list, whole-unit
 * value, gas limit at least 21,000, low-s signature, EIP-155 chain id). Immutable and thread-safe.
 *
 * @param type                 {@link #TYPE_LEGACY} or {@link #TYPE_EIP1559}
 * @param chainId              the chain id it was signed for
 * @param nonce                the sender's nonce
 * @param gasPrice             legacy: wei per gas; {@code null} for EIP-1559
 * @param maxPriorityFeePerGas EIP-1559: the tip cap; {@code null} for legacy
 * @param maxFeePerGas         EIP-1559: the fee cap; {@code null} for legacy
 * @param gasLimit             the signed gas limit (at least {@link #TRANSFER_GAS}; only 21,000 is used)
 * @param to                   the recipient
 * @param value                wei transferred, a multiple of 10^9
 * @param v                    the signed v: {@code chainId * 2 + 35 + yParity} for legacy, yParity for EIP-1559
 * @param yParity              0 or 1
 * @param r                    signature r
 * @param s                    signature s, at most n/2
 * @param raw                  the signed transaction bytes exactly as received
 * @param hash                 Keccak-256 of {@code raw}: Ethereum's transaction hash and Kairos's
 * @param publicKey            the 33-byte compressed key recovered from the signature
 * @param sender               the sender's address (Ethereum's rule)
 * @param fee                  the Kairos fee in units: {@code floor(price * 21000 / 10^9)}
 * @param amount               the Kairos amount in units: {@code value / 10^9}
 */
public record EthTransaction(int type, long chainId, long nonce, BigInteger gasPrice, BigInteger maxPriorityFeePerGas,
                             BigInteger maxFeePerGas, long gasLimit, Address to, BigInteger value, BigInteger v,
                             int yParity, BigInteger r, BigInteger s, byte[] raw, Hash hash, byte[] publicKey,
                             Address sender, long fee, long amount) {
    /** A legacy (pre-typed) transaction, signed the EIP-155 way. */
    public static final int TYPE_LEGACY = 0;
    /** An EIP-1559 (type 0x02) transaction. */
    public static final int TYPE_EIP1559 = 2;
    /** The gas every transfer uses, and so its {@code gasUsed}. */
    public static final long TRANSFER_GAS = 21_000;

    public EthTransaction {
        raw = raw.clone();
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The wei per gas the fee is computed from: {@code gasPrice} (legacy) or {@code maxFeePerGas} (EIP-1559). */
    public BigInteger feePerGas() {
        return type == TYPE_LEGACY ? gasPrice : maxFeePerGas;
    }

    /** The signature as Kairos stores it: {@code r || s || yParity}, 65 bytes. */
    public byte[] signature() {
        final byte[] sig = new byte[Secp256k1.SIGNATURE_LENGTH];
        Secp256k1.writeUnsigned32(r, sig, 0);
        Secp256k1.writeUnsigned32(s, sig, 32);
        sig[64] = (byte) yParity;
        return sig;
    }

    /**
     * The Kairos transfer that carries this transaction: scheme {@link SchemeId#SECP256K1_ETH}, the
     * derived chain id, nonce, fee, recipient and amount, the recovered key, {@link #raw} as payload and
     * {@link #signature()}. Its {@link Transaction#hash()} equals {@link #hash()}.
     */
    public Transaction toKairos() {
        return Transaction.transfer().chainId(chainId).nonce(nonce).fee(fee).recipient(to).amount(amount)
            .payload(raw).withSignature(SchemeId.SECP256K1_ETH, publicKey, signature());
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof EthTransaction t && Arrays.equals(raw, t.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "EthTransaction{type " + type + ", hash " + hash + ", from " + sender + ", to " + to + ", nonce "
            + nonce + ", value " + value + " wei, chain " + chainId + "}";
    }
}
