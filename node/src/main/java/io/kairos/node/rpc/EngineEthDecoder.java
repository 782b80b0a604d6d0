package io.kairos.node.rpc;

import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.eth.EthTransaction;
import io.kairos.engine.eth.EthTransactions;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;

import java.math.BigInteger;

/**
 * {@link RawTransactionDecoder} over the engine's {@code secp256k1-eth} scheme: a signed legacy
 * (EIP-155) or EIP-1559 transfer becomes the Kairos TRANSFER that carries it, with the rules of
 * docs/ethereum.md (whole units only, no data, no contract creation, fee = price x 21,000). Stateless
 * and thread-safe; decoding recovers the signer, which is CPU work only.
 */
public final class EngineEthDecoder implements RawTransactionDecoder {
    private final long chainId;
    private final CodecLimits limits;

    public EngineEthDecoder(final long chainId, final CodecLimits limits) {
        this.chainId = chainId;
        this.limits = limits;
    }

    @Override
    public Transaction decode(final byte[] raw) {
        return EthTransactions.decode(raw, chainId, limits).toKairos();
    }

    @Override
    public EthTransactionView ethView(final Transaction transaction) {
        if (transaction.scheme() != SchemeId.SECP256K1_ETH) {
            return null;
        }
        // Committed transactions were checked on the way in; decoding again only reads the fields back.
        final EthTransaction e = EthTransactions.decode(transaction.payload(), chainId, limits);
        final boolean legacy = e.type() == EthTransaction.TYPE_LEGACY;
        return new EthTransactionView(e.type(), legacy ? e.gasPrice() : null, legacy ? null : e.maxFeePerGas(),
            legacy ? null : e.maxPriorityFeePerGas(), e.gasLimit(), legacy ? e.v() : BigInteger.valueOf(e.yParity()),
            e.r(), e.s(), new byte[0], e.chainId());
    }
}
