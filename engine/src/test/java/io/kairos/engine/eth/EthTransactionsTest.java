package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.Keccak256;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.Secp256k1;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;

import java.math.BigInteger;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EthTransactionsTest {
    /** The example of EIP-155 ("Example" section): key 0x4646..46, nonce 9, 20 gwei, 21000 gas, chain 1. */
    static final BigInteger EIP155_KEY = new BigInteger("4646464646464646464646464646464646464646464646464646464646464646", 16);
    static final Address EIP155_TO = Address.fromHex("0x3535353535353535353535353535353535353535");
    static final EthTransactionRequest EIP155 = EthTransactionRequest.legacy(1, 9,
        BigInteger.valueOf(20_000_000_000L), 21_000, EIP155_TO, BigInteger.TEN.pow(18));
    static final String EIP155_SIGNING_HASH = "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
    static final String EIP155_SIGNED = "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7"
        + "6400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800"
        + "ccf555c9f3dc64214b297fb1966a3b6d83";

    @Test
    void eip155ExampleSigningHashAndSignedBytes() {
        assertEquals(EIP155_SIGNING_HASH, Hex.encode(EthTransactions.signingHash(EIP155)));
        assertEquals(EIP155_SIGNED, Hex.encode(EthTransactions.sign(EIP155, EIP155_KEY)));
    }

    @Test
    void eip155ExampleDecodes() {
        final byte[] raw = Hex.decode(EIP155_SIGNED);
        final EthTransaction tx = EthTransactions.decode(raw, 1, CodecLimits.DEFAULT);
        assertEquals(EthTransaction.TYPE_LEGACY, tx.type());
        assertEquals(1, tx.chainId());
        assertEquals(9, tx.nonce());
        assertEquals(BigInteger.valueOf(37), tx.v());
        assertEquals(0, tx.yParity());
        assertEquals(new BigInteger("18515461264373351373200002665853028612451056578545711640558177340181847433846"),
            tx.r());
        assertEquals(new BigInteger("46948507304638947509940763649030358759909902576025900602547168820602576006531"),
            tx.s());
        assertEquals(EIP155_TO, tx.to());
        // 10^18 wei = 10^9 units = 1 token; 20 gwei x 21000 = 420,000 gwei = 420,000 units.
        assertEquals(1_000_000_000L, tx.amount());
        assertEquals(420_000L, tx.fee());
        assertEquals(21_000, tx.gasLimit());
        assertEquals(Secp256k1.ethereumAddress(Secp256k1.publicPoint(EIP155_KEY)), tx.sender());
        assertEquals(Address.fromHex("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"), tx.sender());
        assertArrayEquals(Keccak256.hash(raw), tx.hash().toByteArray());

        final Transaction k = tx.toKairos();
        assertEquals(SchemeId.SECP256K1_ETH, k.scheme());
        assertEquals(tx.hash(), k.hash());
        assertEquals(tx.sender(), k.sender());
        assertArrayEquals(raw, k.payload());
        assertEquals(tx, EthTransactions.verifyKairos(k, 1, CodecLimits.DEFAULT));
        assertEquals(k, Transaction.decode(k.encode()));
        assertEquals(tx.hash(), Transaction.decode(k.encode()).hash());
    }

    @Test
    void web3jLegacySignaturesDecodeToTheSameSenderAndHash() {
        for (int i = 1; i <= 5; i++) {
            final Credentials who = Credentials.create(BigInteger.valueOf(1000 + i).toString(16));
            final RawTransaction raw = RawTransaction.createEtherTransaction(BigInteger.valueOf(i),
                BigInteger.valueOf(i * 1_000_000_000L), BigInteger.valueOf(21_000 + i),
                "0x" + "ab".repeat(19) + String.format("%02x", i), BigInteger.valueOf(i).multiply(BigInteger.TEN.pow(15)));
            final long chainId = 7 + i;
            final byte[] signed = TransactionEncoder.signMessage(raw, chainId, who);
            final EthTransaction tx = EthTransactions.decode(signed, chainId, CodecLimits.DEFAULT);
            assertEquals(Address.fromHex(who.getAddress()), tx.sender());
            assertEquals(org.web3j.crypto.Hash.sha3(Hex.encodePrefixed(signed)), tx.hash().toHex());
            assertEquals(i, tx.nonce());
            assertEquals(BigInteger.valueOf(i).multiply(BigInteger.TEN.pow(6)).longValue(), tx.amount());

            final EthTransactionRequest same = EthTransactionRequest.legacy(chainId, i,
                BigInteger.valueOf(i * 1_000_000_000L), 21_000 + i, tx.to(), tx.value());
            assertArrayEquals(signed, EthTransactions.sign(same, who.getEcKeyPair().getPrivateKey()),
                "RFC 6979 gives web3j's bytes");
        }
    }

    @Test
    void web3j1559SignaturesDecodeToTheSameSenderAndHash() {
        for (int i = 1; i <= 5; i++) {
            final BigInteger key = BigInteger.valueOf(77_000 + i);
            final Credentials who = Credentials.create(key.toString(16));
            final long chainId = 31_337;
            final RawTransaction raw = RawTransaction.createEtherTransaction(chainId, BigInteger.valueOf(i),
                BigInteger.valueOf(21_000), "0x" + "cd".repeat(20), BigInteger.valueOf(3_000_000_000L * i),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(2_000_000_000L + i));
            final byte[] signed = TransactionEncoder.signMessage(raw, who);
            final EthTransaction tx = EthTransactions.decode(signed, chainId, CodecLimits.DEFAULT);
            assertEquals(EthTransaction.TYPE_EIP1559, tx.type());
            assertEquals(Address.fromHex(who.getAddress()), tx.sender());
            assertEquals(org.web3j.crypto.Hash.sha3(Hex.encodePrefixed(signed)), tx.hash().toHex());
            assertEquals(3L * i, tx.amount());
            // maxFeePerGas x 21000 / 10^9, rounded down.
            assertEquals(BigInteger.valueOf(2_000_000_000L + i).multiply(BigInteger.valueOf(21_000))
                .divide(BigInteger.valueOf(1_000_000_000L)).longValue(), tx.fee());

            final byte[] ours = EthTransactions.sign(EthTransactionRequest.eip1559(chainId, i,
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(2_000_000_000L + i), 21_000, tx.to(),
                tx.value()), key);
            assertArrayEquals(signed, ours, "RFC 6979 gives web3j's bytes");
        }
    }

    @Test
    void ourSignaturesDecodeInWeb3j() throws Exception {
        final BigInteger key = BigInteger.valueOf(424242);
        final Credentials who = Credentials.create(key.toString(16));
        final Address to = Address.fromHex("0x" + "12".repeat(20));
        final byte[] legacy = EthTransactions.sign(EthTransactionRequest.legacy(5, 3, BigInteger.valueOf(7_000_000_000L),
            50_000, to, BigInteger.valueOf(123_000_000_000L)), key);
        final SignedRawTransaction l = (SignedRawTransaction) TransactionDecoder.decode(Hex.encodePrefixed(legacy));
        assertEquals(who.getAddress(), l.getFrom());
        assertEquals(5L, l.getChainId());
        assertEquals(BigInteger.valueOf(3), l.getNonce());
        assertEquals(to.toHex(), l.getTo());

        final byte[] dyn = EthTransactions.sign(EthTransactionRequest.eip1559(5, 4, BigInteger.ONE,
            BigInteger.valueOf(9_000_000_000L), 21_000, to, BigInteger.TEN.pow(18)), key);
        final SignedRawTransaction d = (SignedRawTransaction) TransactionDecoder.decode(Hex.encodePrefixed(dyn));
        assertEquals(who.getAddress(), d.getFrom());
        assertTrue(d.getTransaction() instanceof Transaction1559);
        assertEquals(BigInteger.valueOf(9_000_000_000L), ((Transaction1559) d.getTransaction()).getMaxFeePerGas());
        assertEquals(BigInteger.TEN.pow(18), d.getValue());
    }

    @Test
    void refusalsAreTyped() {
        final BigInteger key = BigInteger.valueOf(99);
        final EthTransactionRequest ok = EthTransactionRequest.eip1559(1, 0, BigInteger.ONE,
            BigInteger.valueOf(1_000_000_000L), 21_000, EIP155_TO, BigInteger.TEN.pow(9));
        assertNull(decodeError(EthTransactions.sign(ok, key), 1));
        assertEquals(ValidationError.WRONG_CHAIN_ID, decodeError(EthTransactions.sign(ok, key), 2));
        refused(ValidationError.INVALID_VALUE, "contract creation is not supported",
            EthTransactions.sign(ok.withTo(null), key));
        refused(ValidationError.INVALID_VALUE, "contract calls are not supported yet",
            EthTransactions.sign(ok.withData(new byte[] {1}), key));
        refused(ValidationError.INVALID_VALUE, "is not a multiple of 10^9 wei (1 unit)",
            EthTransactions.sign(EthTransactionRequest.eip1559(1, 0, BigInteger.ONE, BigInteger.ONE, 21_000,
                EIP155_TO, BigInteger.TEN.pow(9).add(BigInteger.ONE)), key));
        refused(ValidationError.AMOUNT_OVERFLOW, "more than any Kairos amount",
            EthTransactions.sign(EthTransactionRequest.eip1559(1, 0, BigInteger.ONE, BigInteger.ONE, 21_000,
                EIP155_TO, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).multiply(BigInteger.TEN.pow(9))),
                key));
        refused(ValidationError.AMOUNT_OVERFLOW, "wei per gas",
            EthTransactions.sign(EthTransactionRequest.eip1559(1, 0, BigInteger.ONE, BigInteger.TWO.pow(120),
                21_000, EIP155_TO, BigInteger.ZERO), key));
        refused(ValidationError.INVALID_VALUE, "below 21000",
            EthTransactions.sign(EthTransactionRequest.eip1559(1, 0, BigInteger.ONE, BigInteger.ONE, 20_999,
                EIP155_TO, BigInteger.ZERO), key));
        refused(ValidationError.INVALID_VALUE, "above maxFeePerGas",
            EthTransactions.sign(EthTransactionRequest.eip1559(1, 0, BigInteger.TEN, BigInteger.ONE, 21_000,
                EIP155_TO, BigInteger.ZERO), key));
        refused(ValidationError.UNKNOWN_TYPE, "0x1 is not supported", new byte[] {1, (byte) 0xc0});
        refused(ValidationError.UNKNOWN_TYPE, "0x3 is not supported", new byte[] {3, (byte) 0xc0});
        refused(ValidationError.INVALID_ENCODING, "neither", new byte[] {(byte) 0x80});
        refused(ValidationError.TRUNCATED, "empty", new byte[0]);
        refused(ValidationError.INVALID_ENCODING, "12 fields", new byte[] {2, (byte) 0xc0});
        refused(ValidationError.OVERSIZED, "over the limit", new byte[CodecLimits.DEFAULT.maxPayloadBytes() + 1]);
    }

    @Test
    void highSIsRefusedAndItsLowTwinAccepted() {
        final BigInteger key = BigInteger.valueOf(1234);
        final EthTransactionRequest u = EthTransactionRequest.eip1559(1, 0, BigInteger.ONE, BigInteger.ONE, 21_000,
            EIP155_TO, BigInteger.ZERO);
        final EthTransaction good = EthTransactions.decode(EthTransactions.sign(u, key), 1, CodecLimits.DEFAULT);
        final byte[] high = EthTransactions.encodeSigned(u, 1 - good.yParity(), good.r(), Secp256k1.N.subtract(good.s()));
        refused(ValidationError.BAD_SIGNATURE, "upper half", high);
        refused(ValidationError.BAD_SIGNATURE, "yParity", EthTransactions.encodeSigned(u, 2, good.r(), good.s()));
        refused(ValidationError.BAD_SIGNATURE, "[1, n)", EthTransactions.encodeSigned(u, 0, BigInteger.ZERO, good.s()));
        // The wrong parity recovers some other key: a valid transaction from someone else, never this sender.
        final byte[] flipped = EthTransactions.encodeSigned(u, 1 - good.yParity(), good.r(), good.s());
        try {
            assertTrue(!EthTransactions.decode(flipped, 1, CodecLimits.DEFAULT).sender().equals(good.sender()));
        } catch (final ValidationException e) {
            assertEquals(ValidationError.BAD_SIGNATURE, e.error());
        }
    }

    @Test
    void legacyWithoutChainIdIsRefused() {
        final EthTransaction good = EthTransactions.decode(Hex.decode(EIP155_SIGNED), 1, CodecLimits.DEFAULT);
        final byte[] unprotected = Rlp.encodeList(Rlp.encodeUnsigned(9), Rlp.encodeUnsigned(good.gasPrice()),
            Rlp.encodeUnsigned(21_000), Rlp.encodeString(EIP155_TO.toByteArray()), Rlp.encodeUnsigned(good.value()),
            Rlp.encodeString(new byte[0]), Rlp.encodeUnsigned(27), Rlp.encodeUnsigned(good.r()),
            Rlp.encodeUnsigned(good.s()));
        refused(ValidationError.WRONG_CHAIN_ID, "pre-EIP-155 transactions are not replay-protected", unprotected);
    }

    @Test
    void nonCanonicalIntegersInsideATransactionAreRefused() {
        final byte[] raw = Hex.decode(EIP155_SIGNED);
        // The nonce 9 (one byte 0x09) re-encoded as the string 81 09: same value, non-canonical RLP.
        final byte[] padded = new byte[raw.length + 1];
        padded[0] = (byte) 0xf8;
        padded[1] = (byte) (raw[1] + 1);
        padded[2] = (byte) 0x81;
        System.arraycopy(raw, 2, padded, 3, raw.length - 2);
        refused(ValidationError.INVALID_ENCODING, "single byte", padded);
        final byte[] trailing = Arrays.copyOf(raw, raw.length + 1);
        refused(ValidationError.TRAILING_BYTES, "trailing", trailing);
        refused(ValidationError.TRUNCATED, "remain", Arrays.copyOf(raw, raw.length - 1));
    }

    @Test
    void transferHelperGivesExactlyTheFee() {
        final var key = io.kairos.engine.crypto.Secp256k1EthScheme.INSTANCE.fromSeed(Secp256k1Fixtures.seed(5));
        for (final long fee : new long[] {0, 1, 20, 21, 420_000, 1_000_000_007L}) {
            final Transaction t = EthTransactions.transfer(key, 3, 0, fee, EIP155_TO, Amounts.tokens(2));
            assertEquals(fee, t.fee());
            assertEquals(Amounts.tokens(2), t.amount());
            t.checkStateless(3, CodecLimits.DEFAULT);
        }
        final Transaction viaBuilder = Transaction.transfer().chainId(3).nonce(4).fee(77).recipient(EIP155_TO)
            .amount(5).sign(key);
        viaBuilder.checkStateless(3, CodecLimits.DEFAULT);
        assertEquals(key.address(), viaBuilder.sender());
    }

    static ValidationError decodeError(final byte[] raw, final long chainId) {
        try {
            EthTransactions.decode(raw, chainId, CodecLimits.DEFAULT);
            return null;
        } catch (final ValidationException e) {
            return e.error();
        }
    }

    static void refused(final ValidationError error, final String text, final byte[] raw) {
        final ValidationException e = assertThrows(ValidationException.class,
            () -> EthTransactions.decode(raw, 1, CodecLimits.DEFAULT));
        assertEquals(error, e.error(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
