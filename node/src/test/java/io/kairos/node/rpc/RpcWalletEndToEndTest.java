package io.kairos.node.rpc;

import io.kairos.engine.core.Amounts;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web3j wallet, unchanged, against a real engine behind the RPC server with the real
 * secp256k1-eth decoder: it reads its balance, signs a legacy (EIP-155) and an EIP-1559 transfer
 * with web3j's own code, sends them with eth_sendRawTransaction, waits for the receipts and checks
 * both balances; then the refusals a wallet meets: a replay, the wrong chain, a bad signature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcWalletEndToEndTest {
    private static final BigInteger GAS = BigInteger.valueOf(21_000);
    private TestNode node;
    private Web3j web3;
    private Credentials wallet;
    private String to;
    private long chainId;

    @BeforeAll
    void start() {
        node = new TestNode(b -> b, new EngineEthDecoder(NetworkPreset.DEVNET.defaultChainId(), CodecLimits.DEFAULT));
        web3 = Web3j.build(new HttpService(node.url()));
        wallet = Credentials.create(TestNode.ETH_DEV.get(0).privateKeyHex());
        to = TestNode.ETH_DEV.get(1).address().toHex();
        chainId = node.genesis.chainId();
    }

    @AfterAll
    void stop() {
        web3.shutdown();
        node.close();
    }

    private BigInteger balance(final String address) throws Exception {
        return web3.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private String sendRaw(final byte[] signed) throws Exception {
        final EthSendTransaction r = web3.ethSendRawTransaction(Numeric.toHexString(signed)).send();
        assertFalse(r.hasError(), () -> r.getError().getMessage());
        return r.getTransactionHash();
    }

    private TransactionReceipt receipt(final String hash) throws Exception {
        return Web3Receipts.await(web3, hash);
    }

    @Test
    void aWalletSendsALegacyAndAnEip1559TransferAndBothBalancesMove() throws Exception {
        final String from = wallet.getAddress();
        assertEquals(TestNode.ETH_DEV.get(0).address().toHex(), from, "web3j derives the same address");
        final BigInteger fromBefore = balance(from);
        assertTrue(fromBefore.compareTo(Amounts.toWei(Amounts.tokens(999))) > 0, "funded at genesis: " + fromBefore);
        final BigInteger toBefore = balance(to);
        final BigInteger gasPrice = web3.ethGasPrice().send().getGasPrice();
        final BigInteger nonce = web3.ethGetTransactionCount(from, DefaultBlockParameterName.PENDING).send()
            .getTransactionCount();

        final BigInteger oneToken = Amounts.toWei(Amounts.tokens(1));
        final RawTransaction legacy = RawTransaction.createEtherTransaction(nonce, gasPrice, GAS, to, oneToken);
        final String legacyHash = sendRaw(TransactionEncoder.signMessage(legacy, chainId, wallet));
        final TransactionReceipt r1 = receipt(legacyHash);
        assertTrue(r1.isStatusOK(), r1.toString());
        assertEquals(legacyHash, r1.getTransactionHash(), "the hash the wallet computed finds the receipt");
        assertEquals(GAS, r1.getGasUsed());

        final BigInteger tip = web3.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
        final BigInteger feeCap = gasPrice.add(tip);
        final RawTransaction eip1559 = RawTransaction.createEtherTransaction(chainId, nonce.add(BigInteger.ONE),
            GAS, to, oneToken.add(oneToken), tip, feeCap);
        final String eip1559Hash = sendRaw(TransactionEncoder.signMessage(eip1559, wallet));
        final TransactionReceipt r2 = receipt(eip1559Hash);
        assertTrue(r2.isStatusOK(), r2.toString());
        assertEquals(BigInteger.TWO, r2.getType() == null ? BigInteger.TWO : Numeric.decodeQuantity(r2.getType()));

        final BigInteger paid = r1.getEffectiveGasPrice() == null ? BigInteger.ZERO
            : Numeric.decodeQuantity(r1.getEffectiveGasPrice()).multiply(GAS);
        assertEquals(toBefore.add(oneToken.multiply(BigInteger.valueOf(3))), balance(to));
        final BigInteger spent = fromBefore.subtract(balance(from));
        assertTrue(spent.compareTo(oneToken.multiply(BigInteger.valueOf(3))) > 0, "value plus fees: " + spent);
        assertTrue(paid.signum() > 0, "the receipt states a price");
        assertEquals(nonce.add(BigInteger.TWO), web3.ethGetTransactionCount(from, DefaultBlockParameterName.LATEST)
            .send().getTransactionCount());
        assertEquals(legacyHash, web3.ethGetTransactionByHash(legacyHash).send().getTransaction().orElseThrow()
            .getHash());
    }

    @Test
    void aReplayTheWrongChainAndABadSignatureAreRefusedAndTheNodeKeepsServing() throws Exception {
        final String from = wallet.getAddress();
        final BigInteger gasPrice = web3.ethGasPrice().send().getGasPrice();
        final BigInteger nonce = web3.ethGetTransactionCount(from, DefaultBlockParameterName.PENDING).send()
            .getTransactionCount();
        final byte[] signed = TransactionEncoder.signMessage(
            RawTransaction.createEtherTransaction(nonce, gasPrice, GAS, to, Amounts.toWei(1)), chainId, wallet);
        receipt(sendRaw(signed));

        final EthSendTransaction replay = web3.ethSendRawTransaction(Numeric.toHexString(signed)).send();
        assertTrue(replay.hasError(), "a replay is refused");
        assertTrue(replay.getError().getCode() <= -32000 && replay.getError().getCode() > -32100,
            replay.getError().getMessage());

        final byte[] otherChain = TransactionEncoder.signMessage(RawTransaction.createEtherTransaction(
            nonce.add(BigInteger.ONE), gasPrice, GAS, to, Amounts.toWei(1)), chainId + 1, wallet);
        final EthSendTransaction wrongChain = web3.ethSendRawTransaction(Numeric.toHexString(otherChain)).send();
        assertTrue(wrongChain.hasError(), "another chain id is refused");

        final byte[] tampered = signed.clone();
        tampered[tampered.length - 5] ^= 0x01;
        final EthSendTransaction badSig = web3.ethSendRawTransaction(Numeric.toHexString(tampered)).send();
        assertTrue(badSig.hasError(), "a damaged signature is refused");

        assertEquals(BigInteger.valueOf(chainId), web3.ethChainId().send().getChainId(), "and it keeps serving");
    }
}
