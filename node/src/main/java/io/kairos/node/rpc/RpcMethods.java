package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.engine.KairosEngine.CommittedTransaction;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisValidator;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.MempoolMetrics;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.node.rpc.CallContext.SubscriptionKind;
import io.kairos.node.rpc.RpcDispatcher.Method;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The method table: the Ethereum-compatible {@code eth_}, {@code net_} and {@code web3_} methods
 * and Kairos's own {@code kairos_} methods, each over the {@link RpcBackend}. Every handler
 * returns at once with a future composed on the backend's futures; none blocks. Thread-safe.
 */
final class RpcMethods {
    /** Most blocks eth_feeHistory reports on in one call. */
    static final int MAX_FEE_HISTORY_BLOCKS = 1024;

    private final RpcBackend backend;
    private final RawTransactionDecoder decoder;
    private final String clientVersion;
    private final Consumer<Hash> pendingListener;
    private final RpcMetrics metrics;
    private final LongSupplier nanoClock;
    private final Genesis genesis;

    RpcMethods(final RpcBackend backend, final RawTransactionDecoder decoder, final String clientVersion,
               final Consumer<Hash> pendingListener, final RpcMetrics metrics, final LongSupplier nanoClock) {
        this.backend = backend;
        this.decoder = decoder;
        this.clientVersion = clientVersion;
        this.pendingListener = pendingListener;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.genesis = backend.genesis();
    }

    /** The names every server registers, for the metrics' label set before the table exists. */
    static List<String> names() {
        return List.of("eth_chainId", "net_version", "net_listening", "net_peerCount", "web3_clientVersion",
            "eth_blockNumber", "eth_getBalance", "eth_getTransactionCount", "eth_gasPrice", "eth_maxPriorityFeePerGas",
            "eth_feeHistory", "eth_estimateGas", "eth_call", "eth_sendRawTransaction", "eth_getTransactionByHash",
            "eth_getTransactionReceipt", "eth_getBlockByNumber", "eth_getBlockByHash",
            "eth_getBlockTransactionCountByNumber", "eth_getBlockTransactionCountByHash", "eth_getCode",
            "eth_syncing", "eth_accounts", "eth_subscribe", "eth_unsubscribe", "kairos_sendTransaction",
            "kairos_getAccountProof", "kairos_validators", "kairos_mempoolStatus", "kairos_nodeStatus");
    }

    List<Method> methods() {
        final List<Method> m = new ArrayList<>();
        none(m, "eth_chainId", (p, c) -> done(EthFormat.quantity(genesis.chainId())));
        none(m, "net_version", (p, c) -> done(Long.toString(genesis.chainId())));
        none(m, "net_listening", (p, c) -> done(Boolean.TRUE));
        none(m, "net_peerCount", (p, c) -> done(EthFormat.quantity(backend.status().peers())));
        none(m, "web3_clientVersion", (p, c) -> done(clientVersion));
        none(m, "eth_blockNumber", (p, c) -> done(EthFormat.quantity(backend.height())));
        read(m, "eth_getBalance", (p, c) -> {
            final Address a = p.atMost(2).address(0);
            latestOnly(p, 1);
            return backend.balance(a).thenApply(EthFormat::wei);
        });
        read(m, "eth_getTransactionCount", (p, c) -> {
            final Address a = p.atMost(2).address(0);
            if (p.isPending(1)) {
                return backend.pendingNonce(a).thenApply(EthFormat::quantity);
            }
            latestOnly(p, 1);
            return backend.nonce(a).thenApply(EthFormat::quantity);
        });
        read(m, "eth_getCode", (p, c) -> {
            p.atMost(2).address(0);
            latestOnly(p, 1);
            return done("0x");
        });
        none(m, "eth_accounts", (p, c) -> done(List.of()));
        none(m, "eth_gasPrice", (p, c) -> done(EthFormat.quantity(EthFormat.gasPrice(backend.minFee()))));
        none(m, "eth_maxPriorityFeePerGas", (p, c) -> done(EthFormat.quantity(EthFormat.gasPrice(backend.minFee()))));
        read(m, "eth_feeHistory", this::feeHistory);
        read(m, "eth_estimateGas", (p, c) -> {
            p.atMost(2);
            checkPlainCall(p.node(0), "eth_estimateGas");
            return done(EthFormat.quantity(EthFormat.TRANSFER_GAS));
        });
        read(m, "eth_call", (p, c) -> {
            p.atMost(2);
            checkPlainCall(p.node(0), "eth_call");
            latestOnly(p, 1);
            return done("0x");
        });
        write(m, "eth_sendRawTransaction", (p, c) -> {
            if (decoder == null) {
                throw new RpcException(RpcError.UNSUPPORTED, "this node has no Ethereum transaction decoder "
                    + "(secp256k1-eth); submit native transactions with kairos_sendTransaction");
            }
            final byte[] raw = p.atMost(1).bytes(0, "a signed transaction");
            final Transaction tx = decoder.decode(raw);
            return submit(tx.encode(), tx.hash());
        });
        write(m, "kairos_sendTransaction", (p, c) -> {
            final byte[] encoded = p.atMost(1).bytes(0, "an encoded Kairos transaction");
            final Transaction tx;
            try {
                tx = Transaction.decode(encoded, CodecLimits.DEFAULT);
            } catch (final ValidationException e) {
                throw new RpcException(RpcError.INVALID_PARAMS, "not a Kairos transaction: " + e.getMessage(),
                    Map.of("reason", e.code()));
            }
            return submit(encoded, tx.hash());
        });
        read(m, "eth_getTransactionByHash", (p, c) -> {
            final Hash h = p.atMost(1).hash(0);
            return backend.transaction(h).thenCompose(found -> found.isEmpty() ? done(null)
                : withBlock(found.get(), (ct, block) -> EthFormat.transaction(ct.transaction(), h, block.hash(),
                    block.height(), ct.receipt().index(), decoder)));
        });
        read(m, "eth_getTransactionReceipt", (p, c) -> {
            final Hash h = p.atMost(1).hash(0);
            return backend.transaction(h).thenCompose(found -> found.isEmpty() ? done(null)
                : withBlock(found.get(), (ct, block) -> EthFormat.receipt(ct.transaction(), ct.receipt(), block.hash(),
                    decoder)));
        });
        read(m, "eth_getBlockByNumber", (p, c) -> {
            final long n = p.atMost(2).blockNumber(0, backend.height());
            final boolean full = p.bool(1, false);
            return backend.block(n).thenApply(b -> b.map(block -> blockJson(block, full)).orElse(null));
        });
        read(m, "eth_getBlockByHash", (p, c) -> {
            final Hash h = p.atMost(2).hash(0);
            final boolean full = p.bool(1, false);
            return backend.blockByHash(h).thenApply(b -> b.map(block -> blockJson(block, full)).orElse(null));
        });
        read(m, "eth_getBlockTransactionCountByNumber", (p, c) -> {
            final long n = p.atMost(1).blockNumber(0, backend.height());
            return backend.block(n).thenApply(b -> b.map(block -> EthFormat.quantity(block.transactionCount()))
                .orElse(null));
        });
        read(m, "eth_getBlockTransactionCountByHash", (p, c) -> {
            final Hash h = p.atMost(1).hash(0);
            return backend.blockByHash(h).thenApply(b -> b.map(block -> EthFormat.quantity(block.transactionCount()))
                .orElse(null));
        });
        none(m, "eth_syncing", (p, c) -> {
            final NodeStatus s = backend.status();
            if (!s.syncing()) {
                return done(Boolean.FALSE);
            }
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("startingBlock", EthFormat.quantity(0));
            r.put("currentBlock", EthFormat.quantity(s.height()));
            r.put("highestBlock", EthFormat.quantity(s.highestKnownHeight()));
            return done(r);
        });
        read(m, "eth_subscribe", (p, c) -> {
            if (c.session() == null) {
                throw new RpcException(RpcError.METHOD_NOT_FOUND,
                    "eth_subscribe needs a WebSocket connection (notifications cannot be sent over HTTP)");
            }
            final String kind = p.atMost(1).text(0, "a subscription type");
            final SubscriptionKind k = SubscriptionKind.of(kind);
            if (k == null) {
                throw Params.invalid("unsupported subscription " + Params.quote(kind)
                    + "; this node offers newHeads and newPendingTransactions");
            }
            return done(c.session().subscribe(k));
        });
        read(m, "eth_unsubscribe", (p, c) -> {
            if (c.session() == null) {
                throw new RpcException(RpcError.METHOD_NOT_FOUND, "eth_unsubscribe needs a WebSocket connection");
            }
            return done(c.session().unsubscribe(p.atMost(1).text(0, "a subscription id")));
        });
        read(m, "kairos_getAccountProof", (p, c) -> {
            final Address a = p.atMost(1).address(0);
            return backend.proof(a).thenApply(ap -> {
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("address", a.toHex());
                r.put("blockNumber", EthFormat.quantity(ap.height()));
                r.put("stateRoot", ap.stateRoot().toHex());
                r.put("kind", ap.proof().kind().name());
                r.put("depth", ap.proof().depth());
                r.put("balance", EthFormat.wei(ap.proof().balance()));
                r.put("nonce", EthFormat.quantity(ap.proof().nonce()));
                if (ap.proof().otherAddress() != null) {
                    r.put("otherAddress", ap.proof().otherAddress().toHex());
                }
                r.put("proof", EthFormat.data(ap.proof().encode()));
                return r;
            });
        });
        none(m, "kairos_validators", (p, c) -> {
            final List<Map<String, Object>> out = new ArrayList<>();
            for (final GenesisValidator v : genesis.validators()) {
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", v.name().orElse(null));
                r.put("address", v.address().toHex());
                r.put("scheme", v.scheme().label());
                r.put("publicKey", EthFormat.data(v.publicKey()));
                r.put("stake", EthFormat.wei(v.stake()));
                r.put("networkAddress", v.networkAddress());
                out.add(r);
            }
            return done(out);
        });
        none(m, "kairos_mempoolStatus", (p, c) -> {
            final MempoolMetrics.Snapshot s = backend.mempool();
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("size", s.size());
            r.put("bytes", s.bytes());
            r.put("admitted", s.admitted());
            r.put("included", s.included());
            final Map<String, Object> refused = new LinkedHashMap<>();
            for (final RejectReason reason : RejectReason.values()) {
                refused.put(reason.name(), s.count(reason));
            }
            r.put("rejected", refused);
            r.put("minFee", EthFormat.wei(backend.minFee()));
            return done(r);
        });
        none(m, "kairos_nodeStatus", (p, c) -> {
            final NodeStatus s = backend.status();
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("clientVersion", clientVersion);
            r.put("chainId", genesis.chainId());
            r.put("network", genesis.network().label());
            r.put("genesisHash", genesis.hash().toHex());
            r.put("height", s.height());
            r.put("highestKnownHeight", s.highestKnownHeight());
            r.put("syncing", s.syncing());
            r.put("inConsensus", s.inConsensus());
            r.put("ready", s.ready());
            r.put("peers", s.peers());
            r.put("consensusRound", s.consensusRound());
            r.put("viewChanges", s.viewChanges());
            r.put("committedTransactions", backend.committedTransactions());
            return done(r);
        });
        return m;
    }

    private static void read(final List<Method> m, final String name, final RpcDispatcher.Handler h) {
        m.add(new Method(name, false, h));
    }

    /** A method without parameters: any given are refused rather than ignored. */
    private static void none(final List<Method> m, final String name, final RpcDispatcher.Handler h) {
        m.add(new Method(name, false, (p, c) -> h.apply(p.atMost(0), c)));
    }

    private static void write(final List<Method> m, final String name, final RpcDispatcher.Handler h) {
        m.add(new Method(name, true, h));
    }

    private static <T> CompletableFuture<T> done(final T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Kairos keeps only the newest state: a state query for another block is refused, not answered wrongly. */
    private void latestOnly(final Params p, final int index) {
        if (!p.has(index)) {
            return;
        }
        final long latest = backend.height();
        final long n = p.blockNumber(index, latest);
        if (n != latest) {
            throw new RpcException(RpcError.UNSUPPORTED, "state at block " + n + " is not kept; this node answers "
                + "for the latest block (" + latest + ") only");
        }
    }

    /** Refuses a call object that asks for contract execution or a value that is not whole units. */
    private static void checkPlainCall(final JsonNode call, final String method) {
        if (!call.isObject()) {
            throw Params.invalid("parameter 0 of " + method + " must be a call object");
        }
        for (final String field : new String[] {"data", "input"}) {
            final JsonNode d = call.get(field);
            if (d != null && !d.isNull() && !(d.isTextual() && (d.asText().equals("0x") || d.asText().isEmpty()))) {
                throw new RpcException(RpcError.UNSUPPORTED, method + " with call data is not supported: Kairos has no "
                    + "contracts yet; only plain value transfers (no data) can be estimated");
            }
        }
        for (final String field : new String[] {"from", "to"}) {
            final JsonNode a = call.get(field);
            if (a != null && !a.isNull()) {
                Params.address(a.isTextual() ? a.asText() : a.toString(), field + " of " + method);
            }
        }
        final JsonNode value = call.get("value");
        if (value != null && !value.isNull()) {
            final BigInteger wei = Params.quantity(value, "value of " + method);
            try {
                Amounts.fromWei(wei);
            } catch (final ValidationException e) {
                throw new RpcException(RpcError.INVALID_PARAMS, "value " + wei + " wei cannot be transferred: "
                    + e.getMessage(), Map.of("reason", e.code()));
            }
        }
    }

    /**
     * Submits and answers with the hash once the pool took the transaction; a refusal is a -32000
     * error naming the reason. Commit latency is measured from here to the receipt.
     */
    private CompletableFuture<Object> submit(final byte[] encoded, final Hash hash) {
        final long start = nanoClock.getAsLong();
        final RpcBackend.Submission s = backend.submit(encoded);
        s.committed().thenAccept(r -> metrics.commitLatency(nanoClock.getAsLong() - start));
        return s.admitted().thenApply(v -> {
            pendingListener.accept(hash);
            return hash.toHex();
        });
    }

    private interface BlockJoin {
        Object apply(CommittedTransaction tx, CommittedBlock block);
    }

    private CompletableFuture<Object> withBlock(final CommittedTransaction ct, final BlockJoin join) {
        return backend.block(ct.receipt().blockHeight()).thenApply((Optional<CommittedBlock> b) ->
            b.map(block -> join.apply(ct, block)).orElse(null));
    }

    private Map<String, Object> blockJson(final CommittedBlock block, final boolean full) {
        final List<Transaction> txs = full ? block.toBlock(CodecLimits.DEFAULT).transactions() : null;
        return EthFormat.block(block, genesis.maxBlockTransactions(), txs, decoder);
    }

    private CompletableFuture<Object> feeHistory(final Params p, final CallContext c) {
        p.atMost(3);
        final long count = p.quantity(0);
        if (count < 1 || count > MAX_FEE_HISTORY_BLOCKS) {
            throw Params.invalid("block count of eth_feeHistory must be 1.." + MAX_FEE_HISTORY_BLOCKS + ", got " + count);
        }
        final long height = backend.height();
        final long newest = Math.min(p.blockNumber(1, height), height);
        final List<Double> percentiles = new ArrayList<>();
        if (p.has(2)) {
            final JsonNode ps = p.node(2);
            if (!ps.isArray() || ps.size() > 100) {
                throw Params.invalid("reward percentiles of eth_feeHistory must be an array of at most 100 numbers");
            }
            double last = -1;
            for (final JsonNode n : ps) {
                if (!n.isNumber() || n.asDouble() < 0 || n.asDouble() > 100 || n.asDouble() < last) {
                    throw Params.invalid("reward percentiles must be increasing numbers from 0 to 100");
                }
                last = n.asDouble();
                percentiles.add(last);
            }
        }
        final long oldest = Math.max(1, newest - count + 1);
        if (newest < 1) {
            throw new RpcException(RpcError.RESOURCE_NOT_FOUND, "no blocks yet");
        }
        final List<CompletableFuture<Optional<CommittedBlock>>> blocks = new ArrayList<>();
        for (long h = oldest; h <= newest; h++) {
            blocks.add(backend.block(h));
        }
        final String tip = EthFormat.quantity(EthFormat.gasPrice(backend.minFee()));
        final long max = genesis.maxBlockTransactions();
        return CompletableFuture.allOf(blocks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            final List<String> baseFees = new ArrayList<>();
            final List<Double> ratios = new ArrayList<>();
            final List<List<String>> rewards = new ArrayList<>();
            for (final CompletableFuture<Optional<CommittedBlock>> f : blocks) {
                final Optional<CommittedBlock> b = f.join();
                baseFees.add("0x0");
                ratios.add(b.map(block -> (double) block.transactionCount() / max).orElse(0.0));
                rewards.add(percentiles.stream().map(x -> tip).toList());
            }
            baseFees.add("0x0");
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("oldestBlock", EthFormat.quantity(oldest));
            r.put("baseFeePerGas", baseFees);
            r.put("gasUsedRatio", ratios);
            if (!percentiles.isEmpty()) {
                r.put("reward", rewards);
            }
            return r;
        });
    }
}
