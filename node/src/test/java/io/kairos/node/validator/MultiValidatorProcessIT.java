package io.kairos.node.validator;

import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.JournalConfig;
import io.kairos.node.cli.KairosCommand;
import io.kairos.node.devnet.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four {@code kairos node} processes from {@code kairos init} on loopback UDP, under load through
 * their JSON-RPC. One validator is killed with SIGKILL and restarted, then the leader of the next
 * height is; each restarted validator replays its journal and catches up through the decisions its
 * peers send. At the end every node stops on SIGTERM with exit code 0, and the four journals hold
 * the same blocks (hash and state root) at every height, with every acknowledged transaction
 * exactly once.
 *
 * <p>Slow (about a minute): run with {@code -DskipITs=false -Dit.test=MultiValidatorProcessIT}.
 */
@Tag("slow")
class MultiValidatorProcessIT {
    private static final int N = 4;
    private static final int SENDERS = 8;

    @TempDir
    Path dir;

    private ProcessCluster cluster;
    private final List<SigningKey> keys = new ArrayList<>();

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
        keys.forEach(SigningKey::destroy);
    }

    /**
     * A base port with {@code count} consecutive free ports (UDP or TCP) after it, in the 7,000 ports
     * from {@code 10_000 + 7_000 * band}: below Linux's ephemeral range (32768 and up), where outgoing
     * connections could take a port between the check and the child's bind, and one band per use.
     */
    private static int freeRange(final int count, final boolean udp, final int band) {
        for (int attempt = 0; attempt < 200; attempt++) {
            final int base = 10_000 + 7_000 * band + (int) ((System.nanoTime() + attempt * 104_729L) % 6_900);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                try {
                    if (udp) {
                        new DatagramSocket(p, InetAddress.getLoopbackAddress()).close();
                    } else {
                        new ServerSocket(p, 1, InetAddress.getLoopbackAddress()).close();
                    }
                } catch (final IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no free port range");
    }

    private static byte[] devnetSeed(final String role, final int index) throws Exception {
        final MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("kairos/devnet-seed/v1\0".getBytes(StandardCharsets.US_ASCII));
        md.update(role.getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(new byte[] {(byte) index, (byte) (index >>> 8), (byte) (index >>> 16), (byte) (index >>> 24)});
        return md.digest();
    }

    /** One sender's state in the load: its node, its next nonce, whether it waits for a resync. */
    private static final class Sender {
        final SigningKey key;
        final int node;
        long nonce;

        Sender(final SigningKey key, final int node) {
            this.key = key;
            this.node = node;
        }
    }

    private RpcClient[] clients;
    private final Map<Hash, Integer> pending = new ConcurrentHashMap<>();
    private final Map<Hash, Long> acknowledged = new ConcurrentHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private volatile boolean loading;

    @Test
    void fourProcessesSurviveKillNineOfAValidatorAndOfTheLeader() throws Exception {
        final int p2p = freeRange(N, true, 0);
        final int rpc = freeRange(N, false, 1);
        final int metrics = freeRange(N, false, 2);
        final Path net = dir.resolve("net");
        final StringWriter initOut = new StringWriter();
        final picocli.CommandLine init = KairosCommand.commandLine();
        init.setOut(new PrintWriter(initOut));
        assertEquals(0, init.execute("init", "--network", "devnet", "--validators", Integer.toString(N), "--out",
            net.toString(), "--scrypt-n", "32768", "--p2p-port", Integer.toString(p2p), "--rpc-port",
            Integer.toString(rpc), "--metrics-port", Integer.toString(metrics)), initOut.toString());
        final Genesis genesis = GenesisJson.parse(Files.readAllBytes(net.resolve("genesis.json")));
        final List<Path> configs = new ArrayList<>();
        clients = new RpcClient[N];
        for (int i = 0; i < N; i++) {
            configs.add(net.resolve("validator-" + i).resolve("node.json"));
            clients[i] = new RpcClient(URI.create("http://127.0.0.1:" + (rpc + i) + "/"), Duration.ofSeconds(5));
        }
        // A snapshot every 20 blocks, so that a wiped validator has one to state-sync from.
        cluster = new ProcessCluster(configs, dir, List.of("--snapshot-interval", "20"));
        for (int i = 0; i < N; i++) {
            cluster.start(i);
        }
        for (int i = 0; i < N; i++) {
            awaitHeight(i, 1, 60);
        }

        // Fund the load's senders from the devnet treasury (its seed is public by design).
        final SigningKey treasury = Ed25519Scheme.INSTANCE.fromSeed(devnetSeed("treasury", 0));
        keys.add(treasury);
        final List<Sender> senders = new ArrayList<>();
        final List<byte[]> funding = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            final SigningKey k = Ed25519Scheme.INSTANCE.fromSeed(devnetSeed("it-load", s));
            keys.add(k);
            senders.add(new Sender(k, s % N));
            funding.add(Transaction.transfer().chainId(genesis.chainId()).nonce(s).fee(1).recipient(k.address())
                .amount(1_000_000_000_000L).sign(treasury).encode());
        }
        final List<Hash> funded = new ArrayList<>();
        for (final RpcClient.Sent sent : clients[0].sendTransactions(funding)) {
            assertTrue(sent.accepted(), "funding transfer admitted: " + sent.error());
            funded.add(sent.hash());
        }
        awaitReceipts(0, funded, 60);

        loading = true;
        final Thread load = Thread.ofPlatform().name("it-load").start(() -> runLoad(genesis.chainId(), senders));
        final Thread poller = Thread.ofPlatform().name("it-acks").start(this::pollAcks);

        Thread.sleep(3_000);
        crashAndRestart(3, senders);
        Thread.sleep(2_000);
        // The round-0 leader of the next height, (h + 1) mod n; not validator 3 again.
        int leader;
        while ((leader = (int) ((clients[0].blockNumber() + 1) % N)) == 3) {
            Thread.sleep(50);
        }
        crashAndRestart(leader, senders);
        Thread.sleep(2_000);
        // A validator loses its whole data directory (not 3, not the leader just restarted).
        int wiped = 0;
        while (wiped == 3 || wiped == leader) {
            wiped++;
        }
        awaitHeight(0, 45, 60);
        wipeAndRestart(wiped, senders, net.resolve("validator-" + wiped).resolve("data"));
        Thread.sleep(2_000);

        loading = false;
        load.join();
        final long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!pending.isEmpty() && System.nanoTime() < drainUntil) {
            Thread.sleep(100);
        }
        poller.interrupt();
        poller.join();
        assertTrue(acknowledged.size() > 50, "the load got transactions through: " + acknowledged.size());

        final int[] codes = cluster.terminateAll(60);
        assertArrayEquals(new int[N], codes, "every node exits 0 on SIGTERM");

        final List<BlockJournal> journals = new ArrayList<>();
        try {
            long common = Long.MAX_VALUE;
            for (int i = 0; i < N; i++) {
                final BlockJournal j = BlockJournal.open(JournalConfig.defaults(
                    net.resolve("validator-" + i).resolve("data").resolve("journal")));
                journals.add(j);
                common = Math.min(common, j.height());
                assertEquals(i == wiped, j.baseHeight() > 0, "validator " + i + "'s journal starts at "
                    + j.baseHeight() + ": only the wiped one state-synced");
            }
            assertTrue(Files.readString(cluster.log(wiped)).contains("state sync: installed the snapshot at height "
                + journals.get(wiped).baseHeight()), "the wiped validator says what it installed");
            long highestAck = 0;
            for (final long ackHeight : acknowledged.values()) {
                highestAck = Math.max(highestAck, ackHeight);
            }
            assertTrue(common >= highestAck, "every node has every acknowledged block: " + common + " < "
                + highestAck);
            final Map<Hash, Integer> seen = new HashMap<>();
            final BlockJournal full = journals.get(wiped == 0 ? 1 : 0);
            for (long height = 1; height <= common; height++) {
                final CommittedBlock first = full.block(height);
                for (final BlockJournal j : journals) {
                    if (height < j.baseHeight()) {
                        continue;
                    }
                    if (height == j.baseHeight()) {
                        assertEquals(first.header(), j.baseHeader(), "the base header at height " + height);
                        continue;
                    }
                    final CommittedBlock b = j.block(height);
                    assertEquals(first.hash(), b.hash(), "block hash at height " + height);
                    assertEquals(first.header().stateRoot(), b.header().stateRoot(), "state root at height " + height);
                }
                for (int t = 0; t < first.transactionCount(); t++) {
                    seen.merge(first.transactionHash(t), 1, Integer::sum);
                }
            }
            for (final Map.Entry<Hash, Long> ack : acknowledged.entrySet()) {
                assertEquals(1, seen.getOrDefault(ack.getKey(), 0), "acknowledged " + ack.getKey() + " once");
            }
            for (final Map.Entry<Hash, Integer> e : seen.entrySet()) {
                assertEquals(1, e.getValue(), "transaction " + e.getKey() + " in one block only");
            }
            System.out.printf("multi-process: %d acknowledged transactions, %d blocks identical on %d nodes, "
                + "killed validator 3 and leader %d, wiped validator %d (state-synced at height %d)%n",
                acknowledged.size(), common, N, leader, wiped, journals.get(wiped).baseHeight());
        } finally {
            for (final BlockJournal j : journals) {
                j.close();
            }
        }
    }

    private void crashAndRestart(final int node, final List<Sender> senders) throws Exception {
        down.add(node);
        cluster.kill9(node);
        Thread.sleep(2_000);
        cluster.start(node);
        final int other = (node + 1) % N;
        final long target = clients[other].blockNumber();
        awaitHeight(node, target, 60);
        // Transactions the killed pool held are gone: its senders go on from their committed nonces.
        for (final Sender s : senders) {
            if (s.node == node) {
                synchronized (s) {
                    s.nonce = nonceOf(node, s.key);
                }
            }
        }
        down.remove(node);
    }

    /** kill -9, delete the data directory, start again: the validator state-syncs, then block-syncs. */
    private void wipeAndRestart(final int node, final List<Sender> senders, final Path data) throws Exception {
        down.add(node);
        cluster.kill9(node);
        try (Stream<Path> files = Files.walk(data)) {
            for (final Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        cluster.start(node);
        final int other = (node + 1) % N;
        awaitHeight(node, clients[other].blockNumber(), 90);
        for (final Sender s : senders) {
            if (s.node == node) {
                synchronized (s) {
                    s.nonce = nonceOf(node, s.key);
                }
            }
        }
        down.remove(node);
    }

    private long nonceOf(final int node, final SigningKey key) throws Exception {
        return clients[node].nonce(key.address());
    }

    /** About 8 transfers every 50 ms, each sender to its own node; a downed node's senders wait. */
    private void runLoad(final long chainId, final List<Sender> senders) {
        long round = 0;
        while (loading) {
            for (int node = 0; node < N; node++) {
                if (down.contains(node)) {
                    continue;
                }
                final List<byte[]> batch = new ArrayList<>();
                final List<Sender> from = new ArrayList<>();
                for (final Sender s : senders) {
                    if (s.node == node) {
                        synchronized (s) {
                            batch.add(Transaction.transfer().chainId(chainId).nonce(s.nonce).fee(1)
                                .recipient(senders.get((int) ((round + 1) % senders.size())).key.address())
                                .amount(1 + round % 100).sign(s.key).encode());
                        }
                        from.add(s);
                    }
                }
                try {
                    final List<RpcClient.Sent> sent = clients[node].sendTransactions(batch);
                    for (int i = 0; i < sent.size(); i++) {
                        if (sent.get(i).accepted()) {
                            pending.put(sent.get(i).hash(), node);
                            synchronized (from.get(i)) {
                                from.get(i).nonce++;
                            }
                        }
                    }
                } catch (final IOException | RuntimeException e) {
                    // The node is being killed or restarted: its senders resync afterwards.
                } catch (final InterruptedException e) {
                    return;
                }
            }
            round++;
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    /** Moves pending transactions to acknowledged once a running node has their receipt. */
    private void pollAcks() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(200);
                int asked = -1;
                for (int i = 0; i < N; i++) {
                    if (!down.contains(i)) {
                        asked = i;
                        break;
                    }
                }
                final List<Hash> hashes = new ArrayList<>(pending.keySet());
                for (int from = 0; from < hashes.size(); from += 500) {
                    final List<Hash> part = hashes.subList(from, Math.min(hashes.size(), from + 500));
                    final long[] heights = clients[asked].receiptHeights(part);
                    for (int i = 0; i < part.size(); i++) {
                        if (heights[i] > 0) {
                            acknowledged.put(part.get(i), heights[i]);
                            pending.remove(part.get(i));
                        }
                    }
                }
            } catch (final InterruptedException e) {
                return;
            } catch (final IOException | RuntimeException e) {
                // A node going down mid-request: ask again next time.
            }
        }
    }

    private void awaitHeight(final int node, final long height, final int seconds) throws Exception {
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                if (clients[node].blockNumber() >= height) {
                    return;
                }
            } catch (final IOException | RuntimeException e) {
                // Not listening yet.
            }
            assertTrue(System.nanoTime() < giveUp, "validator " + node + " did not reach height " + height
                + "; log:\n" + tail(cluster.log(node)));
            Thread.sleep(100);
        }
    }

    private void awaitReceipts(final int node, final List<Hash> hashes, final int seconds) throws Exception {
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            final long[] heights = clients[node].receiptHeights(hashes);
            boolean all = true;
            for (final long h : heights) {
                all &= h > 0;
            }
            if (all) {
                return;
            }
            assertTrue(System.nanoTime() < giveUp, "funding transfers did not commit");
            Thread.sleep(100);
        }
    }

    private static String tail(final Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
