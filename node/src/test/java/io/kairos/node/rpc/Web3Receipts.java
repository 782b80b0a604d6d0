package io.kairos.node.rpc;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Polls a node through web3j until a transaction's receipt appears, as a wallet does. */
final class Web3Receipts {
    private Web3Receipts() {
    }

    static TransactionReceipt await(final Web3j web3, final String hash) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            final Optional<TransactionReceipt> r = web3.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no receipt for " + hash);
    }
}
