package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.state.commitment.ProofVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.kairos.node.rpc.TestNode.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every method over HTTP against a real engine, the eth_ path through a stand-in decoder, the
 * metrics and health endpoints, and subscriptions over a plain WebSocket. The request/response
 * pairs are also written to target/rpc-examples.md, where docs/api.md's examples come from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcMethodsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final StringBuilder examples = new StringBuilder("# RPC examples recorded by RpcMethodsTest\n");
    private final AtomicLong ids = new AtomicLong();
    private TestNode node;
    private String nativeHash;
    private String ethHash;
    private long height;

    @BeforeAll
    void start() throws Exception {
        node = new TestNode(b -> b.maxSubscriptionsPerConnection(2), new FakeEthDecoder());
        final Transaction tx = node.transfer(node.alice, 0, node.bob, Amounts.tokens(2));
        nativeHash = rpc("kairos_sendTransaction", "[\"0x" + Hex.encode(tx.encode()) + "\"]").asText();
        assertEquals(tx.hash().toHex(), nativeHash);
        height = Long.decode(receipt(nativeHash).path("blockNumber").asText());
        final Transaction eth = Transaction.transfer().chainId(node.genesis.chainId()).nonce(0).fee(1)
            .recipient(node.bob.address()).amount(Amounts.tokens(1)).payload(new byte[] {FakeEthDecoder.MARKER, 1})
            .sign(node.carol);
        ethHash = rpc("eth_sendRawTransaction", "[\"0x02" + Hex.encode(eth.encode()) + "\"]").asText();
        assertEquals(eth.hash().toHex(), ethHash);
        receipt(ethHash);
    }

    @AfterAll
    void stop() throws IOException {
        node.close();
        final Path out = Path.of("target", "rpc-examples.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, examples.toString());
    }

    private JsonNode receipt(final String hash) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            final JsonNode r = JSON.readTree(node.post(call("eth_getTransactionReceipt", "[\"" + hash + "\"]"))
                .getValue()).path("result");
            if (r.isObject()) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no receipt for " + hash);
    }

    /** Calls a method, records the exchange, and returns its result (failing on an error). */
    private JsonNode rpc(final String method, final String params) throws Exception {
        final String request = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"" + method
            + "\",\"params\":" + params + "}";
        final Map.Entry<Integer, String> r = node.post(request);
        final JsonNode response = JSON.readTree(r.getValue());
        record(method, request, response);
        assertEquals(200, r.getKey(), r.getValue());
        assertFalse(response.has("error"), r.getValue());
        return response.path("result");
    }

    /** Calls a method that must fail, records the exchange under {@code title}, and returns the error. */
    private JsonNode rpcError(final String title, final String method, final String params) throws Exception {
        final String request = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"" + method
            + "\",\"params\":" + params + "}";
        final Map.Entry<Integer, String> r = node.post(request);
        final JsonNode response = JSON.readTree(r.getValue());
        record(title, request, response);
        assertTrue(response.has("error"), r.getValue());
        return response.path("error");
    }

    private void record(final String title, final String request, final JsonNode response) throws Exception {
        examples.append("\n## ").append(title).append("\n\n```json\n")
            .append(PRETTY.writeValueAsString(JSON.readTree(request))).append("\n```\n\n```json\n")
            .append(PRETTY.writeValueAsString(response)).append("\n```\n");
    }

    private static long quantity(final JsonNode n) {
        return Long.decode(n.asText());
    }

    @Test
    void chainAndFeeMethods() throws Exception {
        assertEquals(node.genesis.chainId(), quantity(rpc("eth_chainId", "[]")));
        assertEquals(Long.toString(node.genesis.chainId()), rpc("net_version", "[]").asText());
        assertTrue(rpc("web3_clientVersion", "[]").asText().startsWith("kairos/"));
        assertTrue(quantity(rpc("eth_blockNumber", "[]")) >= height);
        assertEquals(47_620, quantity(rpc("eth_gasPrice", "[]")));
        assertEquals(47_620, quantity(rpc("eth_maxPriorityFeePerGas", "[]")));
        final JsonNode history = rpc("eth_feeHistory", "[\"0x2\", \"latest\", [25, 75]]");
        assertEquals(3, history.path("baseFeePerGas").size());
        assertEquals(2, history.path("gasUsedRatio").size());
        assertEquals("0xba04", history.path("reward").get(0).get(1).asText());
        assertEquals(21_000, quantity(rpc("eth_estimateGas", "[{\"from\":\"" + node.alice.address().toHex()
            + "\",\"to\":\"" + node.bob.address().toHex() + "\",\"value\":\"0x3b9aca00\"}]")));
        assertEquals("0x", rpc("eth_call", "[{\"to\":\"" + node.bob.address().toHex() + "\"}, \"latest\"]").asText());
        assertEquals(Boolean.FALSE, rpc("eth_syncing", "[]").booleanValue());
    }

    @Test
    void accountMethods() throws Exception {
        final JsonNode balance = rpc("eth_getBalance", "[\"" + node.bob.address().toHex() + "\", \"latest\"]");
        assertEquals(Amounts.toWei(Amounts.tokens(3)), new java.math.BigInteger(balance.asText().substring(2), 16));
        assertEquals(1, quantity(rpc("eth_getTransactionCount", "[\"" + node.alice.address().toHex()
            + "\", \"latest\"]")));
        assertEquals(1, quantity(rpc("eth_getTransactionCount", "[\"" + node.alice.address().toHex()
            + "\", \"pending\"]")));
        final JsonNode proof = rpc("kairos_getAccountProof", "[\"" + node.bob.address().toHex() + "\"]");
        assertEquals("INCLUSION", proof.path("kind").asText());
        final ProofVerifier.Result verified = ProofVerifier.verify(Hash.fromHex(proof.path("stateRoot").asText()),
            node.bob.address(), Hex.decode(proof.path("proof").asText()));
        assertTrue(verified.valid() && verified.present());
        assertEquals(Amounts.tokens(3), verified.balance());
        final JsonNode absent = rpc("kairos_getAccountProof", "[\"0x00000000000000000000000000000000000000aa\"]");
        assertTrue(ProofVerifier.verify(Hash.fromHex(absent.path("stateRoot").asText()),
            Address.fromHex("0x00000000000000000000000000000000000000aa"),
            Hex.decode(absent.path("proof").asText())).valid());
    }

    @Test
    void transactionAndBlockMethods() throws Exception {
        final JsonNode tx = rpc("eth_getTransactionByHash", "[\"" + nativeHash + "\"]");
        assertEquals(node.alice.address().toHex(), tx.path("from").asText());
        assertEquals("ed25519", tx.path("kairosScheme").asText());
        final JsonNode receipt = rpc("eth_getTransactionReceipt", "[\"" + nativeHash + "\"]");
        assertEquals("0x1", receipt.path("status").asText());
        assertEquals(tx.path("blockHash").asText(), receipt.path("blockHash").asText());
        final JsonNode eth = rpc("eth_getTransactionByHash", "[\"" + ethHash + "\"]");
        assertEquals("0x2", eth.path("type").asText());
        assertEquals("0x77359400", eth.path("maxFeePerGas").asText());
        assertEquals("0xa", eth.path("s").asText());

        final String number = "0x" + Long.toHexString(height);
        final JsonNode block = rpc("eth_getBlockByNumber", "[\"" + number + "\", false]");
        assertEquals(number, block.path("number").asText());
        assertTrue(block.path("transactions").toString().contains(nativeHash));
        final JsonNode full = rpc("eth_getBlockByHash", "[\"" + block.path("hash").asText() + "\", true]");
        assertEquals(block.path("hash").asText(), full.path("hash").asText());
        assertEquals(nativeHash, full.path("transactions").get(0).path("hash").asText());
        assertEquals(block.path("transactions").size(),
            quantity(rpc("eth_getBlockTransactionCountByNumber", "[\"" + number + "\"]")));
        assertTrue(rpc("eth_getTransactionByHash", "[\"0x" + "ab".repeat(32) + "\"]").isNull(),
            "an unknown hash is null, not an error");
    }

    @Test
    void errorsInTheirDocumentedShape() throws Exception {
        assertEquals(-32602, rpcError("error -32602", "eth_getBalance", "[\"0x12\", \"latest\"]").path("code").asInt());
        assertEquals(-32601, rpcError("error -32601", "eth_sign", "[]").path("code").asInt());
        final Transaction broke = node.transfer(node.bob, 5, node.alice, Amounts.tokens(100));
        final JsonNode refused = rpcError("error -32000", "kairos_sendTransaction",
            "[\"0x" + Hex.encode(broke.encode()) + "\"]");
        assertEquals(-32000, refused.path("code").asInt());
        assertEquals("INSUFFICIENT_BALANCE", refused.path("data").path("reason").asText());
        assertEquals(-32004, rpcError("error -32004", "eth_estimateGas", "[{\"to\":\"" + node.bob.address().toHex()
            + "\",\"data\":\"0xa9059cbb\"}]").path("code").asInt());
        final String parse = "{\"jsonrpc\":\"2.0\",\"id\":1,";
        final JsonNode parsed = JSON.readTree(node.post(parse).getValue());
        examples.append("\n## error -32700\n\n```\n").append(parse).append("\n```\n\n```json\n")
            .append(PRETTY.writeValueAsString(parsed)).append("\n```\n");
        assertEquals(-32700, parsed.path("error").path("code").asInt());
    }

    @Test
    void nativeMethods() throws Exception {
        final JsonNode validators = rpc("kairos_validators", "[]");
        assertEquals(1, validators.size());
        assertEquals(node.validator.address().toHex(), validators.get(0).path("address").asText());
        final JsonNode mempool = rpc("kairos_mempoolStatus", "[]");
        assertTrue(mempool.path("admitted").asLong() >= 2);
        assertEquals(17, mempool.path("rejected").size());
        final JsonNode status = rpc("kairos_nodeStatus", "[]");
        assertTrue(status.path("ready").asBoolean());
        assertEquals(node.genesis.hash().toHex(), status.path("genesisHash").asText());
    }

    @Test
    void metricsAndHealth() throws Exception {
        rpc("eth_chainId", "[]");
        final Map.Entry<Integer, String> metrics = node.get("/metrics");
        assertEquals(200, metrics.getKey());
        for (final String name : new String[] {"kairos_chain_height ", "kairos_committed_transactions_total ",
            "kairos_commit_latency_seconds_bucket", "kairos_mempool_transactions ",
            "kairos_mempool_rejections_total{reason=\"NONCE_TOO_LOW\"}", "kairos_consensus_round ",
            "kairos_rpc_requests_total{method=\"eth_chainId\",status=\"ok\"}", "kairos_peers ",
            "kairos_journal_sync_latency_seconds ", "kairos_consensus_view_changes_total "}) {
            assertTrue(metrics.getValue().contains(name), name + " missing from\n" + metrics.getValue());
        }
        assertEquals(200, node.get("/health/live").getKey());
        final Map.Entry<Integer, String> ready = node.get("/health/ready");
        assertEquals(200, ready.getKey());
        assertEquals("ready", JSON.readTree(ready.getValue()).path("status").asText());
        promtool(metrics.getValue());
    }

    private static void promtool(final String metrics) throws Exception {
        final Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool) || onPath(), "promtool is not installed (apt-get install prometheus); "
            + "skipping the exposition-format lint");
        final Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
        assertEquals("", out.trim(), "promtool lint findings:\n" + out);
    }

    private static boolean onPath() {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void subscriptionsOverAPlainWebSocket() throws Exception {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final WebSocket ws = node.http.newWebSocketBuilder().buildAsync(
            URI.create("ws://127.0.0.1:" + node.server.port() + "/"), new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(final WebSocket socket, final CharSequence data, final boolean last) {
                    partial.append(data);
                    if (last) {
                        messages.add(partial.toString());
                        partial.setLength(0);
                    }
                    socket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText(call("eth_subscribe", "[\"newPendingTransactions\"]"), true).get(10, TimeUnit.SECONDS);
            final JsonNode subscribed = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
            record("eth_subscribe (WebSocket)", call("eth_subscribe", "[\"newPendingTransactions\"]"), subscribed);
            final String sub = subscribed.path("result").asText();
            assertTrue(sub.startsWith("0x"));
            ws.sendText(call("eth_subscribe", "[\"newHeads\"]"), true).get(10, TimeUnit.SECONDS);
            final JsonNode heads = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
            record("eth_subscribe newHeads (WebSocket)", call("eth_subscribe", "[\"newHeads\"]"), heads);
            assertNotNull(heads.path("result").textValue());
            ws.sendText(call("eth_subscribe", "[\"newHeads\"]"), true).get(10, TimeUnit.SECONDS);
            assertEquals(-32005, JSON.readTree(messages.poll(10, TimeUnit.SECONDS)).path("error").path("code").asInt(),
                "a third subscription is over the limit of 2");
            ws.sendText(call("eth_subscribe", "[\"logs\"]"), true).get(10, TimeUnit.SECONDS);
            assertEquals(-32602, JSON.readTree(messages.poll(10, TimeUnit.SECONDS)).path("error").path("code").asInt());

            final Transaction tx = node.transfer(node.validator, 0, node.carol, 5);
            final String hash = rpc("kairos_sendTransaction", "[\"0x" + Hex.encode(tx.encode()) + "\"]").asText();
            boolean sawPending = false;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!sawPending && System.nanoTime() < deadline) {
                final String m = messages.poll(1, TimeUnit.SECONDS);
                if (m != null) {
                    final JsonNode n = JSON.readTree(m);
                    if ("eth_subscription".equals(n.path("method").asText())) {
                        examples.append("\n## eth_subscription notification (").append(
                            sub.equals(n.path("params").path("subscription").asText()) ? "newPendingTransactions"
                                : "newHeads").append(")\n\n```json\n").append(PRETTY.writeValueAsString(n))
                            .append("\n```\n");
                    }
                    sawPending = sub.equals(n.path("params").path("subscription").asText())
                        && hash.equals(n.path("params").path("result").asText());
                }
            }
            assertTrue(sawPending, "newPendingTransactions announced " + hash);
            ws.sendText(call("eth_unsubscribe", "[\"" + sub + "\"]"), true).get(10, TimeUnit.SECONDS);
            final JsonNode unsubscribed = nextReply(messages);
            record("eth_unsubscribe (WebSocket)", call("eth_unsubscribe", "[\"" + sub + "\"]"), unsubscribed);
            assertTrue(unsubscribed.path("result").asBoolean());
            ws.sendText(call("eth_unsubscribe", "[\"" + sub + "\"]"), true).get(10, TimeUnit.SECONDS);
            assertFalse(nextReply(messages).path("result").asBoolean(true));
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    /** The next message that is a reply (has an id), skipping notifications. */
    private static JsonNode nextReply(final BlockingQueue<String> messages) throws Exception {
        while (true) {
            final String m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no reply");
            final JsonNode n = JSON.readTree(m);
            if (n.has("id")) {
                return n;
            }
        }
    }
}
