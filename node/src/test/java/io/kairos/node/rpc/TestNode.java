package io.kairos.node.rpc;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.eth.EthDevAccounts;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.MempoolConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real single-validator engine with funded accounts and an {@link RpcServer} on an ephemeral
 * loopback port, for the RPC tests. Alice and Carol hold 1,000 tokens each, Bob none.
 */
final class TestNode implements AutoCloseable {
    final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(seed(1));
    final SigningKey alice = Ed25519Scheme.INSTANCE.fromSeed(seed(2));
    final SigningKey bob = Ed25519Scheme.INSTANCE.fromSeed(seed(3));
    final SigningKey carol = Ed25519Scheme.INSTANCE.fromSeed(seed(4));
    final Genesis genesis;
    final KairosEngine engine;
    final RpcServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The devnet's first Ethereum dev accounts; the first is funded with 1,000 tokens. */
    static final java.util.List<EthDevAccounts.DevAccount> ETH_DEV = EthDevAccounts.derive(2);

    TestNode(final UnaryOperator<RpcConfig.Builder> config, final RawTransactionDecoder decoder) {
        genesis = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.now().truncatedTo(ChronoUnit.SECONDS))
            .validator("validator-0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:7100")
            .allocation(alice.address(), Amounts.tokens(1_000))
            .allocation(carol.address(), Amounts.tokens(1_000))
            .allocation(ETH_DEV.get(0).address(), Amounts.tokens(1_000))
            .remainderTo(validator.address())
            .build();
        engine = KairosEngine.builder(genesis).validator(validator)
            .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).build();
        engine.start();
        server = new RpcServer(config.apply(RpcConfig.builder().host("127.0.0.1").port(0)).build(),
            new EngineRpcBackend(engine, MempoolConfig.DEFAULT.minFee()), decoder);
        server.start();
    }

    TestNode() {
        this(b -> b, null);
    }

    static byte[] seed(final int n) {
        final byte[] s = new byte[32];
        s[0] = (byte) n;
        s[31] = 42;
        return s;
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    Transaction transfer(final SigningKey from, final long nonce, final SigningKey to, final long units) {
        return Transaction.transfer().chainId(genesis.chainId()).nonce(nonce).fee(1).recipient(to.address())
            .amount(units).sign(from);
    }

    /** Posts a body; returns the status and the body text. */
    Map.Entry<Integer, String> post(final String body, final Map<String, String> headers) throws IOException,
        InterruptedException {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        final HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return Map.entry(r.statusCode(), r.body());
    }

    Map.Entry<Integer, String> post(final String body) throws IOException, InterruptedException {
        return post(body, Map.of());
    }

    Map.Entry<Integer, String> get(final String path) throws IOException, InterruptedException {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path.substring(1)))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return Map.entry(r.statusCode(), r.body());
    }

    static String call(final String method, final String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
