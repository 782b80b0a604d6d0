package io.kairos.node.rpc;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hex;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.Secp256k1EthScheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.mempool.MempoolConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kairos rpc-load}: drives a JSON-RPC endpoint with {@link RpcLoadGenerator} and prints
 * requests per second and latency percentiles. With {@code --in-process} it first starts its own
 * single-validator engine and {@link RpcServer} on a loopback port (rate limit off), so the
 * figures need nothing else running.
 */
@Command(name = "rpc-load", mixinStandardHelpOptions = true,
    description = "Measure a JSON-RPC endpoint: requests/s and latency for eth_getBalance or kairos_sendTransaction.")
public final class RpcLoadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8545/", paramLabel = "URL",
        description = "Endpoint to drive (default: ${DEFAULT-VALUE}); ignored with --in-process.")
    String url;

    @Option(names = "--in-process", description = "Start an engine and RPC server in this process and drive that.")
    boolean inProcess;

    @Option(names = "--method", defaultValue = "read", paramLabel = "read|write|raw",
        description = "read: eth_getBalance; write: signed Ed25519 transfers via kairos_sendTransaction; raw: "
            + "Ethereum EIP-1559 transfers via eth_sendRawTransaction (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--connections", defaultValue = "8", paramLabel = "N",
        description = "Concurrent connections, one request in flight each (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "S", description = "Seconds (default: ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--sender-seed", paramLabel = "HEX",
        description = "Seed of a funded account for writes against --url: a 32-byte Ed25519 seed (write) or a "
            + "secp256k1 private key (raw).")
    String senderSeed;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Send this X-API-Key with every request.")
    String apiKey;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final RpcLoadGenerator.Mode mode = switch (method) {
            case "read" -> RpcLoadGenerator.Mode.READ;
            case "write" -> RpcLoadGenerator.Mode.WRITE;
            case "raw" -> RpcLoadGenerator.Mode.RAW;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                "--method must be read, write or raw");
        };
        if (connections < 1 || duration < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--connections and --duration must be >= 1");
        }
        final List<String> headers = apiKey == null ? List.of() : List.of("X-API-Key", apiKey);
        final List<SigningKey> senders = new ArrayList<>();
        final SigningKey recipient = Ed25519Scheme.INSTANCE.fromSeed(seed("recipient", 0));
        KairosEngine engine = null;
        RpcServer server = null;
        try {
            final URI target;
            final long chainId;
            if (inProcess) {
                for (int i = 0; i < connections; i++) {
                    senders.add((mode == RpcLoadGenerator.Mode.RAW ? Secp256k1EthScheme.INSTANCE
                        : Ed25519Scheme.INSTANCE).fromSeed(seed("sender", i)));
                }
                final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(seed("validator", 0));
                final GenesisBuilder g = Genesis.builder(NetworkPreset.DEVNET)
                    .genesisTime(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                    .validator("validator-0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000),
                        "127.0.0.1:7100");
                for (final SigningKey k : senders) {
                    g.allocation(k.address(), Amounts.tokens(1_000_000));
                }
                final Genesis genesis = g.remainderTo(validator.address()).build();
                engine = KairosEngine.builder(genesis).validator(validator)
                    .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE).build();
                engine.start();
                server = new RpcServer(RpcConfig.builder().port(0).rateLimit(0, 1).build(),
                    new EngineRpcBackend(engine, MempoolConfig.DEFAULT.minFee()),
                    new EngineEthDecoder(genesis.chainId(), CodecLimits.DEFAULT));
                server.start();
                target = URI.create("http://127.0.0.1:" + server.port() + "/");
                chainId = genesis.chainId();
            } else {
                target = URI.create(url);
                if (senderSeed != null) {
                    senders.add((mode == RpcLoadGenerator.Mode.RAW ? Secp256k1EthScheme.INSTANCE
                        : Ed25519Scheme.INSTANCE).fromSeed(Hex.decode(senderSeed)));
                }
                chainId = mode != RpcLoadGenerator.Mode.READ ? remoteChainId(target, headers) : 0;
            }
            out.printf("rpc-load: %s %s, %d connections, %d s, %s%n", switch (mode) {
                case READ -> "eth_getBalance";
                case WRITE -> "kairos_sendTransaction";
                case RAW -> "eth_sendRawTransaction";
            }, target, connections, duration,
                Runtime.getRuntime().availableProcessors() + " cores");
            out.flush();
            final RpcLoadGenerator.Result r = new RpcLoadGenerator(target, connections, Duration.ofSeconds(duration),
                mode, senders, chainId, recipient.address(), headers).run();
            out.printf("requests %d, errors %d, %.0f requests/s, latency ms p50 %.3f p99 %.3f p99.9 %.3f max %.3f%n",
                r.requests(), r.errors(), r.requestsPerSecond(), r.percentileMillis(50), r.percentileMillis(99),
                r.percentileMillis(99.9), r.latencyNanos().getTotalCount() == 0 ? 0
                    : r.latencyNanos().getMaxValue() / 1e6);
            if (engine != null) {
                out.printf("engine: height %d, %d transactions committed%n", engine.height(),
                    engine.committedTransactions());
            }
            out.flush();
            return r.requests() > 0 ? 0 : 1;
        } finally {
            if (server != null) {
                server.close();
            }
            if (engine != null) {
                engine.close();
            }
            for (final SigningKey k : senders) {
                k.destroy();
            }
            recipient.destroy();
        }
    }

    private static long remoteChainId(final URI target, final List<String> headers) throws Exception {
        final java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(target)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        final String reply = java.net.http.HttpClient.newHttpClient().send(b.build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return Long.decode(RpcDispatcher.JSON.readTree(reply).path("result").asText());
    }

    /** Deterministic keys of the in-process run (not the devnet's). */
    private static byte[] seed(final String role, final int index) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("kairos/rpc-load/" + role + "/" + index)
                .getBytes(StandardCharsets.US_ASCII));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
