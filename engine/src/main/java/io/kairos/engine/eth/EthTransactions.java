package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.Keccak256;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.Secp256k1;
import io.kairos.engine.crypto.Secp256k1EthScheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ethereum transactions as Kairos transfers: the strict decoder the JSON-RPC layer calls for
 * {@code eth_sendRawTransaction}, the check that binds a {@link SchemeId#SECP256K1_ETH} Kairos
 * transaction to the Ethereum transaction in its payload, and signing helpers for tests and tools.
 * The rules are in {@code docs/ethereum.md}.
 *
 * <p>Stateless static methods; thread-safe.
 */
public final class EthTransactions {
    /**
     * The deepest RLP nesting read: transaction list, access list, access-list entry, storage keys. An
     * access list must be empty, but reading this deep lets a non-empty one get its own error.
     */
    public static final int MAX_RLP_DEPTH = 4;

    private static final BigInteger WEI_PER_UNIT = BigInteger.valueOf(Amounts.WEI_PER_UNIT);
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(EthTransaction.TRANSFER_GAS);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger V_OFFSET = BigInteger.valueOf(35);
    private static final int LEGACY_FIELDS = 9;
    private static final int EIP1559_FIELDS = 12;

    private EthTransactions() {
    }

    /**
     * Decodes and checks a signed Ethereum transaction (the bytes {@code eth_sendRawTransaction}
     * receives): strict RLP, a legacy EIP-155 or EIP-1559 transfer for {@code expectedChainId}, a valid
     * low-s signature. Recovers the sender.
     *
     * @param limits its {@code maxPayloadBytes} bounds the raw length (the raw transaction becomes the
     *               Kairos payload)
     * @throws ValidationException with the typed reason for any refusal (table in docs/ethereum.md)
     */
    public static EthTransaction decode(final byte[] raw, final long expectedChainId, final CodecLimits limits) {
        if (raw == null || raw.length == 0) {
            throw new ValidationException(ValidationError.TRUNCATED, "the raw transaction is empty");
        }
        if (raw.length > limits.maxPayloadBytes()) {
            throw new ValidationException(ValidationError.OVERSIZED, "the raw transaction is " + raw.length
                + " bytes, over the limit of " + limits.maxPayloadBytes());
        }
        final int first = raw[0] & 0xFF;
        if (first >= 0xc0) {
            return decodeLegacy(raw, expectedChainId);
        }
        if (first == EthTransaction.TYPE_EIP1559) {
            return decode1559(raw, expectedChainId);
        }
        if (first <= 0x7f) {
            throw new ValidationException(ValidationError.UNKNOWN_TYPE, "Ethereum transaction type 0x"
                + Integer.toHexString(first) + " is not supported (accepted: legacy EIP-155 and EIP-1559 0x02)");
        }
        throw new ValidationException(ValidationError.INVALID_ENCODING, "the raw transaction starts with 0x"
            + Integer.toHexString(first) + ": neither a transaction type byte nor an RLP list");
    }

    private static EthTransaction decodeLegacy(final byte[] raw, final long expectedChainId) {
        final RlpItem.RlpList f = Rlp.list(Rlp.decode(raw, MAX_RLP_DEPTH, raw.length), "transaction");
        fieldCount(f, LEGACY_FIELDS, "a legacy transaction");
        final long nonce = nonce(f.get(0));
        final BigInteger gasPrice = Rlp.unsigned(f.get(1), "gasPrice");
        final long gasLimit = gasLimit(f.get(2));
        final Address to = to(f.get(3));
        final BigInteger value = Rlp.unsigned(f.get(4), "value");
        noData(f.get(5));
        final BigInteger v = Rlp.unsigned(f.get(6), "v");
        final BigInteger r = Rlp.unsigned(f.get(7), "r");
        final BigInteger s = Rlp.unsigned(f.get(8), "s");
        if (v.equals(BigInteger.valueOf(27)) || v.equals(BigInteger.valueOf(28))) {
            throw new ValidationException(ValidationError.WRONG_CHAIN_ID,
                "pre-EIP-155 transactions are not replay-protected (v = " + v + "); sign with a chain id");
        }
        if (v.compareTo(V_OFFSET) < 0) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE,
                "legacy v = " + v + " is neither 27/28 nor chainId * 2 + 35/36");
        }
        final BigInteger[] chainAndParity = v.subtract(V_OFFSET).divideAndRemainder(BigInteger.TWO);
        final long chainId = chainId(chainAndParity[0], expectedChainId);
        final int yParity = chainAndParity[1].intValue();
        final EthTransactionRequest unsigned = new EthTransactionRequest(EthTransaction.TYPE_LEGACY, chainId, nonce,
            gasPrice, null, null, gasLimit, to, value, new byte[0]);
        return finish(raw, unsigned, v, yParity, r, s);
    }

    private static EthTransaction decode1559(final byte[] raw, final long expectedChainId) {
        final byte[] body = Arrays.copyOfRange(raw, 1, raw.length);
        final RlpItem.RlpList f;
        try {
            f = Rlp.list(Rlp.decode(body, MAX_RLP_DEPTH, body.length), "transaction");
        } catch (final ValidationException e) {
            throw new ValidationException(e.error(), "in the EIP-1559 body after the type byte (offsets from byte 1): "
                + e.getMessage());
        }
        fieldCount(f, EIP1559_FIELDS, "an EIP-1559 transaction");
        final long chainId = chainId(Rlp.unsigned(f.get(0), "chainId"), expectedChainId);
        final long nonce = nonce(f.get(1));
        final BigInteger tip = Rlp.unsigned(f.get(2), "maxPriorityFeePerGas");
        final BigInteger feeCap = Rlp.unsigned(f.get(3), "maxFeePerGas");
        final long gasLimit = gasLimit(f.get(4));
        final Address to = to(f.get(5));
        final BigInteger value = Rlp.unsigned(f.get(6), "value");
        noData(f.get(7));
        if (Rlp.list(f.get(8), "accessList").size() != 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "access lists are not supported: "
                + "Kairos has no contract storage to warm; send the transfer with an empty access list");
        }
        final BigInteger yParity = Rlp.unsigned(f.get(9), "yParity");
        final BigInteger r = Rlp.unsigned(f.get(10), "r");
        final BigInteger s = Rlp.unsigned(f.get(11), "s");
        if (tip.compareTo(feeCap) > 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "maxPriorityFeePerGas " + tip
                + " is above maxFeePerGas " + feeCap);
        }
        if (yParity.compareTo(BigInteger.ONE) > 0) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE, "yParity must be 0 or 1, got " + yParity);
        }
        final EthTransactionRequest unsigned = new EthTransactionRequest(EthTransaction.TYPE_EIP1559, chainId, nonce,
            null, tip, feeCap, gasLimit, to, value, new byte[0]);
        return finish(raw, unsigned, yParity, yParity.intValue(), r, s);
    }

    /** Amounts, signature and sender: the checks common to both types. */
    private static EthTransaction finish(final byte[] raw, final EthTransactionRequest u, final BigInteger v,
                                         final int yParity, final BigInteger r, final BigInteger s) {
        final BigInteger[] units = u.value().divideAndRemainder(WEI_PER_UNIT);
        if (units[1].signum() != 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "value " + u.value()
                + " wei is not a multiple of 10^9 wei (1 unit), the smallest amount Kairos records");
        }
        if (units[0].compareTo(LONG_MAX) > 0) {
            throw new ValidationException(ValidationError.AMOUNT_OVERFLOW, "value " + u.value()
                + " wei is more than any Kairos amount (" + Long.MAX_VALUE + " units)");
        }
        final BigInteger price = u.type() == EthTransaction.TYPE_LEGACY ? u.gasPrice() : u.maxFeePerGas();
        final BigInteger fee = price.multiply(TRANSFER_GAS).divide(WEI_PER_UNIT);
        if (fee.compareTo(LONG_MAX) > 0) {
            throw new ValidationException(ValidationError.AMOUNT_OVERFLOW, "a fee of " + price
                + " wei per gas for 21000 gas is more than any Kairos amount");
        }
        if (r.signum() == 0 || r.compareTo(Secp256k1.N) >= 0 || s.signum() == 0 || s.compareTo(Secp256k1.N) >= 0) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE, "signature r and s must lie in [1, n)");
        }
        if (s.compareTo(Secp256k1.HALF_N) > 0) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE,
                "signature s is in the upper half of the group order (EIP-2 allows only low s)");
        }
        final ECPoint q = Secp256k1.recover(signingHash(u), r, s, yParity);
        if (q == null) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE, "no public key can be recovered from the "
                + "signature");
        }
        return new EthTransaction(u.type(), u.chainId(), u.nonce(), u.gasPrice(), u.maxPriorityFeePerGas(),
            u.maxFeePerGas(), u.gasLimit(), u.to(), u.value(), v, yParity, r, s, raw,
            Hash.of(Keccak256.hash(raw)), Secp256k1.compress(q), Secp256k1.ethereumAddress(q), fee.longValue(),
            units[0].longValue());
    }

    private static void fieldCount(final RlpItem.RlpList f, final int expected, final String what) {
        if (f.size() != expected) {
            throw new ValidationException(ValidationError.INVALID_ENCODING,
                what + " has " + expected + " fields, got " + f.size());
        }
    }

    private static long chainId(final BigInteger chainId, final long expected) {
        if (chainId.compareTo(LONG_MAX) > 0 || chainId.longValue() != expected) {
            throw new ValidationException(ValidationError.WRONG_CHAIN_ID,
                "transaction is for chain " + chainId + ", this chain is " + expected);
        }
        return expected;
    }

    private static long nonce(final RlpItem item) {
        final BigInteger n = Rlp.unsigned(item, "nonce");
        if (n.compareTo(LONG_MAX) > 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "nonce " + n + " is above the largest Kairos nonce " + Long.MAX_VALUE);
        }
        return n.longValue();
    }

    private static long gasLimit(final RlpItem item) {
        final BigInteger g = Rlp.unsigned(item, "gasLimit");
        if (g.compareTo(TRANSFER_GAS) < 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "gas limit " + g + " is below 21000, the gas a transfer uses");
        }
        if (g.compareTo(LONG_MAX) > 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "gas limit " + g + " is too large");
        }
        return g.longValue();
    }

    private static Address to(final RlpItem item) {
        final byte[] b = Rlp.string(item, "to");
        if (b.length == 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "contract creation is not supported: the transaction has no recipient");
        }
        if (b.length != Address.LENGTH) {
            throw new ValidationException(ValidationError.INVALID_ENCODING, "to at offset " + item.offset()
                + " is " + b.length + " bytes, an address is 20");
        }
        return Address.of(b);
    }

    private static void noData(final RlpItem item) {
        if (Rlp.string(item, "data").length != 0) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "contract calls are not supported yet: the transaction carries data");
        }
    }

    /**
     * The Keccak-256 hash a wallet signs: of {@code rlp([nonce, gasPrice, gas, to, value, data, chainId,
     * 0, 0])} for legacy (EIP-155), of {@code 0x02 || rlp([chainId, nonce, tip, feeCap, gas, to, value,
     * data, []])} for EIP-1559.
     */
    public static byte[] signingHash(final EthTransactionRequest u) {
        final List<byte[]> items = unsignedItems(u);
        if (u.type() == EthTransaction.TYPE_LEGACY) {
            items.add(Rlp.encodeUnsigned(u.chainId()));
            items.add(Rlp.encodeUnsigned(0));
            items.add(Rlp.encodeUnsigned(0));
            return Keccak256.hash(Rlp.encodeList(items));
        }
        return Keccak256.hash(new byte[] {(byte) EthTransaction.TYPE_EIP1559}, Rlp.encodeList(items));
    }

    private static List<byte[]> unsignedItems(final EthTransactionRequest u) {
        final List<byte[]> items = new ArrayList<>(12);
        final byte[] to = u.to() == null ? Rlp.encodeString(new byte[0]) : Rlp.encodeString(u.to().toByteArray());
        if (u.type() == EthTransaction.TYPE_LEGACY) {
            items.add(Rlp.encodeUnsigned(u.nonce()));
            items.add(Rlp.encodeUnsigned(u.gasPrice()));
            items.add(Rlp.encodeUnsigned(u.gasLimit()));
            items.add(to);
            items.add(Rlp.encodeUnsigned(u.value()));
            items.add(Rlp.encodeString(u.dataRaw()));
        } else {
            items.add(Rlp.encodeUnsigned(u.chainId()));
            items.add(Rlp.encodeUnsigned(u.nonce()));
            items.add(Rlp.encodeUnsigned(u.maxPriorityFeePerGas()));
            items.add(Rlp.encodeUnsigned(u.maxFeePerGas()));
            items.add(Rlp.encodeUnsigned(u.gasLimit()));
            items.add(to);
            items.add(Rlp.encodeUnsigned(u.value()));
            items.add(Rlp.encodeString(u.dataRaw()));
            items.add(Rlp.encodeList());
        }
        return items;
    }

    /**
     * The signed encoding of {@code u} with the given signature values, as a wallet broadcasts it;
     * for legacy, v is {@code chainId * 2 + 35 + yParity}. Nothing is checked: tests use this to make
     * refused transactions (high s, wrong parity).
     */
    public static byte[] encodeSigned(final EthTransactionRequest u, final int yParity, final BigInteger r,
                                      final BigInteger s) {
        final List<byte[]> items = unsignedItems(u);
        if (u.type() == EthTransaction.TYPE_LEGACY) {
            items.add(Rlp.encodeUnsigned(BigInteger.valueOf(u.chainId()).shiftLeft(1).add(V_OFFSET)
                .add(BigInteger.valueOf(yParity))));
        } else {
            items.add(Rlp.encodeUnsigned(yParity));
        }
        items.add(Rlp.encodeUnsigned(r));
        items.add(Rlp.encodeUnsigned(s));
        final byte[] list = Rlp.encodeList(items);
        if (u.type() == EthTransaction.TYPE_LEGACY) {
            return list;
        }
        final byte[] out = new byte[list.length + 1];
        out[0] = (byte) EthTransaction.TYPE_EIP1559;
        System.arraycopy(list, 0, out, 1, list.length);
        return out;
    }

    /**
     * Signs {@code u} with a secp256k1 private key (RFC 6979, low s) and returns the raw signed
     * transaction, the bytes a wallet would send to {@code eth_sendRawTransaction}.
     */
    public static byte[] sign(final EthTransactionRequest u, final BigInteger privateKey) {
        final byte[] sig = Secp256k1.signHash(signingHash(u), privateKey);
        return encodeSigned(u, sig[64], new BigInteger(1, Arrays.copyOfRange(sig, 0, 32)),
            new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)));
    }

    /** {@link #sign(EthTransactionRequest, BigInteger)} with a {@link SchemeId#SECP256K1_ETH} key. */
    public static byte[] sign(final EthTransactionRequest u, final SigningKey key) {
        if (key.scheme().id() != SchemeId.SECP256K1_ETH) {
            throw new ValidationException(ValidationError.UNKNOWN_SCHEME,
                "Ethereum transactions are signed with secp256k1-eth keys, got a " + key.scheme().id() + " key");
        }
        final byte[] seed = key.seed();
        try {
            return sign(u, Secp256k1EthScheme.privateKeyOf(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * An EIP-1559 transfer of {@code amount} units with a fee of exactly {@code fee} units, signed, as a
     * Kairos transaction. The fee cap is the smallest wei per gas whose fee rounds down to {@code fee}
     * ({@code ceil(fee * 10^9 / 21000)}), the tip equals it, and the gas limit is 21,000.
     */
    public static Transaction transfer(final SigningKey key, final long chainId, final long nonce, final long fee,
                                       final Address to, final long amount) {
        final BigInteger feeWei = BigInteger.valueOf(Amounts.check(fee, "fee")).multiply(WEI_PER_UNIT);
        final BigInteger price = feeWei.add(TRANSFER_GAS).subtract(BigInteger.ONE).divide(TRANSFER_GAS);
        final EthTransactionRequest u = EthTransactionRequest.eip1559(chainId, nonce, price, price,
            EthTransaction.TRANSFER_GAS, to, Amounts.toWei(amount));
        return decode(sign(u, key), chainId, CodecLimits.DEFAULT).toKairos();
    }

    /**
     * Checks a {@link SchemeId#SECP256K1_ETH} Kairos transaction: for {@code expectedChainId}, a
     * transfer, its payload an Ethereum transaction {@link #decode} accepts, and every Kairos field
     * (chain id, nonce, fee, recipient, amount, public key, signature) equal to the one derived from
     * that payload. Together these make the payload's hash identify the whole Kairos transaction.
     *
     * @return the decoded Ethereum transaction
     * @throws ValidationException {@code WRONG_CHAIN_ID}, {@code UNKNOWN_TYPE}, a {@link #decode} error, or
     *     {@code BAD_SIGNATURE} for a field the signed transaction does not say
     */
    public static EthTransaction verifyKairos(final Transaction tx, final long expectedChainId,
                                              final CodecLimits limits) {
        if (tx.scheme() != SchemeId.SECP256K1_ETH) {
            throw new ValidationException(ValidationError.UNKNOWN_SCHEME,
                "not a " + SchemeId.SECP256K1_ETH + " transaction: " + tx.scheme());
        }
        if (tx.chainId() != expectedChainId) {
            throw new ValidationException(ValidationError.WRONG_CHAIN_ID,
                "transaction is for chain " + tx.chainId() + ", this chain is " + expectedChainId);
        }
        if (tx.type() != TxType.TRANSFER) {
            throw new ValidationException(ValidationError.UNKNOWN_TYPE,
                "a secp256k1-eth transaction is a TRANSFER, got " + tx.type());
        }
        final EthTransaction eth = decode(tx.payload(), expectedChainId, limits);
        mismatch("nonce", tx.nonce(), eth.nonce());
        mismatch("fee", tx.fee(), eth.fee());
        mismatch("amount", tx.amount(), eth.amount());
        if (!tx.recipient().equals(eth.to())) {
            throw fieldMismatch("recipient", tx.recipient(), eth.to());
        }
        if (!Arrays.equals(tx.publicKey(), eth.publicKey())) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE,
                "the public key field is not the key recovered from the Ethereum signature");
        }
        if (!Arrays.equals(tx.signature(), eth.signature())) {
            throw new ValidationException(ValidationError.BAD_SIGNATURE,
                "the signature field is not r || s || yParity of the Ethereum transaction");
        }
        return eth;
    }

    private static void mismatch(final String field, final long kairos, final long derived) {
        if (kairos != derived) {
            throw fieldMismatch(field, kairos, derived);
        }
    }

    private static ValidationException fieldMismatch(final String field, final Object kairos, final Object derived) {
        return new ValidationException(ValidationError.BAD_SIGNATURE, "the Kairos " + field + " is " + kairos
            + " but the signed Ethereum transaction says " + derived);
    }

    /**
     * {@link #verifyKairos} over a wrapped view, for the verifiers: {@code null} if the transaction is
     * valid, else the error code.
     */
    public static ValidationError check(final TransactionView view, final long expectedChainId,
                                        final CodecLimits limits) {
        try {
            verifyKairos(Transaction.from(view), expectedChainId, limits);
            return null;
        } catch (final ValidationException e) {
            return e.error();
        }
    }
}
