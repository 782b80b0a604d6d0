package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.Secp256k1;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TransactionVerifier;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every place a secp256k1-eth Kairos transaction is verified (the hot-path {@link TransactionVerifier},
 * {@link Transaction#checkStateless} and {@link Transaction#verifySignature}) refuses each tampering
 * with the right error.
 */
class EthKairosVerifierTest {
    private static final long CHAIN = 31_337;
    private static final BigInteger KEY = BigInteger.valueOf(0xA11CE);
    private static final BigInteger OTHER_KEY = BigInteger.valueOf(0xB0B);
    private static final Address TO = Address.fromHex("0x" + "42".repeat(20));
    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
    private static final EthTransactionRequest REQUEST = EthTransactionRequest.eip1559(CHAIN, 5, GWEI, GWEI, 21_000, TO,
        GWEI.multiply(BigInteger.valueOf(1234)));

    private static Transaction good() {
        return EthTransactions.decode(EthTransactions.sign(REQUEST, KEY), CHAIN, CodecLimits.DEFAULT).toKairos();
    }

    private static Transaction.Builder copy(final Transaction t) {
        return Transaction.transfer().chainId(t.chainId()).nonce(t.nonce()).fee(t.fee()).recipient(t.recipient())
            .amount(t.amount()).payload(t.payload());
    }

    /** A Kairos transaction whose fields are good()'s but whose payload is {@code raw}. */
    private static Transaction carrying(final byte[] raw) {
        final Transaction g = good();
        return copy(g).payload(raw).withSignature(SchemeId.SECP256K1_ETH, g.publicKey(), g.signature());
    }

    private static ValidationError hotPath(final Transaction t, final long chain) {
        final byte[] enc = t.encode();
        final TransactionView view = new TransactionView(CodecLimits.DEFAULT);
        final ValidationError wrap = view.wrap(new UnsafeBuffer(enc), 0, enc.length);
        if (wrap != null) {
            return wrap;
        }
        return new TransactionVerifier(CodecLimits.DEFAULT).check(view, chain);
    }

    private static void refused(final ValidationError error, final Transaction t) {
        assertEquals(error, hotPath(t, CHAIN));
        assertEquals(error, assertThrows(ValidationException.class,
            () -> t.checkStateless(CHAIN, CodecLimits.DEFAULT)).error());
        assertFalse(t.verifySignature());
    }

    @Test
    void theGoodTransactionPassesEveryVerifier() {
        final Transaction t = good();
        assertNull(hotPath(t, CHAIN));
        t.checkStateless(CHAIN, CodecLimits.DEFAULT);
        assertTrue(t.verifySignature());
        final byte[] enc = t.encode();
        final TransactionView view = new TransactionView(CodecLimits.DEFAULT);
        view.wrapOrThrow(new UnsafeBuffer(enc), 0, enc.length);
        assertEquals(t.hash(), view.hash());
        assertEquals(EthTransactions.decode(t.payload(), CHAIN, CodecLimits.DEFAULT).hash(), view.hash());
    }

    @Test
    void tamperedKairosFieldsAreRefused() {
        final Transaction g = good();
        for (final UnaryOperator<Transaction.Builder> change : java.util.List.<UnaryOperator<Transaction.Builder>>of(
            b -> b.amount(g.amount() + 1), b -> b.fee(g.fee() - 1), b -> b.nonce(g.nonce() + 1),
            b -> b.recipient(Address.fromHex("0x" + "43".repeat(20))))) {
            refused(ValidationError.BAD_SIGNATURE,
                change.apply(copy(g)).withSignature(SchemeId.SECP256K1_ETH, g.publicKey(), g.signature()));
        }
        // A Kairos chain id other than the payload's: the network sees another chain first.
        final Transaction otherChain = copy(g).chainId(CHAIN + 1)
            .withSignature(SchemeId.SECP256K1_ETH, g.publicKey(), g.signature());
        refused(ValidationError.WRONG_CHAIN_ID, otherChain);
        assertEquals(ValidationError.WRONG_CHAIN_ID, hotPath(otherChain, CHAIN + 1), "payload says chain " + CHAIN);
    }

    @Test
    void swappedKeyOrSignatureIsRefused() {
        final Transaction g = good();
        final EthTransaction other = EthTransactions.decode(EthTransactions.sign(REQUEST, OTHER_KEY), CHAIN,
            CodecLimits.DEFAULT);
        refused(ValidationError.BAD_SIGNATURE, copy(g).withSignature(SchemeId.SECP256K1_ETH, other.publicKey(),
            g.signature()));
        refused(ValidationError.BAD_SIGNATURE, copy(g).withSignature(SchemeId.SECP256K1_ETH, g.publicKey(),
            other.signature()));
        // The same Ethereum transaction with the high-s twin of its signature in the signature field.
        final byte[] high = g.signature();
        final EthTransaction e = EthTransactions.decode(g.payload(), CHAIN, CodecLimits.DEFAULT);
        Secp256k1.writeUnsigned32(Secp256k1.N.subtract(e.s()), high, 32);
        high[64] ^= 1;
        refused(ValidationError.BAD_SIGNATURE, copy(g).withSignature(SchemeId.SECP256K1_ETH, g.publicKey(), high));
    }

    @Test
    void tamperedOrRefusedPayloadsAreRefused() {
        final byte[] raw = EthTransactions.sign(REQUEST, KEY);
        final byte[] flipped = raw.clone();
        flipped[raw.length - 5] ^= 1;
        refused(ValidationError.BAD_SIGNATURE, carrying(flipped));
        final EthTransaction e = EthTransactions.decode(raw, CHAIN, CodecLimits.DEFAULT);
        final byte[] highS = EthTransactions.encodeSigned(REQUEST, 1 - e.yParity(), e.r(), Secp256k1.N.subtract(e.s()));
        refused(ValidationError.BAD_SIGNATURE, carrying(highS));
        refused(ValidationError.WRONG_CHAIN_ID, carrying(EthTransactions.sign(
            EthTransactionRequest.eip1559(CHAIN + 1, 5, GWEI, GWEI, 21_000, TO, REQUEST.value()), KEY)));
        refused(ValidationError.INVALID_VALUE, carrying(EthTransactions.sign(REQUEST.withData(new byte[] {7}), KEY)));
        refused(ValidationError.INVALID_VALUE, carrying(EthTransactions.sign(REQUEST.withTo(null), KEY)));
        refused(ValidationError.INVALID_VALUE, carrying(EthTransactions.sign(
            EthTransactionRequest.eip1559(CHAIN, 5, GWEI, GWEI, 21_000, TO, REQUEST.value().add(BigInteger.ONE)), KEY)));
        refused(ValidationError.INVALID_ENCODING, carrying(new byte[] {(byte) 0x80}));
        refused(ValidationError.TRUNCATED, carrying(new byte[0]));
        refused(ValidationError.TRAILING_BYTES, carrying(java.util.Arrays.copyOf(raw, raw.length + 1)));
    }

    @Test
    void onlyTransfersCarryEthereumTransactions() {
        final Transaction g = good();
        final ValidationException e = assertThrows(ValidationException.class,
            () -> Transaction.builder(TxType.STAKE).withSignature(SchemeId.SECP256K1_ETH, g.publicKey(), g.signature()));
        assertEquals(ValidationError.UNKNOWN_TYPE, e.error());
        assertEquals(ValidationError.INVALID_VALUE, assertThrows(ValidationException.class,
            () -> copy(g).sign(io.kairos.engine.crypto.Secp256k1EthScheme.INSTANCE.fromSeed(Secp256k1Fixtures.seed(3))))
            .error(), "a builder with a payload cannot sign with an eth key");
    }
}
