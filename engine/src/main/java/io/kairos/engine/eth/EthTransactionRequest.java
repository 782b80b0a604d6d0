package io.kairos.engine.eth;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The unsigned fields of an Ethereum transaction, as a wallet fills them in before signing; the input
 * of {@link EthTransactions#sign}. It may describe transactions Kairos refuses (contract creation with
 * {@code to == null}, call data), so that tests and tools can produce them. Immutable and thread-safe.
 *
 * @param type                 {@link EthTransaction#TYPE_LEGACY} or {@link EthTransaction#TYPE_EIP1559}
 * @param chainId              the EIP-155 / EIP-1559 chain id
 * @param nonce                the sender's nonce
 * @param gasPrice             legacy only (else {@code null}): wei per gas
 * @param maxPriorityFeePerGas EIP-1559 only (else {@code null})
 * @param maxFeePerGas         EIP-1559 only (else {@code null})
 * @param gasLimit             gas limit
 * @param to                   recipient, {@code null} for contract creation
 * @param value                wei transferred
 * @param data                 call data, empty for a transfer
 */
public record EthTransactionRequest(int type, long chainId, long nonce, BigInteger gasPrice,
                                    BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas, long gasLimit,
                                    Address to, BigInteger value, byte[] data) {
    public EthTransactionRequest {
        if (type == EthTransaction.TYPE_LEGACY) {
            Objects.requireNonNull(gasPrice, "gasPrice");
        } else if (type == EthTransaction.TYPE_EIP1559) {
            Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
            Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        } else {
            throw new ValidationException(ValidationError.UNKNOWN_TYPE,
                "only legacy (0) and EIP-1559 (2) transactions can be built, got type " + type);
        }
        Objects.requireNonNull(value, "value");
        data = data == null ? new byte[0] : data.clone();
    }

    /** A legacy EIP-155 transfer without data. */
    public static EthTransactionRequest legacy(final long chainId, final long nonce, final BigInteger gasPrice,
                                               final long gasLimit, final Address to, final BigInteger value) {
        return new EthTransactionRequest(EthTransaction.TYPE_LEGACY, chainId, nonce, gasPrice, null, null,
            gasLimit, to, value, new byte[0]);
    }

    /** An EIP-1559 transfer without data and with an empty access list. */
    public static EthTransactionRequest eip1559(final long chainId, final long nonce,
                                                final BigInteger maxPriorityFeePerGas, final BigInteger maxFeePerGas,
                                                final long gasLimit, final Address to, final BigInteger value) {
        return new EthTransactionRequest(EthTransaction.TYPE_EIP1559, chainId, nonce, null, maxPriorityFeePerGas,
            maxFeePerGas, gasLimit, to, value, new byte[0]);
    }

    /** The same request with other call data. */
    public EthTransactionRequest withData(final byte[] newData) {
        return new EthTransactionRequest(type, chainId, nonce, gasPrice, maxPriorityFeePerGas, maxFeePerGas, gasLimit,
            to, value, newData);
    }

    /** The same request with another recipient ({@code null}: contract creation). */
    public EthTransactionRequest withTo(final Address newTo) {
        return new EthTransactionRequest(type, chainId, nonce, gasPrice, maxPriorityFeePerGas, maxFeePerGas, gasLimit,
            newTo, value, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    byte[] dataRaw() {
        return data;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof EthTransactionRequest r && type == r.type && chainId == r.chainId && nonce == r.nonce
            && gasLimit == r.gasLimit && Objects.equals(gasPrice, r.gasPrice)
            && Objects.equals(maxPriorityFeePerGas, r.maxPriorityFeePerGas)
            && Objects.equals(maxFeePerGas, r.maxFeePerGas) && Objects.equals(to, r.to) && value.equals(r.value)
            && java.util.Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(type, chainId, nonce, gasPrice, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to,
            value) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EthTransactionRequest{type " + type + ", chain " + chainId + ", nonce " + nonce + ", to " + to
            + ", value " + value + " wei, data " + data.length + " bytes}";
    }
}
