package io.kairos.node.cli;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.mempool.MempoolConfig;
import io.kairos.engine.sequencer.ConsensusStatus;
import io.kairos.journal.SyncPolicy;
import io.kairos.node.devnet.LoadGenerator;
import io.kairos.node.devnet.RpcClient;
import io.kairos.node.devnet.RpcSpreadLoad;
import io.kairos.node.rpc.EngineEthDecoder;
import io.kairos.node.rpc.EngineRpcBackend;
import io.kairos.node.rpc.RpcConfig;
import io.kairos.node.rpc.RpcServer;
import io.kairos.node.validator.LocalCluster;
import io.kairos.node.validator.ProcessCluster;
import io.kairos.node.validator.ValidatorNode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code kairos devnet} with N > 1 validators (the default is 4): a network from {@code kairos init}
 * in the data directory (or a temporary one), one folder per validator, run either as N child
 * processes ({@code kairos node} on loopback UDP, the load over their JSON-RPC) or, with
 * {@code --in-process}, as N {@link ValidatorNode}s over IPC in this JVM (the load straight into
 * their engines). A new devnet funds the load's accounts and the Ethereum dev accounts at genesis;
 * a network from a plain {@code kairos init} gets the load's accounts funded from the devnet
 * treasury at the start. Prints height, finalized TPS, commit latency and each node's height/round
 * once a second; Ctrl-C stops every node cleanly.
 *
 * <p>Threading: one instance runs once, on the command's thread.
 */
final class DevnetNetwork {
    private static final int TERM_BYTES = 32 * 1024 * 1024;
    private static final int CONNECT_SECONDS = 60;

    private final DevnetCommand c;
    private final PrintWriter out;
    private final PrintWriter err;

    DevnetNetwork(final DevnetCommand command, final PrintWriter out, final PrintWriter err) {
        this.c = command;
        this.out = out;
        this.err = err;
    }

    int run() throws Exception {
        final int n = c.validators;
        final boolean temp = c.dataDir == null;
        final Path base = temp ? Files.createTempDirectory("kairos-devnet-") : c.dataDir.toAbsolutePath();
        final List<SigningKey> secrets = new ArrayList<>();
        try {
            final Genesis genesis = genesis(base, n);
            final SigningKey treasury = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.treasurySeed());
            secrets.add(treasury);
            // A devnet this command made funds its load accounts at genesis; a network from a plain
            // 'kairos init' funds none, and they get their tokens from the treasury in its first block.
            final int atGenesis = DevnetCommand.loadAccountsIn(genesis);
            final int count = atGenesis > 0 ? atGenesis : c.accounts;
            final List<SigningKey> accounts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                accounts.add(Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.loadSeed(i)));
            }
            secrets.addAll(accounts);
            out.printf("kairos devnet: %d validators %s, chain %d, genesis %s, data %s%n", n,
                c.inProcess ? "in this process over IPC" : "as child processes on loopback UDP", genesis.chainId(),
                genesis.hash().toHex(), base);
            DevnetCommand.printEthAccounts(out, genesis);
            out.printf("load: %d transfers/s between %d accounts%s, fee %d; %s%n", c.load, count,
                atGenesis > 0 ? " funded at genesis" : "", c.fee,
                c.duration == 0 ? "until Ctrl-C" : "for " + c.duration + " s");
            out.flush();
            final boolean fund = atGenesis == 0;
            return c.inProcess ? inProcess(base, genesis, treasury, accounts, secrets, fund)
                : processes(base, genesis, treasury, accounts, fund);
        } finally {
            for (final SigningKey k : secrets) {
                k.destroy();
            }
            if (temp) {
                deleteTree(base);
            }
        }
    }

    /**
     * The genesis in {@code base}; for a new devnet {@code kairos init} writes it first, with the
     * load's {@code --accounts} and the Ethereum dev accounts funded. {@link DevnetCommand#checkShape}
     * has already refused a {@code base} that holds a devnet of another size.
     */
    private Genesis genesis(final Path base, final int n) throws IOException {
        final Path file = base.resolve(DevnetCommand.GENESIS_FILE);
        if (!Files.exists(file)) {
            final InitCommand init = new InitCommand();
            final List<Address> funded = new ArrayList<>(c.accounts);
            for (int i = 0; i < c.accounts; i++) {
                try (SigningKey k = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.loadSeed(i))) {
                    funded.add(k.address());
                }
            }
            init.devnetLoadAccounts = funded;
            final CommandLine cl = new CommandLine(init);
            cl.setOut(out);
            cl.setErr(err);
            cl.parseArgs("--network", "devnet", "--validators", Integer.toString(n), "--out", base.toString(),
                "--scrypt-n", "32768", "--p2p-port", Integer.toString(c.p2pPort),
                "--rpc-port", Integer.toString(rpcBasePort(n)), "--metrics-port", Integer.toString(c.metricsPort));
            init.call();
        } else {
            out.printf("continuing the devnet in %s%n", base);
        }
        final Genesis g = GenesisJson.parse(Files.readAllBytes(file));
        if (g.validators().size() != n) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, base + " holds a devnet of "
                + g.validators().size() + " validators, not " + n);
        }
        return g;
    }

    /**
     * Validator 0's JSON-RPC port written into the node configs: {@code --rpc-port}, or for 0 (any
     * free port) and -1 (none; the processes still need theirs for the load) the start of a range
     * of N ports that were free a moment ago, or 8545 with {@code --in-process}, which does not use it.
     */
    private int rpcBasePort(final int n) {
        if (c.rpcPort > 0) {
            return c.rpcPort;
        }
        if (c.inProcess) {
            return 8545;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            final int first;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                first = s.getLocalPort();
            } catch (final IOException e) {
                break;
            }
            if (first + n - 1 <= 65_535 && free(first + 1, n - 1)) {
                return first;
            }
        }
        throw new CommandException(CommandError.IO, "found no " + n + " free consecutive loopback ports for JSON-RPC; "
            + "name one with --rpc-port");
    }

    private static boolean free(final int from, final int count) {
        for (int p = from; p < from + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.getLocalPort();
            } catch (final IOException e) {
                return false;
            }
        }
        return true;
    }

    private int inProcess(final Path base, final Genesis genesis, final SigningKey treasury,
                          final List<SigningKey> accounts, final List<SigningKey> secrets,
                          final boolean fund) throws Exception {
        final List<SigningKey> validators = new ArrayList<>();
        for (int i = 0; i < genesis.validators().size(); i++) {
            final SigningKey k = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.validatorSeed(i));
            secrets.add(k);
            if (!k.address().equals(genesis.validators().get(i).address())) {
                throw new CommandException(CommandError.INVALID_ARGUMENT, base + " was not made with the fixed devnet "
                    + "keys (kairos init --random-keys); run it as processes, without --in-process");
            }
            validators.add(k);
        }
        final SyncPolicy policy = NodeCommand.syncPolicy(c.sync);
        final LocalCluster cluster = LocalCluster.start(genesis, validators, base, TERM_BYTES, b -> {
            b.syncPolicy(policy).snapshots(c.snapshotInterval, c.snapshotsKept);
            if (c.verifiers != null) {
                b.verifierThreads(c.verifiers);
            }
        });
        final List<KairosEngine> engines = cluster.nodes().stream().map(ValidatorNode::engine).toList();
        final List<RpcServer> servers = new ArrayList<>();
        final Stopper stopper = new Stopper();
        try {
            if (c.rpcPort != -1) {
                for (int i = 0; i < engines.size(); i++) {
                    final int port = c.rpcPort == 0 ? 0 : c.rpcPort + i;
                    final RpcServer server = new RpcServer(RpcConfig.builder().host(c.rpcHost).port(port).build(),
                        new EngineRpcBackend(engines.get(i), MempoolConfig.DEFAULT.minFee())
                            .peers(cluster.node(i).peerView()).journalSync(cluster.node(i)::journalSyncNanos),
                        new EngineEthDecoder(genesis.chainId(), CodecLimits.DEFAULT));
                    servers.add(server);
                    server.start();
                    out.printf("validator-%d: json-rpc http://%s:%d%n", i, c.rpcHost, server.port());
                }
            }
            if (fund) {
                fundInProcess(engines.getFirst(), genesis, treasury, accounts);
                // A validator still catching up would judge the load against a state without the funding
                // and refuse it; the load starts once every validator has the funding block.
                final long funded = engines.getFirst().height();
                final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (final KairosEngine e : engines) {
                    while (e.height() < funded && System.nanoTime() < giveUp) {
                        Thread.sleep(20);
                    }
                }
            }
            awaitSessions(cluster, stopper);
            final LoadGenerator gen = new LoadGenerator(engines, accounts, c.load, c.fee, c.seed);
            gen.resumeNonces();
            final Thread loadThread = Thread.ofPlatform().name("kairos-load").daemon().start(gen);
            header();
            final long start = System.nanoTime();
            long lastCommitted = engines.getFirst().committedTransactions();
            long lastNanos = start;
            while (!stopper.await()) {
                final long now = System.nanoTime();
                final long committed = engines.getFirst().committedTransactions();
                final StringBuilder nodes = new StringBuilder();
                for (final ValidatorNode v : cluster.nodes()) {
                    final ConsensusStatus s = v.engine().consensusStatus();
                    nodes.append(' ').append(v.engine().height()).append('/').append(s.round());
                }
                line(now - start, engines.getFirst().height(), (committed - lastCommitted) * 1e9 / (now - lastNanos),
                    gen.intervalLatency(), nodes.toString());
                lastCommitted = committed;
                lastNanos = now;
                if (c.duration > 0 && now - start >= TimeUnit.SECONDS.toNanos(c.duration)) {
                    break;
                }
            }
            gen.stop();
            loadThread.join(TimeUnit.SECONDS.toMillis(5));
            // What was submitted gets time to commit before the summary: a transfer waits for its
            // validator's turn to lead, which a validator that is catching up can delay by rounds.
            final long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (gen.committed() + gen.failedInBlock() + rejected(gen) < gen.submitted()
                && System.nanoTime() < drainUntil) {
                Thread.sleep(20);
            }
            final Histogram all = gen.totalLatency();
            out.printf("%nsummary: height %d, submitted %d, committed %d, failed in a block %d, refused %d %s, "
                    + "commit latency ms p50 %.2f p99 %.2f%n", engines.getFirst().height(), gen.submitted(),
                gen.committed(), gen.failedInBlock(), rejected(gen), gen.rejected(), ms(all, 50), ms(all, 99));
        } finally {
            for (final RpcServer server : servers) {
                try {
                    server.close();
                } catch (final RuntimeException e) {
                    err.println("warning: closing JSON-RPC: " + e.getMessage());
                }
            }
            cluster.close();
            stopper.finished();
        }
        return 0;
    }

    /**
     * Waits (at most {@value #CONNECT_SECONDS} s, or until Ctrl-C) until every validator has a transport
     * session with every other: a transfer given to a validator that is not yet connected waits in its
     * pool until it leads a height, so a load started earlier would show seconds of latency that only
     * measure the start.
     */
    private void awaitSessions(final LocalCluster cluster, final Stopper stopper) throws InterruptedException {
        final int peers = cluster.size() - 1;
        final long t0 = System.nanoTime();
        final long giveUp = t0 + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS);
        while (cluster.nodes().stream().anyMatch(v -> v.peersUp() < peers)) {
            if (System.nanoTime() > giveUp || stopper.stopping()) {
                err.printf("warning: after %d s not every validator is connected to every other (peers up: %s); "
                    + "starting the load anyway%n", (System.nanoTime() - t0) / 1_000_000_000L,
                    cluster.nodes().stream().map(v -> Integer.toString(v.peersUp())).toList());
                err.flush();
                return;
            }
            Thread.sleep(20);
        }
        out.printf("validators connected in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
    }

    /** {@link #awaitSessions(LocalCluster, Stopper)} for processes: their {@code net_peerCount}. */
    private void awaitSessions(final List<RpcClient> clients, final Stopper stopper) throws InterruptedException {
        final long t0 = System.nanoTime();
        final long giveUp = t0 + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS);
        final long[] peers = new long[clients.size()];
        while (true) {
            boolean all = true;
            for (int i = 0; i < clients.size(); i++) {
                try {
                    peers[i] = clients.get(i).peerCount();
                } catch (final IOException e) {
                    peers[i] = -1;
                }
                all &= peers[i] == clients.size() - 1;
            }
            if (all) {
                out.printf("validators connected in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                out.flush();
                return;
            }
            if (System.nanoTime() > giveUp || stopper.stopping()) {
                err.printf("warning: after %d s not every validator is connected to every other (peers up: %s); "
                    + "starting the load anyway%n", (System.nanoTime() - t0) / 1_000_000_000L,
                    Arrays.toString(peers));
                err.flush();
                return;
            }
            Thread.sleep(100);
        }
    }

    private static long rejected(final LoadGenerator gen) {
        long n = 0;
        for (final long v : gen.rejected().values()) {
            n += v;
        }
        return n;
    }

    private void fundInProcess(final KairosEngine engine, final Genesis genesis, final SigningKey treasury,
                               final List<SigningKey> accounts) throws Exception {
        final long first = engine.nonce(treasury.address()).get(30, TimeUnit.SECONDS);
        if (first > 0) {
            return;
        }
        final List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            receipts.add(engine.submit(funding(genesis, treasury, i, accounts.get(i)), 10, TimeUnit.SECONDS));
        }
        for (final CompletableFuture<Receipt> r : receipts) {
            r.get(60, TimeUnit.SECONDS);
        }
        out.printf("funded %d load accounts from the treasury%n", accounts.size());
    }

    private Transaction funding(final Genesis genesis, final SigningKey treasury, final int nonce,
                                final SigningKey account) {
        return Transaction.transfer().chainId(genesis.chainId()).nonce(nonce).fee(1).recipient(account.address())
            .amount(Amounts.tokens(DevnetCommand.ACCOUNT_FUNDS_TOKENS)).sign(treasury);
    }

    private int processes(final Path base, final Genesis genesis, final SigningKey treasury,
                          final List<SigningKey> accounts, final boolean fund) throws Exception {
        final int n = genesis.validators().size();
        final List<Path> configs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            configs.add(base.resolve("validator-" + i).resolve("node.json"));
        }
        final List<String> args = new ArrayList<>(List.of("--sync", c.sync, "--snapshot-interval",
            Long.toString(c.snapshotInterval), "--snapshots-kept", Integer.toString(c.snapshotsKept)));
        if (c.verifiers != null) {
            args.add("--verifiers");
            args.add(Integer.toString(c.verifiers));
        }
        final ProcessCluster cluster = new ProcessCluster(configs, base, args);
        final List<RpcClient> clients = new ArrayList<>();
        final Stopper stopper = new Stopper();
        try {
            for (int i = 0; i < n; i++) {
                final var cfg = io.kairos.node.config.NodeConfig.read(configs.get(i));
                clients.add(new RpcClient(URI.create("http://" + cfg.rpcListen().host() + ":" + cfg.rpcListen().port()
                    + "/"), Duration.ofSeconds(10)));
                cluster.start(i);
                out.printf("validator-%d: pid %d, json-rpc %s, log %s%n", i, cluster.pid(i), clients.get(i).uri(),
                    cluster.log(i));
            }
            out.flush();
            for (int i = 0; i < n; i++) {
                awaitRpc(clients.get(i), cluster, i);
            }
            if (fund) {
                fundOverRpc(clients.getFirst(), genesis, treasury, accounts);
                final long funded = clients.getFirst().blockNumber();
                final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (final RpcClient client : clients) {
                    while (client.blockNumber() < funded && System.nanoTime() < giveUp) {
                        Thread.sleep(50);
                    }
                }
            }
            awaitSessions(clients, stopper);
            final RpcSpreadLoad load = new RpcSpreadLoad(clients, accounts, genesis.chainId(), c.load, c.fee, c.seed);
            load.resumeNonces(clients.getFirst());
            // Read before the load starts, so that every block with its transfers is counted.
            long lastHeight = clients.getFirst().blockNumber();
            final Thread loadThread = Thread.ofPlatform().name("kairos-load").daemon().start(load::run);
            final Thread pollThread = Thread.ofPlatform().name("kairos-receipts").daemon().start(load::pollReceipts);
            header();
            final long start = System.nanoTime();
            long lastNanos = start;
            long committed = 0;
            while (!stopper.await()) {
                final long now = System.nanoTime();
                long txs = 0;
                long height = lastHeight;
                try {
                    height = clients.getFirst().blockNumber();
                    for (final long count : clients.getFirst().transactionCounts(lastHeight + 1, height)) {
                        txs += Math.max(0, count);
                    }
                } catch (final IOException e) {
                    // Node 0 busy or gone: this line shows no progress.
                }
                committed += txs;
                final StringBuilder nodes = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    nodes.append(' ').append(cluster.alive(i) ? lastStatus(cluster.log(i)) : "down");
                }
                line(now - start, height, txs * 1e9 / (now - lastNanos), load.intervalLatency(), nodes.toString());
                lastHeight = height;
                lastNanos = now;
                if (c.duration > 0 && now - start >= TimeUnit.SECONDS.toNanos(c.duration)) {
                    break;
                }
            }
            load.stop();
            loadThread.join(TimeUnit.SECONDS.toMillis(5));
            pollThread.join(TimeUnit.SECONDS.toMillis(5));
            // What the nodes admitted gets a few seconds to commit, so that the summary counts it; a
            // Ctrl-C in a terminal has stopped the children as well, and then node 0 soon stops answering.
            final long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (committed < load.submitted() && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
                try {
                    final long height = clients.getFirst().blockNumber();
                    for (final long count : clients.getFirst().transactionCounts(lastHeight + 1, height)) {
                        committed += Math.max(0, count);
                    }
                    lastHeight = height;
                } catch (final IOException e) {
                    break;
                }
            }
            final Histogram all = load.totalLatency();
            out.printf("%nsummary: height %d, submitted %d, committed %d, refused %d, sampled commit latency ms "
                    + "p50 %.2f p99 %.2f%n", lastHeight, load.submitted(), committed, load.refused(), ms(all, 50),
                ms(all, 99));
        } finally {
            final int[] codes = cluster.terminateAll(30);
            out.printf("validators stopped, exit codes %s%n", Arrays.toString(codes));
            out.flush();
            stopper.finished();
        }
        return 0;
    }

    private static void awaitRpc(final RpcClient client, final ProcessCluster cluster, final int i) throws Exception {
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                client.blockNumber();
                return;
            } catch (final IOException e) {
                if (!cluster.alive(i) || System.nanoTime() > giveUp) {
                    throw new CommandException(CommandError.IO, "validator " + i + " did not start; see "
                        + cluster.log(i), e);
                }
                Thread.sleep(200);
            }
        }
    }

    private void fundOverRpc(final RpcClient node, final Genesis genesis, final SigningKey treasury,
                             final List<SigningKey> accounts) throws Exception {
        if (node.nonce(treasury.address()) > 0) {
            return;
        }
        io.kairos.engine.core.Hash last = null;
        for (int from = 0; from < accounts.size(); from += 500) {
            final List<byte[]> batch = new ArrayList<>();
            for (int i = from; i < Math.min(accounts.size(), from + 500); i++) {
                batch.add(funding(genesis, treasury, i, accounts.get(i)).encode());
            }
            for (final RpcClient.Sent s : node.sendTransactions(batch)) {
                if (!s.accepted()) {
                    throw new CommandException(CommandError.IO, "funding the load accounts failed: " + s.error());
                }
                last = s.hash();
            }
        }
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (last != null && node.receiptHeights(List.of(last))[0] < 0) {
            if (System.nanoTime() > giveUp) {
                throw new CommandException(CommandError.IO, "funding the load accounts did not commit in 60 s");
            }
            Thread.sleep(50);
        }
        out.printf("funded %d load accounts from the treasury%n", accounts.size());
    }

    /** "height/round" from the last status line a {@code kairos node} child printed. */
    static String lastStatus(final Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            final long len = f.length();
            final int n = (int) Math.min(len, 4096);
            final byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            final String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                final String[] f2 = lines[i].trim().split("\\s+");
                if (f2.length == 8 && f2[0].endsWith("s") && f2[1].chars().allMatch(Character::isDigit)) {
                    return f2[1] + "/" + f2[2];
                }
            }
        } catch (final IOException e) {
            return "?";
        }
        return "-";
    }

    private void header() {
        out.printf("%8s %8s %10s %8s %8s  %s%n", "time", "height", "final tps", "p50 ms", "p99 ms",
            "nodes height/round");
        out.flush();
    }

    private void line(final long elapsedNanos, final long height, final double tps, final Histogram h,
                      final String nodes) {
        out.printf("%7ds %8d %10.0f %8.2f %8.2f %s%n", elapsedNanos / 1_000_000_000L, height, tps, ms(h, 50),
            ms(h, 99), nodes);
        out.flush();
    }

    private static double ms(final Histogram h, final double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    private static void deleteTree(final Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    /** Ctrl-C / SIGTERM: ends the status loop and holds the JVM until the nodes are closed. */
    private static final class Stopper {
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook;

        Stopper() {
            hook = new Thread(() -> {
                stopped.countDown();
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kairos-devnet-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        boolean stopping() {
            return stopped.getCount() == 0;
        }

        boolean await() throws InterruptedException {
            return stopped.await(1, TimeUnit.SECONDS);
        }

        void finished() {
            finished.countDown();
            if (stopped.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }
}
