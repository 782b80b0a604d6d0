package io.kairos.node.rpc;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hex;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.ledger.Transaction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop JSON-RPC load generator: {@code connections} threads, each with its own HTTP/1.1
 * connection, send one request at a time for a fixed duration and record each round trip in an
 * HdrHistogram. Reads ask {@code eth_getBalance}; writes send signed native transfers through
 * {@code kairos_sendTransaction} (answered once the pool admits them). A response that is not a
 * JSON-RPC result counts as an error, not as a sample.
 *
 * <p>Threading: {@link #run()} blocks the caller for the duration; the counters are thread-safe.
 */
public final class RpcLoadGenerator {
    /**
     * What to send. READ: {@code eth_getBalance}; WRITE: native transfers by {@code kairos_sendTransaction}; RAW:
     * Ethereum EIP-1559 transfers by {@code eth_sendRawTransaction} (senders are secp256k1-eth keys).
     */
    public enum Mode { READ, WRITE, RAW }

    /** What a run measured. */
    public record Result(long requests, long errors, double seconds, Histogram latencyNanos) {
        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double percentileMillis(final double percentile) {
            return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private final URI uri;
    private final int connections;
    private final Duration duration;
    private final Mode mode;
    private final List<SigningKey> senders;
    private final long chainId;
    private final Address recipient;
    private final List<String> headers;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /**
     * @param senders  funded keys for {@link Mode#WRITE}, shared round-robin by the connections (nonces
     *                 are read once from the node and then counted locally); ignored for reads
     * @param headers  extra request headers as name, value pairs (an API key, say)
     */
    public RpcLoadGenerator(final URI uri, final int connections, final Duration duration, final Mode mode,
                            final List<SigningKey> senders, final long chainId, final Address recipient,
                            final List<String> headers) {
        if (connections < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("need at least one connection and a positive duration");
        }
        if (mode != Mode.READ && senders.isEmpty()) {
            throw new IllegalArgumentException("writes need at least one funded sender key");
        }
        this.uri = Objects.requireNonNull(uri);
        this.connections = connections;
        this.duration = duration;
        this.mode = mode;
        this.senders = List.copyOf(senders);
        this.chainId = chainId;
        this.recipient = recipient;
        this.headers = List.copyOf(headers);
    }

    public Result run() throws InterruptedException, IOException {
        final AtomicLong[] nonces = new AtomicLong[senders.size()];
        if (mode != Mode.READ) {
            final HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < senders.size(); i++) {
                final String body = call("eth_getTransactionCount", "[\"" + senders.get(i).address().toHex()
                    + "\",\"pending\"]");
                final String reply = send(client, body);
                final int at = reply.indexOf("\"result\":\"0x");
                if (at < 0) {
                    throw new IOException("cannot read the nonce of " + senders.get(i).address() + ": " + reply);
                }
                nonces[i] = new AtomicLong(Long.parseLong(reply.substring(at + 12, reply.indexOf('"', at + 12)), 16));
            }
        }
        final long end = System.nanoTime() + duration.toNanos();
        final List<Thread> threads = new ArrayList<>(connections);
        final long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            final int index = c;
            threads.add(Thread.ofPlatform().name("rpc-load-" + c).daemon().start(() -> loop(index, end, nonces)));
        }
        for (final Thread t : threads) {
            t.join();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(requests.get(), errors.get(), seconds, recorder.getIntervalHistogram());
    }

    private void loop(final int index, final long end, final AtomicLong[] nonces) {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String read = call("eth_getBalance", "[\"" + (recipient == null ? Address.ZERO : recipient).toHex()
            + "\",\"latest\"]");
        while (System.nanoTime() < end) {
            final String body;
            if (mode == Mode.READ) {
                body = read;
            } else {
                final int s = index % senders.size();
                final Transaction tx = Transaction.transfer().chainId(chainId).nonce(nonces[s].getAndIncrement())
                    .fee(1).recipient(recipient).amount(1).sign(senders.get(s));
                body = mode == Mode.RAW
                    ? call("eth_sendRawTransaction", "[\"0x" + Hex.encode(tx.payload()) + "\"]")
                    : call("kairos_sendTransaction", "[\"0x" + Hex.encode(tx.encode()) + "\"]");
            }
            final long t0 = System.nanoTime();
            try {
                final String reply = send(client, body);
                final long t1 = System.nanoTime();
                if (reply.contains("\"result\"")) {
                    recorder.recordValue(Math.min(t1 - t0, TimeUnit.SECONDS.toNanos(60)));
                    requests.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
            } catch (final IOException e) {
                errors.incrementAndGet();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String send(final HttpClient client, final String body) throws IOException, InterruptedException {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String call(final String method, final String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    }
}
