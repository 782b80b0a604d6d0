package io.kairos.node.rpc;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hex;
import io.kairos.engine.ledger.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.NewHeadsNotification;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** web3j, unchanged, against a real engine behind the RPC server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcEndToEndTest {
    private TestNode node;
    private HttpService service;
    private Web3j web3;

    @BeforeAll
    void start() {
        node = new TestNode();
        service = new HttpService(node.url());
        web3 = Web3j.build(service);
    }

    @AfterAll
    void stop() {
        web3.shutdown();
        node.close();
    }

    private String send(final Transaction tx) throws Exception {
        final EthSendTransaction r = new Request<>("kairos_sendTransaction", List.of("0x" + Hex.encode(tx.encode())),
            service, EthSendTransaction.class).send();
        assertFalse(r.hasError(), () -> r.getError().getMessage());
        return r.getTransactionHash();
    }

    private TransactionReceipt receipt(final String hash) throws Exception {
        return Web3Receipts.await(web3, hash);
    }

    @Test
    void identifiesTheChain() throws Exception {
        assertEquals(BigInteger.valueOf(node.genesis.chainId()), web3.ethChainId().send().getChainId());
        assertEquals(Long.toString(node.genesis.chainId()), web3.netVersion().send().getNetVersion());
        assertTrue(web3.web3ClientVersion().send().getWeb3ClientVersion().startsWith("kairos/"));
        assertFalse(web3.ethSyncing().send().isSyncing());
        assertEquals(BigInteger.valueOf(47_620), web3.ethGasPrice().send().getGasPrice(),
            "1 unit of minimum fee over 21000 gas, rounded up");
    }

    @Test
    void balancesAreInWei() throws Exception {
        assertEquals(Amounts.toWei(Amounts.tokens(1_000)),
            web3.ethGetBalance(node.carol.address().toHex(), DefaultBlockParameterName.LATEST).send().getBalance());
        assertEquals(BigInteger.ZERO, web3.ethGetBalance("0x00000000000000000000000000000000000000aa",
            DefaultBlockParameterName.LATEST).send().getBalance());
    }

    @Test
    void aNativeTransferIsFoundByHashWithItsReceiptAndBlock() throws Exception {
        final long before = web3.ethBlockNumber().send().getBlockNumber().longValueExact();
        final Transaction tx = node.transfer(node.alice, 0, node.bob, Amounts.tokens(5));
        final String hash = send(tx);
        assertEquals(tx.hash().toHex(), hash);

        final TransactionReceipt receipt = receipt(hash);
        assertTrue(receipt.isStatusOK());
        assertEquals(node.alice.address().toHex(), receipt.getFrom());
        assertEquals(node.bob.address().toHex(), receipt.getTo());
        assertEquals(BigInteger.valueOf(21_000), receipt.getGasUsed());
        assertTrue(receipt.getLogs().isEmpty());
        assertTrue(receipt.getBlockNumber().longValueExact() > before);

        final org.web3j.protocol.core.methods.response.Transaction found =
            web3.ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
        assertEquals(Amounts.toWei(Amounts.tokens(5)), found.getValue());
        assertEquals(node.alice.address().toHex(), found.getFrom());
        assertEquals(BigInteger.ZERO, found.getNonce());
        assertEquals(receipt.getBlockHash(), found.getBlockHash());

        final EthBlock.Block byNumber = web3.ethGetBlockByNumber(
            DefaultBlockParameter.valueOf(receipt.getBlockNumber()), true).send().getBlock();
        assertEquals(receipt.getBlockHash(), byNumber.getHash());
        assertTrue(byNumber.getTransactions().stream()
            .anyMatch(t -> ((EthBlock.TransactionObject) t.get()).getHash().equals(hash)));
        final EthBlock.Block byHash = web3.ethGetBlockByHash(receipt.getBlockHash(), false).send().getBlock();
        assertEquals(byNumber.getNumber(), byHash.getNumber());
        assertEquals(byNumber.getParentHash(), byHash.getParentHash());
        assertTrue(byHash.getTransactions().stream().anyMatch(t -> t.get().equals(hash)));
        assertEquals(BigInteger.valueOf(byNumber.getTransactions().size() * 21_000L), byNumber.getGasUsed());
        assertEquals(node.validator.address().toHex(), byNumber.getMiner());

        assertEquals(Amounts.toWei(Amounts.tokens(5)),
            web3.ethGetBalance(node.bob.address().toHex(), DefaultBlockParameterName.LATEST).send().getBalance());
        assertEquals(BigInteger.ONE, web3.ethGetTransactionCount(node.alice.address().toHex(),
            DefaultBlockParameterName.LATEST).send().getTransactionCount());
        assertEquals(BigInteger.ONE, web3.ethGetTransactionCount(node.alice.address().toHex(),
            DefaultBlockParameterName.PENDING).send().getTransactionCount());
        assertNull(web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(1_000_000)), false)
            .send().getBlock());
    }

    @Test
    void newHeadsArriveOverWebSocket() throws Exception {
        final WebSocketService ws = new WebSocketService("ws://127.0.0.1:" + node.server.port(), false);
        ws.connect();
        final Web3j subscriber = Web3j.build(ws);
        try {
            final var heads = subscriber.newHeadsNotifications().take(2).timeout(30, TimeUnit.SECONDS)
                .toList().toFuture();
            // Blocks are cut when there is something to include: two transfers, one after the other.
            for (int i = 0; i < 2; i++) {
                final Transaction tx = node.transfer(node.carol, i, node.bob, 1);
                receipt(send(tx));
            }
            final List<NewHeadsNotification> got = heads.get(30, TimeUnit.SECONDS);
            assertEquals(2, got.size());
            final String number = got.get(0).getParams().getResult().getNumber();
            assertNotNull(number);
            final EthBlock.Block block = web3.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(new BigInteger(number.substring(2), 16)), false).send().getBlock();
            assertEquals(block.getHash(), got.get(0).getParams().getResult().getHash());
        } finally {
            subscriber.shutdown();
        }
    }
}
