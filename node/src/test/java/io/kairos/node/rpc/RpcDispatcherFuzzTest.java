package io.kairos.node.rpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the JSON-RPC parser and dispatcher: whatever the bytes, {@link RpcDispatcher#handle}
 * completes without throwing, and what it answers is JSON-RPC 2.0 with a known error code. A plain
 * {@code mvn test} replays the regression corpus under
 * {@code src/test/resources/io/kairos/node/rpc/RpcDispatcherFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class RpcDispatcherFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> CODES = Set.of(-32700, -32600, -32601, -32602, -32603, -32000, -32001, -32002,
        -32004, -32005);
    private static final RpcDispatcher DISPATCHER = new RpcServer(RpcConfig.builder().port(0).maxBatch(50)
        .rateLimit(0, 1).build(), new FakeBackend(), new FakeEthDecoder()).dispatcher();
    private static final CallContext CONTEXT = new CallContext(false, "fuzz", null);

    @FuzzTest(maxDuration = "60s")
    void dispatcherAnswersEveryInput(final byte[] input) throws Exception {
        final RpcDispatcher.Response r = DISPATCHER.handle(input, CONTEXT).get(10, TimeUnit.SECONDS);
        assertNotNull(r);
        if (r.body() == null) {
            return;
        }
        final JsonNode answer = JSON.readTree(r.body());
        if (answer.isArray()) {
            assertTrue(!answer.isEmpty());
            answer.forEach(RpcDispatcherFuzzTest::checkResponse);
        } else {
            checkResponse(answer);
        }
    }

    private static void checkResponse(final JsonNode r) {
        assertEquals("2.0", r.path("jsonrpc").asText(), r::toString);
        assertTrue(r.has("id"), r::toString);
        assertTrue(r.has("result") != r.has("error"), r::toString);
        if (r.has("error")) {
            assertTrue(CODES.contains(r.path("error").path("code").asInt()), r::toString);
            assertTrue(r.path("error").path("message").isTextual(), r::toString);
            assertTrue(r.path("error").path("code").asInt() != -32603, () -> "internal error: " + r);
        }
    }
}
