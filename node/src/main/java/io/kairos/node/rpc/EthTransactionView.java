package io.kairos.node.rpc;

import java.math.BigInteger;

/**
 * The Ethereum fields of a transaction that arrived through {@code eth_sendRawTransaction}, as
 * {@code eth_getTransactionByHash} shows them. Immutable.
 *
 * <p>Fields that a transaction type does not have are {@code null}: {@link #gasPrice()} for type 2,
 * {@link #maxFeePerGas()} and {@link #maxPriorityFeePerGas()} for types 0 and 1.
 *
 * @param type                 0 legacy, 1 EIP-2930, 2 EIP-1559
 * @param gasPrice             wei per gas (types 0 and 1)
 * @param maxFeePerGas         wei per gas (type 2)
 * @param maxPriorityFeePerGas wei per gas (type 2)
 * @param gasLimit             the gas limit the sender signed
 * @param v                    signature v as signed (legacy: 27/28 or EIP-155 value; typed: y parity 0/1)
 * @param r                    signature r
 * @param s                    signature s
 * @param input                the data field (empty for a plain transfer)
 * @param chainId              the chain id signed, or {@code null} for a pre-EIP-155 legacy transaction
 */
public record EthTransactionView(int type, BigInteger gasPrice, BigInteger maxFeePerGas,
                                 BigInteger maxPriorityFeePerGas, long gasLimit, BigInteger v, BigInteger r,
                                 BigInteger s, byte[] input, Long chainId) {
    public EthTransactionView {
        input = input == null ? new byte[0] : input.clone();
    }

    @Override
    public byte[] input() {
        return input.clone();
    }
}
