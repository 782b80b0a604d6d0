package io.kairos.node.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.node.cli.CommandError;
import io.kairos.node.cli.CommandException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal JSON-RPC client of one Kairos node over HTTP, for the devnet's load and for tests:
 * batches of {@code kairos_sendTransaction}, receipts, heights and blocks. Thread-safe (the JDK
 * {@link HttpClient} is); each call blocks until the answer or the timeout.
 */
public final class RpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final HttpClient http;
    private final Duration timeout;

    public RpcClient(final URI uri, final Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI uri() {
        return uri;
    }

    /** The outcome of one submission: the hash when the node's pool admitted it, else the error message. */
    public record Sent(Hash hash, String error) {
        public boolean accepted() {
            return hash != null;
        }
    }

    /** Submits encoded transactions in one JSON-RPC batch; one {@link Sent} per transaction, in order. */
    public List<Sent> sendTransactions(final List<byte[]> encoded) throws IOException, InterruptedException {
        final ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < encoded.size(); i++) {
            batch.add(call(i, "kairos_sendTransaction", "0x" + Hex.encode(encoded.get(i))));
        }
        final JsonNode answer = post(batch);
        final Sent[] out = new Sent[encoded.size()];
        if (!answer.isArray()) {
            final String error = answer.path("error").path("message").asText("no answer");
            for (int i = 0; i < out.length; i++) {
                out[i] = new Sent(null, error);
            }
            return List.of(out);
        }
        for (final JsonNode r : answer) {
            final int id = r.path("id").asInt(-1);
            if (id < 0 || id >= out.length) {
                continue;
            }
            out[id] = r.hasNonNull("result") ? new Sent(Hash.fromHex(r.get("result").asText()), null)
                : new Sent(null, r.path("error").path("message").asText("no result"));
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = new Sent(null, "no answer for this call in the batch");
            }
        }
        return List.of(out);
    }

    /** The block heights of these transactions' receipts, -1 where the node has none (yet). */
    public long[] receiptHeights(final List<Hash> hashes) throws IOException, InterruptedException {
        final long[] heights = new long[hashes.size()];
        java.util.Arrays.fill(heights, -1);
        if (hashes.isEmpty()) {
            return heights;
        }
        final ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < hashes.size(); i++) {
            batch.add(call(i, "eth_getTransactionReceipt", hashes.get(i).toHex()));
        }
        final JsonNode answer = post(batch);
        if (answer.isArray()) {
            for (final JsonNode r : answer) {
                final int id = r.path("id").asInt(-1);
                final JsonNode result = r.get("result");
                if (id >= 0 && id < heights.length && result != null && result.hasNonNull("blockNumber")) {
                    heights[id] = quantity(result.get("blockNumber").asText());
                }
            }
        }
        return heights;
    }

    /** {@code net_peerCount}: validators the node has a transport session with. */
    public long peerCount() throws IOException, InterruptedException {
        final ArrayNode batch = JSON.createArrayNode();
        batch.add(call(0, "net_peerCount"));
        final JsonNode answer = post(batch);
        return quantity(answer.path(0).path("result").asText());
    }

    /** The node's committed height ({@code eth_blockNumber}). */
    public long blockNumber() throws IOException, InterruptedException {
        final ArrayNode batch = JSON.createArrayNode();
        batch.add(call(0, "eth_blockNumber"));
        final JsonNode answer = post(batch);
        return quantity(answer.path(0).path("result").asText());
    }

    /** The committed nonce of {@code address} ({@code eth_getTransactionCount ... latest}). */
    public long nonce(final Address address) throws IOException, InterruptedException {
        final ArrayNode batch = JSON.createArrayNode();
        batch.add(call(0, "eth_getTransactionCount", address.toHex(), "latest"));
        return quantity(post(batch).path(0).path("result").asText());
    }

    /** Transaction counts of the blocks {@code from..to} (inclusive), -1 where the node has no such block. */
    public long[] transactionCounts(final long from, final long to) throws IOException, InterruptedException {
        final int n = (int) Math.max(0, to - from + 1);
        final long[] counts = new long[n];
        java.util.Arrays.fill(counts, -1);
        if (n == 0) {
            return counts;
        }
        final ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            batch.add(call(i, "eth_getBlockTransactionCountByNumber", "0x" + Long.toHexString(from + i)));
        }
        final JsonNode answer = post(batch);
        if (answer.isArray()) {
            for (final JsonNode r : answer) {
                final int id = r.path("id").asInt(-1);
                if (id >= 0 && id < n && r.hasNonNull("result")) {
                    counts[id] = quantity(r.get("result").asText());
                }
            }
        }
        return counts;
    }

    /** Hash and state root of the block at {@code height}, or null when the node has none. */
    public List<Hash> blockHashAndRoot(final long height) throws IOException, InterruptedException {
        final ArrayNode batch = JSON.createArrayNode();
        final ObjectNode c = call(0, "eth_getBlockByNumber", "0x" + Long.toHexString(height));
        ((ArrayNode) c.get("params")).add(false);
        batch.add(c);
        final JsonNode block = post(batch).path(0).path("result");
        if (!block.isObject()) {
            return null;
        }
        final List<Hash> out = new ArrayList<>(2);
        out.add(Hash.fromHex(block.get("hash").asText()));
        out.add(Hash.fromHex(block.get("stateRoot").asText()));
        return out;
    }

    private static ObjectNode call(final int id, final String method, final String... params) {
        final ObjectNode c = JSON.createObjectNode();
        c.put("jsonrpc", "2.0");
        c.put("id", id);
        c.put("method", method);
        final ArrayNode p = c.putArray("params");
        for (final String s : params) {
            p.add(s);
        }
        return c;
    }

    private JsonNode post(final JsonNode body) throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return JSON.readTree(response.body());
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, uri + " answered HTTP " + response.statusCode()
                + " with a body that is not JSON", e);
        }
    }

    private static long quantity(final String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() < 3) {
            throw new CommandException(CommandError.IO, "expected a 0x-prefixed quantity, got '" + hex + "'");
        }
        try {
            return Long.parseLong(hex.substring(2), 16);
        } catch (final NumberFormatException e) {
            throw new CommandException(CommandError.IO, "expected a 0x-prefixed quantity, got '" + hex + "'");
        }
    }
}
