package io.kairos.node.devnet;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.ledger.Transaction;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The devnet's load over JSON-RPC, spread over several validator processes: signed transfers at a
 * target rate, account i always to node {@code i % nodes} (so its nonces stay in order in one pool),
 * sent in one {@code kairos_sendTransaction} batch per node and step. Commit latency is sampled: one
 * accepted transfer in {@value #SAMPLE_EVERY} is followed until a receipt appears on its node
 * (polled every {@value #POLL_MILLIS} ms, so latencies are that coarse).
 *
 * <p>{@link #run} on one thread, {@link #pollReceipts} on another; counters from any thread.
 */
public final class RpcSpreadLoad {
    static final int SAMPLE_EVERY = 16;
    static final long POLL_MILLIS = 10;
    private static final long LATENCY_CEILING_NANOS = 60_000_000_000L;
    private static final int MAX_STEP = 500;
    private static final int MAX_TRACKED = 512;

    private final List<RpcClient> nodes;
    private final List<SigningKey> accounts;
    private final Address[] addresses;
    private final long chainId;
    private final long targetTps;
    private final long fee;
    private final SplittableRandom random;
    private final long[] nonces;
    private final LatencyLog latency = new LatencyLog(LATENCY_CEILING_NANOS);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final ConcurrentLinkedQueue<Tracked> tracked = new ConcurrentLinkedQueue<>();
    private final AtomicInteger trackedCount = new AtomicInteger();
    private volatile boolean stop;

    private record Tracked(Hash hash, int node, long sentNanos) {
    }

    public RpcSpreadLoad(final List<RpcClient> nodes, final List<SigningKey> accounts, final long chainId,
                         final long targetTps, final long fee, final long seed) {
        if (accounts.size() < 2 || nodes.isEmpty()) {
            throw new IllegalArgumentException("the load needs at least two accounts and one node");
        }
        this.nodes = List.copyOf(nodes);
        this.accounts = accounts;
        this.addresses = accounts.stream().map(SigningKey::address).toArray(Address[]::new);
        this.chainId = chainId;
        this.targetTps = targetTps;
        this.fee = fee;
        this.random = new SplittableRandom(seed);
        this.nonces = new long[accounts.size()];
    }

    /** Starts every account at its committed nonce as {@code node} sees it (a devnet continued from disk). */
    public void resumeNonces(final RpcClient node) throws IOException, InterruptedException {
        for (int i = 0; i < addresses.length; i++) {
            nonces[i] = node.nonce(addresses[i]);
        }
    }

    /** Submits until {@link #stop()}. */
    public void run() {
        if (targetTps <= 0) {
            return;
        }
        final long start = System.nanoTime();
        long sent = 0;
        int sender = 0;
        final int n = nodes.size();
        final List<List<byte[]>> batches = new ArrayList<>();
        final List<List<Integer>> senders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batches.add(new ArrayList<>());
            senders.add(new ArrayList<>());
        }
        final long[] draft = new long[accounts.size()];
        final boolean[] broken = new boolean[accounts.size()];
        while (!stop) {
            final long due = (System.nanoTime() - start) * targetTps / 1_000_000_000L;
            if (sent >= due) {
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            final int step = (int) Math.min(MAX_STEP, due - sent);
            System.arraycopy(nonces, 0, draft, 0, nonces.length);
            for (int k = 0; k < step; k++) {
                int to = random.nextInt(addresses.length - 1);
                if (to >= sender) {
                    to++;
                }
                final int node = sender % n;
                batches.get(node).add(Transaction.transfer().chainId(chainId).nonce(draft[sender]++).fee(fee)
                    .recipient(addresses[to]).amount(1 + random.nextInt(1000)).sign(accounts.get(sender)).encode());
                senders.get(node).add(sender);
                sender = (sender + 1) % accounts.size();
            }
            for (int node = 0; node < n; node++) {
                final List<byte[]> batch = batches.get(node);
                if (batch.isEmpty()) {
                    continue;
                }
                final long t0 = System.nanoTime();
                try {
                    final List<RpcClient.Sent> results = nodes.get(node).sendTransactions(batch);
                    final List<Integer> from = senders.get(node);
                    for (final int s : from) {
                        broken[s] = false;
                    }
                    for (int i = 0; i < results.size(); i++) {
                        final int s = from.get(i);
                        // After a refusal the sender's later transfers in this batch have a nonce gap:
                        // only an unbroken run advances its nonce, the rest is sent again.
                        if (results.get(i).accepted() && !broken[s]) {
                            nonces[s]++;
                            submitted.incrementAndGet();
                            if (submitted.get() % SAMPLE_EVERY == 0 && trackedCount.get() < MAX_TRACKED) {
                                trackedCount.incrementAndGet();
                                tracked.add(new Tracked(results.get(i).hash(), node, t0));
                            }
                        } else if (!results.get(i).accepted()) {
                            refused.incrementAndGet();
                            broken[s] = true;
                        }
                    }
                } catch (final IOException e) {
                    unreachable.incrementAndGet();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                batch.clear();
                senders.get(node).clear();
            }
            sent += step;
        }
    }

    /** Follows the sampled transfers until their receipts appear; runs until {@link #stop()}. */
    public void pollReceipts() {
        final List<Tracked> round = new ArrayList<>();
        while (!stop) {
            LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
            round.clear();
            Tracked t;
            while ((t = tracked.poll()) != null) {
                round.add(t);
            }
            for (int node = 0; node < nodes.size(); node++) {
                final List<Tracked> mine = new ArrayList<>();
                final List<Hash> hashes = new ArrayList<>();
                for (final Tracked x : round) {
                    if (x.node() == node) {
                        mine.add(x);
                        hashes.add(x.hash());
                    }
                }
                if (mine.isEmpty()) {
                    continue;
                }
                long[] heights;
                try {
                    heights = nodes.get(node).receiptHeights(hashes);
                } catch (final IOException e) {
                    heights = null;
                } catch (final InterruptedException e) {
                    return;
                }
                final long now = System.nanoTime();
                for (int i = 0; i < mine.size(); i++) {
                    final Tracked x = mine.get(i);
                    if (heights != null && heights[i] > 0) {
                        latency.record(now - x.sentNanos());
                        trackedCount.decrementAndGet();
                    } else if (now - x.sentNanos() > LATENCY_CEILING_NANOS) {
                        trackedCount.decrementAndGet();
                    } else {
                        tracked.add(x);
                    }
                }
            }
        }
    }

    public void stop() {
        stop = true;
    }

    /** Sampled commit latencies since the previous call (nanoseconds). */
    public Histogram intervalLatency() {
        return latency.interval();
    }

    public Histogram totalLatency() {
        return latency.total();
    }

    /** Transfers the nodes admitted. */
    public long submitted() {
        return submitted.get();
    }

    /** Transfers a node refused (full pool, nonce trouble): sent again with the same nonce. */
    public long refused() {
        return refused.get();
    }

    /** Batches that found their node unreachable. */
    public long unreachable() {
        return unreachable.get();
    }
}
