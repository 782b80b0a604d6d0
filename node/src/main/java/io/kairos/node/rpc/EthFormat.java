package io.kairos.node.rpc;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kairos blocks, transactions and receipts in the shape of Ethereum's JSON-RPC objects. Where
 * Kairos has no equivalent the value is a stated constant (docs/api.md lists each): no uncles, no
 * logs, no receipts root, zero difficulty, base fee 0 (Kairos charges a flat fee per transaction).
 * Stateless and thread-safe.
 */
final class EthFormat {
    /** Every Kairos transfer is accounted as a plain Ethereum transfer. */
    static final long TRANSFER_GAS = 21_000;
    /** Keccak-256 of the RLP of an empty list: the uncles hash of a block without uncles. */
    static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
    static final String ZERO_BLOOM = "0x" + "00".repeat(256);
        static final String ZERO_WORD = "0x" + "00".repeat(32);

    private EthFormat() {
    }

    static String quantity(final long value) {
        return "0x" + Long.toHexString(value);
    }

    static String quantity(final BigInteger value) {
        return "0x" + value.toString(16);
    }

    static String hash(final Hash h) {
        return h.toHex();
    }

    static String data(final byte[] bytes) {
        return "0x" + Hex.encode(bytes);
    }

    static String wei(final long units) {
        return quantity(Amounts.toWei(units));
    }

    /** A flat fee as a gas price: fee wei / 21000, rounded up so gas used times it covers the fee. */
    static BigInteger gasPrice(final long feeUnits) {
        final BigInteger[] qr = Amounts.toWei(feeUnits).divideAndRemainder(BigInteger.valueOf(TRANSFER_GAS));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** The block object of eth_getBlockBy*; {@code full} puts transaction objects in place of hashes. */
    static Map<String, Object> block(final CommittedBlock block, final long maxBlockTransactions,
                                     final List<Transaction> fullTransactions, final RawTransactionDecoder decoder) {
        final BlockHeader h = block.header();
        final Map<String, Object> b = header(block, maxBlockTransactions);
        b.put("size", quantity((long) BlockHeader.LENGTH + block.bodyLength()));
        final List<Object> txs = new ArrayList<>(block.transactionCount());
        for (int i = 0; i < block.transactionCount(); i++) {
            if (fullTransactions == null) {
                txs.add(hash(block.transactionHash(i)));
            } else {
                txs.add(transaction(fullTransactions.get(i), block.transactionHash(i), block.hash(), h.height(), i,
                    decoder));
            }
        }
        b.put("transactions", txs);
        b.put("uncles", List.of());
        return b;
    }

    /** The header fields, as newHeads sends them. */
    static Map<String, Object> header(final CommittedBlock block, final long maxBlockTransactions) {
        final BlockHeader h = block.header();
        final Map<String, Object> b = new LinkedHashMap<>(24);
        b.put("number", quantity(h.height()));
        b.put("hash", hash(block.hash()));
        b.put("parentHash", hash(h.parentHash()));
        b.put("nonce", "0x0000000000000000");
        b.put("sha3Uncles", EMPTY_UNCLES_HASH);
        b.put("logsBloom", ZERO_BLOOM);
        b.put("transactionsRoot", hash(h.transactionsRoot()));
        b.put("stateRoot", hash(h.stateRoot()));
        b.put("receiptsRoot", ZERO_WORD);
        b.put("miner", h.proposer().toHex());
        b.put("difficulty", "0x0");
        b.put("totalDifficulty", "0x0");
        b.put("extraData", "0x");
        b.put("gasLimit", quantity(maxBlockTransactions * TRANSFER_GAS));
        b.put("gasUsed", quantity(h.transactionCount() * TRANSFER_GAS));
        b.put("timestamp", quantity(h.timestampMillis() / 1000));
        b.put("baseFeePerGas", "0x0");
        b.put("mixHash", ZERO_WORD);
        return b;
    }

    /** A transaction object; native transactions carry Kairos fields and zero v/r/s. */
    static Map<String, Object> transaction(final Transaction tx, final Hash txHash, final Hash blockHash,
                                           final long height, final int index, final RawTransactionDecoder decoder) {
        final Map<String, Object> t = new LinkedHashMap<>(24);
        final EthTransactionView eth = decoder == null ? null : decoder.ethView(tx);
        t.put("hash", hash(txHash));
        t.put("blockHash", hash(blockHash));
        t.put("blockNumber", quantity(height));
        t.put("transactionIndex", quantity(index));
        t.put("from", tx.sender().toHex());
        t.put("to", tx.recipient().toHex());
        t.put("value", wei(tx.amount()));
        t.put("nonce", quantity(tx.nonce()));
        t.put("chainId", quantity(tx.chainId()));
        if (eth != null) {
            t.put("type", quantity(eth.type()));
            t.put("gas", quantity(eth.gasLimit()));
            if (eth.gasPrice() != null) {
                t.put("gasPrice", quantity(eth.gasPrice()));
            } else {
                t.put("gasPrice", quantity(gasPrice(tx.fee())));
            }
            if (eth.maxFeePerGas() != null) {
                t.put("maxFeePerGas", quantity(eth.maxFeePerGas()));
                t.put("maxPriorityFeePerGas", quantity(eth.maxPriorityFeePerGas()));
            }
            if (eth.type() != 0) {
                t.put("accessList", List.of());
                t.put("yParity", quantity(eth.v()));
            }
            t.put("input", data(eth.input()));
            t.put("v", quantity(eth.v()));
            t.put("r", quantity(eth.r()));
            t.put("s", quantity(eth.s()));
        } else {
            t.put("type", "0x0");
            t.put("gas", quantity(TRANSFER_GAS));
            t.put("gasPrice", quantity(gasPrice(tx.fee())));
            t.put("input", data(tx.payload()));
            t.put("v", "0x0");
            t.put("r", ZERO_WORD);
            t.put("s", ZERO_WORD);
            t.put("kairosScheme", tx.scheme().label());
            t.put("kairosFee", wei(tx.fee()));
        }
        return t;
    }

    /** A receipt object. */
    static Map<String, Object> receipt(final Transaction tx, final Receipt receipt, final Hash blockHash,
                                       final RawTransactionDecoder decoder) {
        final EthTransactionView eth = decoder == null ? null : decoder.ethView(tx);
        final Map<String, Object> r = new LinkedHashMap<>(20);
        r.put("transactionHash", hash(receipt.txHash()));
        r.put("transactionIndex", quantity(receipt.index()));
        r.put("blockHash", hash(blockHash));
        r.put("blockNumber", quantity(receipt.blockHeight()));
        r.put("from", tx.sender().toHex());
        r.put("to", tx.recipient().toHex());
        r.put("cumulativeGasUsed", quantity((receipt.index() + 1L) * TRANSFER_GAS));
        r.put("gasUsed", quantity(TRANSFER_GAS));
        r.put("effectiveGasPrice", quantity(gasPrice(receipt.feeCharged())));
        r.put("contractAddress", null);
        r.put("logs", List.of());
        r.put("logsBloom", ZERO_BLOOM);
        r.put("type", eth == null ? "0x0" : quantity(eth.type()));
        r.put("status", receipt.status() == ReceiptStatus.SUCCESS ? "0x1" : "0x0");
        r.put("kairosStatus", receipt.status().name());
        r.put("kairosFeeCharged", wei(receipt.feeCharged()));
        return r;
    }
}
