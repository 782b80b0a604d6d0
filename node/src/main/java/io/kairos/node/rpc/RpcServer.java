package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.node.NullNode;
import io.kairos.engine.core.Hash;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.node.rpc.CallContext.SubscriptionKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.NullNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client API server: JSON-RPC 2.0 over HTTP (POST to any path but the ones below) and over
 * WebSocket (with eth_subscribe), Prometheus metrics on {@code GET /metrics}, and the probes
 * {@code GET /health/live} and {@code GET /health/ready}, all on one port.
 *
 * <pre>{@code
 * RpcServer server = new RpcServer(RpcConfig.builder().port(8545).build(),
 *     new EngineRpcBackend(engine, MempoolConfig.DEFAULT.minFee()), null);
 * server.start();          // listening when it returns
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Threading: {@link #start()} and {@link #close()} may be called from any thread and block until
 * done; requests run on Vert.x event-loop threads and never block them (engine work is composed on
 * the backend's futures). Limits (body size, batch length, connections, subscriptions, rate) are
 * answered with a JSON-RPC error, never by dropping the connection.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);
    private static final String JSON_TYPE = "application/json";

    private final RpcConfig config;
    private final RpcBackend backend;
    private final RpcMetrics metrics;
    private final RpcDispatcher dispatcher;
    private final Authenticator authenticator;
    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();
    /** Open connections by remote address: true when the connection arrived over the limit. */
    private final Map<String, Boolean> open = new ConcurrentHashMap<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private Vertx vertx;
    private HttpServer server;
    private volatile boolean closed;

    /**
     * @param decoder decodes eth_sendRawTransaction bytes and shows Ethereum fields; null until the
     *                secp256k1-eth adapter exists (eth_sendRawTransaction then answers -32004)
     */
    public RpcServer(final RpcConfig config, final RpcBackend backend, final RawTransactionDecoder decoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.metrics = new RpcMetrics(backend, Set.copyOf(RpcMethods.names()));
        final RpcMethods methods = new RpcMethods(backend, decoder, config.clientVersion(), this::pending, metrics,
            System::nanoTime);
        this.dispatcher = new RpcDispatcher(methods.methods(), config.maxBatch(), config.authEnabled(),
            config.authenticateReads(), config.callTimeout(), metrics,
            new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime));
        this.authenticator = new Authenticator(config.apiKeys(), config.jwtSecret(), config.jwtMaxAge(),
            () -> System.currentTimeMillis() / 1000);
    }

    /**
     * Binds and starts serving; returns once listening.
     *
     * @throws IllegalStateException if already started, if binding fails, or if the host is not a
     *                               loopback address while authentication is off and
     *                               {@link RpcConfig#allowUnauthenticatedRemote()} is false
     */
    public synchronized void start() {
        if (vertx != null || closed) {
            throw new IllegalStateException(closed ? "server is closed" : "server already started");
        }
        if (!config.authEnabled() && !config.allowUnauthenticatedRemote() && !loopback(config.host())) {
            throw new IllegalStateException("refusing to serve " + config.host() + " without authentication: "
                + "configure API keys or a JWT secret, bind a loopback address, or allow it explicitly");
        }
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1,
            Math.min(4, Runtime.getRuntime().availableProcessors()))));
        final HttpServerOptions options = new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setMaxWebSocketFrameSize(config.maxFrameBytes())
            .setMaxWebSocketMessageSize(config.maxMessageBytes())
            .setCompressionSupported(true)
            // HTTP/1.1 only: JSON-RPC clients speak it, and an h2c upgrade would count one TCP connection twice.
            .setHttp2ClearTextEnabled(false);
        if (config.tlsEnabled()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(config.tlsCertificate().toString()).setKeyPath(config.tlsKey().toString()));
        }
        server = vertx.createHttpServer(options)
            .connectionHandler(this::connection)
            .webSocketHandshakeHandler(this::handshake)
            .webSocketHandler(ws -> { })
            .requestHandler(this::request);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            closeVertx();
            throw new IllegalStateException("interrupted while binding " + config.host() + ":" + config.port(), e);
        } catch (final ExecutionException | TimeoutException e) {
            closeVertx();
            final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot serve on " + config.host() + ":" + config.port() + ": " + cause, cause);
        }
        backend.onBlock(this::block);
        LOG.info("event=rpc_started host={} port={} tls={} auth={}", config.host(), server.actualPort(),
            config.tlsEnabled(), config.authEnabled());
    }

    /** The bound port (the chosen one when configured with 0); -1 before {@link #start()}. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    public RpcMetrics metrics() {
        return metrics;
    }

    /** The dispatcher, for in-process use (tests, fuzzing) without a socket. */
    RpcDispatcher dispatcher() {
        return dispatcher;
    }

    /** Stops listening, closes every connection and the event loops. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sessions.clear();
        closeVertx();
        LOG.info("event=rpc_stopped");
    }

    private void closeVertx() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (final ExecutionException | TimeoutException e) {
                LOG.warn("event=rpc_close_failed error={}", e.toString());
            }
        }
    }

    private static boolean loopback(final String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (final UnknownHostException e) {
            return false;
        }
    }

    /**
     * Counts a TCP connection. Connections are keyed by their remote address and port, because a
     * connection upgraded to a WebSocket reports its end through the WebSocket, not through the
     * HttpConnection; {@link #release} is idempotent, so either report (or both) counts once.
     */
    private void connection(final HttpConnection conn) {
        final String key = String.valueOf(conn.remoteAddress());
        final boolean over = openConnections.incrementAndGet() > config.maxConnections();
        open.put(key, over);
        metrics.connections(1);
        conn.closeHandler(v -> release(key));
    }

    private void release(final String key) {
        if (open.remove(key) != null) {
            openConnections.decrementAndGet();
            metrics.connections(-1);
        }
    }

    private boolean overLimit(final SocketAddress remote) {
        return Boolean.TRUE.equals(open.get(String.valueOf(remote)));
    }

    private void request(final HttpServerRequest req) {
        final String path = req.path();
        if (req.method() == HttpMethod.GET) {
            switch (path) {
                case "/metrics" -> {
                    req.response().putHeader("Content-Type", metrics.contentType()).end(Buffer.buffer(metrics.scrape()));
                    return;
                }
                case "/health/live" -> {
                    json(req.response(), 200, "{\"status\":\"live\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                case "/health/ready" -> {
                    final NodeStatus s = backend.status();
                    final Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", s.ready() ? "ready" : "not ready");
                    body.put("height", s.height());
                    body.put("syncing", s.syncing());
                    body.put("inConsensus", s.inConsensus());
                    json(req.response(), s.ready() ? 200 : 503, RpcDispatcher.write(body));
                    return;
                }
                default -> {
                    req.response().setStatusCode(405).putHeader("Allow", "POST").end();
                    return;
                }
            }
        }
        if (req.method() != HttpMethod.POST) {
            req.response().setStatusCode(405).putHeader("Allow", "POST, GET").end();
            return;
        }
        if (overLimit(req.remoteAddress())) {
            // Answered, then closed: a connection over the limit must not stay open for later requests.
            final HttpConnection conn = req.connection();
            req.response().setStatusCode(503).putHeader("Content-Type", JSON_TYPE).putHeader("Connection", "close")
                .end(Buffer.buffer(limitError("too many connections (limit " + config.maxConnections() + ")")))
                .onComplete(v -> conn.close());
            return;
        }
        final Context context = Vertx.currentContext();
        final Buffer body = Buffer.buffer();
        final boolean[] tooLarge = {false};
        final String length = req.getHeader("Content-Length");
        if (length != null && length.length() < 12 && length.chars().allMatch(Character::isDigit)
            && Long.parseLong(length) > config.maxBodyBytes()) {
            tooLarge[0] = true;
        }
        // An oversized body is read to its end and dropped, so the answer reaches a client still sending.
        req.handler(chunk -> {
            if (!tooLarge[0]) {
                if (body.length() + chunk.length() > config.maxBodyBytes()) {
                    tooLarge[0] = true;
                } else {
                    body.appendBuffer(chunk);
                }
            }
        });
        req.exceptionHandler(e -> { });
        req.endHandler(v -> {
            if (tooLarge[0]) {
                refuse(req, 413, "request body exceeds the limit of " + config.maxBodyBytes() + " bytes");
                return;
            }
            final Authenticator.Identity id = authenticator.identify(req.getHeader("X-API-Key"),
                req.getHeader("Authorization"));
            final CallContext call = new CallContext(id.authenticated(),
                id.rateKey() != null ? id.rateKey() : host(req.remoteAddress()), null);
            dispatcher.handle(body.getBytes(), call).whenComplete((r, e) -> context.runOnContext(x -> {
                final HttpServerResponse resp = req.response();
                if (r == null || r.body() == null) {
                    resp.setStatusCode(e == null ? 204 : 500).end();
                } else {
                    json(resp, r.rateLimited() ? 429 : 200, r.body());
                }
            }));
        });
    }

    private static String host(final SocketAddress a) {
        return a == null ? "unknown" : a.hostAddress();
    }

    private static void json(final HttpServerResponse resp, final int status, final byte[] body) {
        resp.setStatusCode(status).putHeader("Content-Type", JSON_TYPE).end(Buffer.buffer(body));
    }

    private void refuse(final HttpServerRequest req, final int status, final String message) {
        json(req.response(), status, limitError(message));
    }

    private static byte[] limitError(final String message) {
        return RpcDispatcher.write(RpcDispatcher.error(NullNode.getInstance(),
            new RpcException(RpcError.LIMIT_EXCEEDED, message)));
    }

    private void handshake(final ServerWebSocketHandshake hs) {
        if (overLimit(hs.remoteAddress())) {
            hs.reject(503);
            return;
        }
        final String key = String.valueOf(hs.remoteAddress());
        final Authenticator.Identity id = authenticator.identify(hs.headers().get("X-API-Key"),
            hs.headers().get("Authorization"));
        final String client = id.rateKey() != null ? id.rateKey() : host(hs.remoteAddress());
        hs.accept().onSuccess(ws -> open(ws, new CallContextSeed(id.authenticated(), client), key));
    }

    private record CallContextSeed(boolean authenticated, String client) {
    }

    private void open(final ServerWebSocket ws, final CallContextSeed seed, final String key) {
        final WsSession session = new WsSession(ws);
        final CallContext context = new CallContext(seed.authenticated(), seed.client(), session);
        sessions.add(session);
        ws.textMessageHandler(text -> dispatcher.handle(text.getBytes(StandardCharsets.UTF_8), context)
            .thenAccept(r -> {
                if (r.body() != null && !ws.isClosed()) {
                    ws.writeTextMessage(new String(r.body(), StandardCharsets.UTF_8));
                }
            }));
        ws.binaryMessageHandler(bin -> dispatcher.handle(bin.getBytes(), context).thenAccept(r -> {
            if (r.body() != null && !ws.isClosed()) {
                ws.writeTextMessage(new String(r.body(), StandardCharsets.UTF_8));
            }
        }));
        ws.exceptionHandler(e -> { });
        ws.closeHandler(v -> {
            release(key);
            sessions.remove(session);
            metrics.subscriptions(-session.subscriptions.size());
            session.subscriptions.clear();
        });
    }

    /** Called on the backend's callback thread: serialise the head once, hand it to each subscriber. */
    private void block(final CommittedBlock block) {
        if (sessions.isEmpty()) {
            return;
        }
        final Object head = EthFormat.header(block, backend.genesis().maxBlockTransactions());
        notify(SubscriptionKind.NEW_HEADS, head);
    }

    private void pending(final Hash hash) {
        if (!sessions.isEmpty()) {
            notify(SubscriptionKind.NEW_PENDING_TRANSACTIONS, hash.toHex());
        }
    }

    private void notify(final SubscriptionKind kind, final Object result) {
        for (final WsSession s : sessions) {
            for (final Map.Entry<String, SubscriptionKind> sub : s.subscriptions.entrySet()) {
                if (sub.getValue() == kind) {
                    final Map<String, Object> params = new LinkedHashMap<>(2);
                    params.put("subscription", sub.getKey());
                    params.put("result", result);
                    final Map<String, Object> msg = new LinkedHashMap<>(3);
                    msg.put("jsonrpc", "2.0");
                    msg.put("method", "eth_subscription");
                    msg.put("params", params);
                    s.send(RpcDispatcher.write(msg));
                }
            }
        }
    }

    /** One WebSocket and its subscriptions; the map is read by the notifying thread. */
    private final class WsSession implements CallContext.Session {
        private final ServerWebSocket ws;
        private final Map<String, SubscriptionKind> subscriptions = new ConcurrentHashMap<>();

        WsSession(final ServerWebSocket ws) {
            this.ws = ws;
        }

        @Override
        public String subscribe(final SubscriptionKind kind) {
            if (subscriptions.size() >= config.maxSubscriptionsPerConnection()) {
                throw new RpcException(RpcError.LIMIT_EXCEEDED, "this connection already holds "
                    + subscriptions.size() + " subscriptions (limit " + config.maxSubscriptionsPerConnection() + ")");
            }
            final byte[] raw = new byte[16];
            random.nextBytes(raw);
            final String id = "0x" + HexFormat.of().formatHex(raw);
            subscriptions.put(id, kind);
            metrics.subscriptions(1);
            return id;
        }

        @Override
        public boolean unsubscribe(final String id) {
            final boolean removed = subscriptions.remove(id) != null;
            if (removed) {
                metrics.subscriptions(-1);
            }
            return removed;
        }

        /** A subscriber that cannot keep up loses notifications rather than growing the write queue. */
        void send(final byte[] message) {
            if (!ws.isClosed() && !ws.writeQueueFull()) {
                ws.writeTextMessage(new String(message, StandardCharsets.UTF_8));
            }
        }
    }
}
