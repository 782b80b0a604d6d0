package io.kairos.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.kairos.engine.TransactionRejectedException;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.mempool.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Parses JSON-RPC 2.0 requests (single or batch), routes each call to its method and serialises
 * the answers. Transport-free, so the HTTP and WebSocket paths and the fuzz test share it.
 *
 * <p>Contract: {@link #handle} never throws and never blocks. Whatever the bytes, it returns a
 * future that completes normally with a response body, or with {@code null} when the request held
 * only notifications (calls without an id), which get no answer.
 *
 * <p>Thread-safe once built: the method table is fixed at construction.
 */
public final class RpcDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RpcDispatcher.class);
    static final ObjectMapper JSON = JsonMapper.builder()
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(64).maxNumberLength(100).maxStringLength(16 * 1024 * 1024).build());
    }

    /** One method: computes its result from the parameters, asynchronously. */
    @FunctionalInterface
    interface Handler extends BiFunction<Params, CallContext, CompletableFuture<?>> {
    }

    /** A registered method and whether it changes node state (needs authentication when auth is on). */
    record Method(String name, boolean write, Handler handler) {
    }

    private final Map<String, Method> methods;
    private final int maxBatch;
    private final boolean authEnabled;
    private final boolean authenticateReads;
    private final Duration callTimeout;
    private final RpcMetrics metrics;
    private final RateLimiter limiter;

    RpcDispatcher(final List<Method> methods, final int maxBatch, final boolean authEnabled,
                  final boolean authenticateReads, final Duration callTimeout, final RpcMetrics metrics,
                  final RateLimiter limiter) {
        final Map<String, Method> m = new LinkedHashMap<>();
        for (final Method method : methods) {
            m.put(method.name(), method);
        }
        this.methods = Collections.unmodifiableMap(m);
        this.maxBatch = maxBatch;
        this.authEnabled = authEnabled;
        this.authenticateReads = authenticateReads;
        this.callTimeout = callTimeout;
        this.metrics = metrics;
        this.limiter = limiter;
    }

    Set<String> methodNames() {
        return methods.keySet();
    }

    /** Outcome of one request: the body to send (null for none) and whether the rate limit refused it. */
    record Response(byte[] body, boolean rateLimited) {
    }

    /** Handles one request body; see the class contract. */
    public CompletableFuture<Response> handle(final byte[] body, final CallContext context) {
        try {
            return handleUnchecked(body, context);
        } catch (final RuntimeException e) {
            LOG.warn("event=rpc_dispatch_failure error={}", e.toString());
            return CompletableFuture.completedFuture(new Response(
                write(error(NullNode.getInstance(), new RpcException(RpcError.INTERNAL, "internal error"))), false));
        }
    }

    private CompletableFuture<Response> handleUnchecked(final byte[] body, final CallContext context) {
        final JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (final JsonProcessingException e) {
            return done(error(NullNode.getInstance(), new RpcException(RpcError.PARSE_ERROR,
                "parse error: " + e.getOriginalMessage())), false);
        } catch (final IOException e) {
            return done(error(NullNode.getInstance(), new RpcException(RpcError.PARSE_ERROR, "parse error")), false);
        }
        if (root == null || root.isMissingNode()) {
            return done(error(NullNode.getInstance(), new RpcException(RpcError.PARSE_ERROR, "parse error: empty body")),
                false);
        }
        if (root.isArray()) {
            if (root.isEmpty()) {
                return done(error(NullNode.getInstance(), new RpcException(RpcError.INVALID_REQUEST,
                    "invalid request: empty batch")), false);
            }
            if (root.size() > maxBatch) {
                return done(error(NullNode.getInstance(), new RpcException(RpcError.LIMIT_EXCEEDED,
                    "batch of " + root.size() + " calls exceeds the limit of " + maxBatch)), false);
            }
            if (!limiter.tryAcquire(context.client(), root.size())) {
                return rateLimited();
            }
            final List<CompletableFuture<Map<String, Object>>> calls = new ArrayList<>(root.size());
            for (final JsonNode call : root) {
                calls.add(call(call, context));
            }
            return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
                final List<Map<String, Object>> out = new ArrayList<>(calls.size());
                for (final CompletableFuture<Map<String, Object>> c : calls) {
                    final Map<String, Object> r = c.join();
                    if (r != null) {
                        out.add(r);
                    }
                }
                return new Response(out.isEmpty() ? null : write(out), false);
            });
        }
        if (!limiter.tryAcquire(context.client(), 1)) {
            return rateLimited();
        }
        return call(root, context).thenApply(r -> new Response(r == null ? null : write(r), false));
    }

    private CompletableFuture<Response> rateLimited() {
        metrics.rateLimited();
        return done(error(NullNode.getInstance(), new RpcException(RpcError.LIMIT_EXCEEDED,
            "rate limit exceeded; slow down and retry")), true);
    }

    private static CompletableFuture<Response> done(final Map<String, Object> response, final boolean rateLimited) {
        return CompletableFuture.completedFuture(new Response(write(response), rateLimited));
    }

    /** One call; completes with its response object, or null for a notification. Never fails. */
    private CompletableFuture<Map<String, Object>> call(final JsonNode call, final CallContext context) {
        if (!call.isObject()) {
            metrics.call(null, RpcError.INVALID_REQUEST.name());
            return CompletableFuture.completedFuture(error(NullNode.getInstance(),
                new RpcException(RpcError.INVALID_REQUEST, "invalid request: a call must be a JSON object")));
        }
        final JsonNode idNode = call.get("id");
        final boolean notification = idNode == null;
        final JsonNode id = idNode == null || !(idNode.isTextual() || idNode.isNumber() || idNode.isNull())
            ? NullNode.getInstance() : idNode;
        final JsonNode version = call.get("jsonrpc");
        final JsonNode methodNode = call.get("method");
        final JsonNode params = call.get("params");
        final String problem;
        if (idNode != null && id != idNode) {
            problem = "id must be a string, a number or null";
        } else if (version == null || !"2.0".equals(version.asText()) || !version.isTextual()) {
            problem = "jsonrpc must be \"2.0\"";
        } else if (methodNode == null || !methodNode.isTextual()) {
            problem = "method must be a string";
        } else if (params != null && !params.isArray() && !params.isNull()) {
            problem = params.isObject() ? "named parameters are not supported; give params as an array"
                : "params must be an array";
        } else {
            problem = null;
        }
        if (problem != null) {
            metrics.call(null, RpcError.INVALID_REQUEST.name());
            return CompletableFuture.completedFuture(error(id, new RpcException(RpcError.INVALID_REQUEST,
                "invalid request: " + problem)));
        }
        final String name = methodNode.asText();
        CompletableFuture<?> result;
        try {
            final Method method = methods.get(name);
            if (method == null) {
                throw new RpcException(RpcError.METHOD_NOT_FOUND, "the method " + Params.quote(name)
                    + " does not exist or is not available");
            }
            if (authEnabled && !context.authenticated() && (method.write() || authenticateReads)) {
                throw new RpcException(RpcError.UNAUTHORIZED, name + " requires authentication: send an API key "
                    + "(X-API-Key) or a bearer token");
            }
            result = method.handler().apply(new Params(name, params == null || params.isNull() ? null : params),
                context);
        } catch (final RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.orTimeout(callTimeout.toNanos(), TimeUnit.NANOSECONDS).handle((value, failure) -> {
            if (failure == null) {
                metrics.call(name, "ok");
                return notification ? null : success(id, value);
            }
            final RpcException e = toRpc(failure);
            metrics.call(name, e.error().name());
            return notification ? null : error(id, e);
        });
    }

    private static Map<String, Object> success(final JsonNode id, final Object result) {
        final Map<String, Object> r = new LinkedHashMap<>(4);
        r.put("jsonrpc", "2.0");
        r.put("id", id);
        r.put("result", result);
        return r;
    }

    static Map<String, Object> error(final JsonNode id, final RpcException e) {
        final Map<String, Object> err = new LinkedHashMap<>(4);
        err.put("code", e.error().code());
        err.put("message", e.getMessage());
        if (e.data() != null) {
            err.put("data", e.data());
        }
        final Map<String, Object> r = new LinkedHashMap<>(4);
        r.put("jsonrpc", "2.0");
        r.put("id", id);
        r.put("error", err);
        return r;
    }

    /** Maps any failure of a call to the error the client sees. */
    static RpcException toRpc(final Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return switch (t) {
            case RpcException e -> e;
            case TransactionRejectedException e -> rejected(e.reason());
            case ValidationException e -> new RpcException(RpcError.INVALID_PARAMS, e.getMessage(),
                Map.of("reason", e.code()));
            case TimeoutException e -> new RpcException(RpcError.INTERNAL, "the node did not answer in time");
            default -> {
                LOG.warn("event=rpc_internal_error error={}", t.toString());
                yield new RpcException(RpcError.INTERNAL, "internal error: " + t.getClass().getSimpleName());
            }
        };
    }

    /** A refused transaction in the wording Ethereum tools recognise, with Kairos's reason in data. */
    static RpcException rejected(final RejectReason reason) {
        final String message = switch (reason) {
            case NONCE_TOO_LOW -> "nonce too low";
            case NONCE_GAP_TOO_LARGE -> "nonce too high";
            case INSUFFICIENT_BALANCE -> "insufficient funds for gas * price + value";
            case FEE_TOO_LOW -> "transaction underpriced";
            case REPLACEMENT_UNDERPRICED -> "replacement transaction underpriced";
            case DUPLICATE -> "already known";
            case POOL_FULL -> "txpool is full";
            case OVERSIZED -> "oversized data";
            case WRONG_CHAIN_ID -> "invalid chain id";
            case BAD_SIGNATURE -> "invalid sender: the signature does not verify";
            case MALFORMED -> "invalid transaction encoding";
            case BUSY -> "node busy: the ingress is full, retry later";
            case SHUTDOWN -> "node shutting down";
            case REPLACED -> "transaction replaced";
            case EVICTED -> "transaction evicted from the pool";
            case EXPIRED -> "transaction expired in the pool";
            case STALE -> "transaction no longer executable";
        };
        return new RpcException(RpcError.TRANSACTION_REJECTED, message,
            Map.of("reason", reason.name(), "detail", new TransactionRejectedException(reason).getMessage()));
    }

    static byte[] write(final Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a response could not be serialised", e);
        }
    }

    static JsonNodeFactory nodes() {
        return JSON.getNodeFactory();
    }
}
