package io.kairos.node.rpc;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Stands in for the secp256k1-eth adapter: the "raw Ethereum transaction" is a marker byte 0x02
 * followed by a native Kairos encoding, and every transaction whose payload starts with the marker
 * shows a fixed EIP-1559 view.
 */
final class FakeEthDecoder implements RawTransactionDecoder {
    static final byte MARKER = 0x02;

    @Override
    public Transaction decode(final byte[] raw) {
        if (raw.length < 2 || raw[0] != MARKER) {
            throw new ValidationException(ValidationError.INVALID_ENCODING, "not a typed transaction envelope");
        }
        return Transaction.decode(Arrays.copyOfRange(raw, 1, raw.length), CodecLimits.DEFAULT);
    }

    @Override
    public EthTransactionView ethView(final Transaction transaction) {
        final byte[] payload = transaction.payload();
        if (payload.length == 0 || payload[0] != MARKER) {
            return null;
        }
        return new EthTransactionView(2, null, BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000_000L),
            21_000, BigInteger.ONE, BigInteger.TWO, BigInteger.TEN, new byte[0], transaction.chainId());
    }
}
