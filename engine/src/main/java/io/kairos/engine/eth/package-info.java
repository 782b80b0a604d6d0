/**
 * Ethereum transactions as native Kairos transfers: the strict RLP codec ({@link io.kairos.engine.eth.Rlp}),
 * the decoder and checks for legacy EIP-155 and EIP-1559 transfers
 * ({@link io.kairos.engine.eth.EthTransactions}, {@link io.kairos.engine.eth.EthTransaction}), signing
 * helpers ({@link io.kairos.engine.eth.EthTransactionRequest}) and the development accounts devnets fund
 * ({@link io.kairos.engine.eth.EthDevAccounts}). A Kairos transaction of scheme
 * {@link io.kairos.engine.crypto.SchemeId#SECP256K1_ETH} carries one signed Ethereum transaction in
 * its payload; the rules are in {@code docs/ethereum.md}.
 */
package io.kairos.engine.eth;
