package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hex;
import io.kairos.engine.ledger.Transaction;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static io.kairos.node.rpc.TestNode.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad request gets its JSON-RPC error, and the server answers the next good one. */
class RpcBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLOCK_NUMBER = call("eth_blockNumber", "[]");

    private static JsonNode json(final Map.Entry<Integer, String> r) throws Exception {
        return JSON.readTree(r.getValue());
    }

    private static int code(final Map.Entry<Integer, String> r) throws Exception {
        return json(r).path("error").path("code").asInt();
    }

    private static void stillServes(final TestNode node) throws Exception {
        final Map.Entry<Integer, String> r = node.post(BLOCK_NUMBER);
        assertEquals(200, r.getKey());
        assertTrue(json(r).path("result").asText().startsWith("0x"), r.getValue());
    }

    @Test
    void malformedRequestsGetTheirCodesAndTheServerCarriesOn() throws Exception {
        try (TestNode node = new TestNode()) {
            assertEquals(-32700, code(node.post("{\"jsonrpc\":\"2.0\",")));
            stillServes(node);
            assertEquals(-32700, code(node.post("")));
            assertEquals(-32600, code(node.post("[]")));
            assertEquals(-32600, code(node.post("42")));
            assertEquals(-32600, code(node.post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"eth_blockNumber\"}")));
            assertEquals(-32600, code(node.post("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"eth_blockNumber\"}")));
            assertEquals(-32600, code(node.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBalance\","
                + "\"params\":{\"address\":\"0x00\"}}")));
            final Map.Entry<Integer, String> unknown = node.post(call("eth_mine", "[]"));
            assertEquals(-32601, code(unknown));
            assertTrue(json(unknown).path("error").path("message").asText().contains("eth_mine"));
            final Map.Entry<Integer, String> badAddress = node.post(call("eth_getBalance", "[\"0x12\", \"latest\"]"));
            assertEquals(-32602, code(badAddress));
            assertTrue(json(badAddress).path("error").path("message").asText().contains("40 hex digits"),
                badAddress.getValue());
            assertEquals(-32602, code(node.post(call("eth_getBlockByNumber", "[\"0xzz\", false]"))));
            assertEquals(-32602, code(node.post(call("eth_getBlockByNumber", "[\"latest\", \"yes\"]"))));
            assertEquals(-32602, code(node.post(call("eth_getTransactionByHash", "[\"0x1234\"]"))));
            assertEquals(-32602, code(node.post(call("eth_blockNumber", "[1, 2]"))));
            assertEquals(-32602, code(node.post(call("kairos_sendTransaction", "[\"0x0102\"]"))));
            assertEquals(-32601, code(node.post(call("eth_subscribe", "[\"newHeads\"]"))), "no subscriptions over HTTP");
            assertEquals(-32004, code(node.post(call("eth_getBalance",
                "[\"0x00000000000000000000000000000000000000aa\", \"0x999999\"]"))), "no historical state");
            assertEquals(-32004, code(node.post(call("eth_estimateGas", "[{\"to\":\""
                + node.bob.address().toHex() + "\",\"data\":\"0xa9059cbb\"}]"))), "no contracts");
            final Map.Entry<Integer, String> subUnit = node.post(call("eth_estimateGas", "[{\"to\":\""
                + node.bob.address().toHex() + "\",\"value\":\"0x1\"}]"));
            assertEquals(-32602, code(subUnit));
            assertTrue(json(subUnit).path("error").path("message").asText().contains("not a multiple"), subUnit.getValue());
            assertEquals(-32004, code(node.post(call("eth_sendRawTransaction", "[\"0x02f8\"]"))),
                "without a decoder eth_sendRawTransaction is unsupported");
            final Map.Entry<Integer, String> notification = node.post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\",\"params\":[]}");
            assertEquals(204, notification.getKey());
            stillServes(node);
        }
    }

    @Test
    void batchesAnswerEachCallAndTooLongBatchesAreRefused() throws Exception {
        try (TestNode node = new TestNode(b -> b.maxBatch(10), null)) {
            final String batch = "[" + BLOCK_NUMBER + ", " + call("eth_nope", "[]") + ", 7]";
            final JsonNode r = json(node.post(batch));
            assertEquals(3, r.size());
            assertTrue(r.get(0).has("result"));
            assertEquals(-32601, r.get(1).path("error").path("code").asInt());
            assertEquals(-32600, r.get(2).path("error").path("code").asInt());
            final StringBuilder huge = new StringBuilder("[");
            for (int i = 0; i < 11; i++) {
                huge.append(i == 0 ? "" : ",").append(BLOCK_NUMBER);
            }
            final Map.Entry<Integer, String> refused = node.post(huge.append(']').toString());
            assertEquals(-32005, code(refused));
            stillServes(node);
        }
    }

    @Test
    void anOversizedBodyIsRefusedWith413() throws Exception {
        try (TestNode node = new TestNode(b -> b.maxBodyBytes(1024), null)) {
            final String big = call("eth_getBalance", "[\"" + "0".repeat(4000) + "\"]");
            final Map.Entry<Integer, String> r = node.post(big);
            assertEquals(413, r.getKey());
            assertEquals(-32005, code(r));
            stillServes(node);
        }
    }

    @Test
    void rejectedTransactionsCarryTheMempoolReason() throws Exception {
        try (TestNode node = new TestNode()) {
            final Transaction broke = node.transfer(node.bob, 0, node.alice, Amounts.tokens(1));
            final JsonNode funds = json(node.post(call("kairos_sendTransaction",
                "[\"0x" + Hex.encode(broke.encode()) + "\"]")));
            assertEquals(-32000, funds.path("error").path("code").asInt(), funds.toString());
            assertTrue(funds.path("error").path("message").asText().startsWith("insufficient funds"));
            assertEquals("INSUFFICIENT_BALANCE", funds.path("error").path("data").path("reason").asText());

            final Transaction first = node.transfer(node.alice, 0, node.bob, 10);
            assertTrue(json(node.post(call("kairos_sendTransaction",
                "[\"0x" + Hex.encode(first.encode()) + "\"]"))).has("result"));
            node.engine.submit(node.transfer(node.alice, 1, node.bob, 10)).get();
            final Transaction replay = node.transfer(node.alice, 0, node.bob, 11);
            final JsonNode low = json(node.post(call("kairos_sendTransaction",
                "[\"0x" + Hex.encode(replay.encode()) + "\"]")));
            assertEquals(-32000, low.path("error").path("code").asInt(), low.toString());
            assertEquals("nonce too low", low.path("error").path("message").asText());
            assertEquals("NONCE_TOO_LOW", low.path("error").path("data").path("reason").asText());
            stillServes(node);
        }
    }

    @Test
    void writesNeedAnApiKeyOrATokenWhenAuthIsOn() throws Exception {
        final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        try (TestNode node = new TestNode(b -> b.apiKeys(Set.of("let-me-in")).jwtSecret(secret), null)) {
            final String tx0 = "[\"0x" + Hex.encode(node.transfer(node.alice, 0, node.bob, 10).encode()) + "\"]";
            assertEquals(-32001, code(node.post(call("kairos_sendTransaction", tx0))));
            assertEquals(-32001, code(node.post(call("kairos_sendTransaction", tx0), Map.of("X-API-Key", "wrong"))));
            stillServes(node);
            assertTrue(json(node.post(call("kairos_sendTransaction", tx0), Map.of("X-API-Key", "let-me-in")))
                .has("result"));

            final long now = System.currentTimeMillis() / 1000;
            final String tx1 = "[\"0x" + Hex.encode(node.transfer(node.alice, 1, node.bob, 10).encode()) + "\"]";
            assertEquals(-32001, code(node.post(call("kairos_sendTransaction", tx1),
                Map.of("Authorization", "Bearer " + jwt(secret, now - 10, now - 1)))), "expired");
            assertEquals(-32001, code(node.post(call("kairos_sendTransaction", tx1),
                Map.of("Authorization", "Bearer " + jwt("another secret of at least 32 bytes".getBytes(
                    StandardCharsets.US_ASCII), now, now + 60)))), "wrong key");
            assertEquals(-32001, code(node.post(call("kairos_sendTransaction", tx1),
                Map.of("Authorization", "Bearer " + jwt(secret, now - 3600, now + 60)))), "issued too long ago");
            assertTrue(json(node.post(call("kairos_sendTransaction", tx1),
                Map.of("Authorization", "Bearer " + jwt(secret, now, now + 60)))).has("result"));
        }
    }

    static String jwt(final byte[] secret, final long iat, final long exp) throws Exception {
        final Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        final String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        final String body = b64.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + "}")
            .getBytes(StandardCharsets.UTF_8));
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return head + "." + body + "." + b64.encodeToString(mac.doFinal((head + "." + body)
            .getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aClientOverItsRateGets429AndIsServedAgainOnceTokensRefill() throws Exception {
        try (TestNode node = new TestNode(b -> b.rateLimit(2, 3), null)) {
            int limited = 0;
            Map.Entry<Integer, String> last = null;
            for (int i = 0; i < 10; i++) {
                final Map.Entry<Integer, String> r = node.post(BLOCK_NUMBER);
                if (r.getKey() == 429) {
                    limited++;
                    last = r;
                }
            }
            assertTrue(limited >= 6, "a burst of 3 at 2/s cannot serve 10 calls at once; limited " + limited);
            assertEquals(-32005, code(last));
            Thread.sleep(1_100);
            stillServes(node);
        }
    }
}
