package io.kairos.node.rpc;

import io.kairos.engine.mempool.MempoolMetrics;
import io.kairos.engine.mempool.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The node's Prometheus metrics, in a registry of their own (never the global default, so several
 * servers in one JVM, as in tests, do not collide). Chain, mempool and consensus figures are read
 * from the {@link RpcBackend} when scraped; RPC figures are counted as calls complete.
 *
 * <p>Thread-safe: the counters and histogram are the Prometheus client's lock-free ones.
 */
public final class RpcMetrics {
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Set<String> knownMethods;
    private final Counter requests;
    private final Counter rateLimited;
    private final Histogram commitLatency;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();

    RpcMetrics(final RpcBackend backend, final Set<String> knownMethods) {
        this.knownMethods = Set.copyOf(knownMethods);
        gauge("kairos_chain_height", "Height of the last committed block.", backend::height);
        CounterWithCallback.builder().name("kairos_committed_transactions_total")
            .help("Transactions committed since the node started; rate() of it is the finalized TPS.")
            .callback(cb -> cb.call(backend.committedTransactions())).register(registry);
        commitLatency = Histogram.builder().name("kairos_commit_latency_seconds")
            .help("Time from a transaction's submission through this node's RPC to its receipt.")
            .classicUpperBounds(LATENCY_BUCKETS).classicOnly().register(registry);
        GaugeWithCallback.builder().name("kairos_mempool_transactions").help("Transactions waiting in the pool.")
            .callback(cb -> cb.call(backend.mempool().size())).register(registry);
        GaugeWithCallback.builder().name("kairos_mempool_size_bytes").help("Encoded bytes of the pooled transactions.")
            .callback(cb -> cb.call(backend.mempool().bytes())).register(registry);
        CounterWithCallback.builder().name("kairos_mempool_admitted_total")
            .help("Transactions the pool accepted, replacements included.")
            .callback(cb -> cb.call(backend.mempool().admitted())).register(registry);
        CounterWithCallback.builder().name("kairos_mempool_rejections_total")
            .help("Transactions refused at admission or that left the pool unincluded, by reason.")
            .labelNames("reason")
            .callback(cb -> {
                final MempoolMetrics.Snapshot s = backend.mempool();
                for (final RejectReason r : RejectReason.values()) {
                    cb.call(s.count(r), r.name());
                }
            }).register(registry);
        requests = Counter.builder().name("kairos_rpc_requests_total")
            .help("JSON-RPC calls by method and outcome (ok, or the error's name).")
            .labelNames("method", "status").register(registry);
        rateLimited = Counter.builder().name("kairos_rpc_rate_limited_total")
            .help("Requests refused by the per-client rate limit.").register(registry);
        gauge("kairos_rpc_connections", "Open HTTP and WebSocket connections.", connections::get);
        gauge("kairos_rpc_subscriptions", "Active WebSocket subscriptions.", subscriptions::get);
        gauge("kairos_consensus_round", "Consensus round of the height being decided (0 on a single validator).",
            () -> backend.status().consensusRound());
        CounterWithCallback.builder().name("kairos_consensus_view_changes_total")
            .help("Round changes since start (0 on a single validator).")
            .callback(cb -> cb.call(backend.status().viewChanges())).register(registry);
        gauge("kairos_peers", "Connected peers (0 on a single validator).", () -> backend.status().peers());
        GaugeWithCallback.builder().name("kairos_journal_sync_latency_seconds")
            .help("Latency of the last journal sync reported by the node (0 when not measured).")
            .callback(cb -> cb.call(backend.status().journalSyncLatencySeconds())).register(registry);
        gauge("kairos_node_ready", "1 when the node is synced and in consensus, else 0.",
            () -> backend.status().ready() ? 1 : 0);
    }

    private void gauge(final String name, final String help, final LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    /** Counts one call; methods the server does not know are counted as "unknown" to bound the labels. */
    void call(final String method, final String status) {
        requests.labelValues(method != null && knownMethods.contains(method) ? method : "unknown", status).inc();
    }

    void rateLimited() {
        rateLimited.inc();
    }

    void commitLatency(final long nanos) {
        commitLatency.observe(nanos / 1e9);
    }

    void connections(final long delta) {
        connections.addAndGet(delta);
    }

    void subscriptions(final long delta) {
        subscriptions.addAndGet(delta);
    }

    String contentType() {
        return writer.getContentType();
    }

    /** The current metrics in the Prometheus text format. */
    byte[] scrape() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The registry, for embedders that add their own metrics to the same endpoint. */
    public PrometheusRegistry registry() {
        return registry;
    }
}
