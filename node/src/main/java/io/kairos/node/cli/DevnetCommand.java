package io.kairos.node.cli;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.eth.EthDevAccounts;
import io.kairos.engine.genesis.Allocation;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisBuilder;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.mempool.MempoolConfig;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.StateRecovery;
import io.kairos.engine.state.snapshot.Snapshotter;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.JournalConfig;
import io.kairos.journal.RecoveryReport;
import io.kairos.journal.SyncPolicy;
import io.kairos.journal.consensus.CertificateJournal;
import io.kairos.journal.safety.ConsensusSafetyStore;
import io.kairos.journal.safety.SafetyRecordFile;
import io.kairos.journal.snapshot.SnapshotFiles;
import io.kairos.node.data.DataDirectory;
import io.kairos.node.devnet.LoadGenerator;
import io.kairos.node.rpc.EngineEthDecoder;
import io.kairos.node.rpc.EngineRpcBackend;
import io.kairos.node.rpc.RpcConfig;
import io.kairos.node.rpc.RpcServer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code kairos devnet}: a local devnet with a built-in load generator submitting real signed
 * transfers. By default four validators ({@link DevnetNetwork}: child processes on loopback UDP, or
 * {@code --in-process} over IPC); {@code --validators 1} runs one validator in this JVM, in memory
 * or on {@code --data-dir}, its load straight through the ingress. Prints a status line once a
 * second and a summary at the end; Ctrl-C stops it cleanly (the summary still prints).
 *
 * <p>Accounts, validators and the treasury come from the fixed devnet seeds, so every run starts
 * from the same balances; only the genesis time differs.
 */
@Command(name = "devnet", mixinStandardHelpOptions = true,
    description = "Run a local devnet (4 validators unless --validators says otherwise) with a built-in load "
        + "generator.")
public final class DevnetCommand implements Callable<Integer> {
    static final int MAX_ACCOUNTS = 100_000;
    static final int MAX_VALIDATORS = 100;
    /** Validators of a devnet without {@code --validators}: the smallest set that tolerates a fault (3f + 1). */
    static final int DEFAULT_VALIDATORS = 4;
    static final long ACCOUNT_FUNDS_TOKENS = 1_000;
    /** Ethereum dev accounts funded at genesis (secp256k1 keys from EthDevAccounts' documented seed). */
    static final int ETH_DEV_ACCOUNTS = 10;
    static final long ETH_DEV_FUNDS_TOKENS = 10_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--load", defaultValue = "2000", paramLabel = "TPS",
        description = "Transfers per second to submit; 0 for none (default: ${DEFAULT-VALUE}).")
    long load;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "S",
        description = "Seconds to run; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--accounts", defaultValue = "1000", paramLabel = "N",
        description = "Funded accounts the load sends between, 2..100000 (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--fee", defaultValue = "1", paramLabel = "UNITS",
        description = "Fee of each load transfer in units of 10^-9 token (default: ${DEFAULT-VALUE}).")
    long fee;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
        description = "Seed of the load's random recipients and amounts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rpc-port", defaultValue = "8545", paramLabel = "PORT",
        description = "JSON-RPC over HTTP and WebSocket: validator 0 on this port, validator i on PORT+i; 0 picks free "
            + "ports, -1 turns it off (validator processes keep theirs: the load goes through it) (default: "
            + "${DEFAULT-VALUE}). A network keeps the ports of its first run (its node.json files).")
    int rpcPort;

    @Option(names = "--rpc-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
        description = "Address the JSON-RPC server listens on (default: ${DEFAULT-VALUE}; anything but loopback "
            + "needs authentication, see docs/api.md).")
    String rpcHost;

    @Option(names = "--verifiers", paramLabel = "N",
        description = "Signature verification threads (default: cores - 1, at least 1).")
    Integer verifiers;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Keep the devnet on disk in DIR: for N > 1 validators the genesis, keystores and one folder per "
            + "validator (validator-i/node.json, validator-i/data, validator-i.log), for 1 the genesis and journal "
            + "in DIR itself. A later run on DIR with the same --validators replays, proves and continues the chain. "
            + "Default: a temporary folder deleted at the end (N > 1), memory only (1).")
    Path dataDir;

    @Option(names = "--sync", defaultValue = "batch", paramLabel = "POLICY",
        description = "Journal sync policy with --data-dir: none, batch or every-block (default: ${DEFAULT-VALUE}; "
            + "see docs/journal.md for what each survives).")
    String sync;

    @Option(names = "--snapshot-interval", defaultValue = "10000", paramLabel = "BLOCKS",
        description = "With --data-dir, snapshot the state every BLOCKS blocks; a restart loads the newest "
            + "snapshot and replays only the blocks after it (default: ${DEFAULT-VALUE}).")
    long snapshotInterval;

    @Option(names = "--snapshots-kept", defaultValue = "3", paramLabel = "K",
        description = "With --data-dir, how many snapshots to keep, newest first (default: ${DEFAULT-VALUE}).")
    int snapshotsKept;

    @Option(names = "--validators", defaultValue = "" + DEFAULT_VALIDATORS, paramLabel = "N",
        description = "Validators, 1..100 (default: ${DEFAULT-VALUE}). With N > 1 the network comes from 'kairos init' in "
            + "--data-dir (one folder per validator) or a temporary folder, and runs as N 'kairos node' processes on "
            + "loopback UDP, or with --in-process as N validators in this JVM over IPC. 1 runs one validator in this "
            + "JVM.")
    int validators;

    @Option(names = "--in-process",
        description = "Run the N > 1 validators in this JVM over Aeron IPC instead of as 'kairos node' processes.")
    boolean inProcess;

    @Option(names = "--p2p-port", defaultValue = "7100", paramLabel = "PORT",
        description = "Validator processes: consensus UDP port of validator 0, validator i uses PORT+i (default: "
            + "${DEFAULT-VALUE}).")
    int p2pPort;

    @Option(names = "--metrics-port", defaultValue = "9100", paramLabel = "PORT", hidden = true,
        description = "With --validators N > 1: metrics port of validator 0 written into the node configs.")
    int metricsPort;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (rpcPort < -1 || rpcPort > 65_535) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--rpc-port must be -1 (off), 0 (any free "
                + "port) or 1..65535, got " + rpcPort);
        }
        if (load < 0 || duration < 0 || accounts < 2 || accounts > MAX_ACCOUNTS || fee < 1
            || snapshotInterval < 1 || snapshotsKept < 1) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--load and --duration must be >= 0, "
                + "--accounts 2.." + MAX_ACCOUNTS + ", --fee, --snapshot-interval and --snapshots-kept >= 1");
        }
        if (validators < 1 || validators > MAX_VALIDATORS) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--validators must be 1.." + MAX_VALIDATORS
                + ", got " + validators);
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (validators > 1) {
            syncPolicy();
            if (dataDir != null) {
                checkShape(dataDir, validators);
            }
            return new DevnetNetwork(this, out, spec.commandLine().getErr()).run();
        }
        final SyncPolicy syncPolicy = syncPolicy();
        if (dataDir != null) {
            checkShape(dataDir, 1);
        }
        final SigningKey validator = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.validatorSeed(0));
        final DataDirectory data = dataDir == null ? null : DataDirectory.open(dataDir);
        BlockJournal journal = null;
        ConsensusSafetyStore safety = null;
        CertificateJournal certificates = null;
        final List<SigningKey> keys = new ArrayList<>(accounts);
        final KairosEngine engine;
        try {
            final Genesis genesis = data == null ? null : storedGenesis(data.path(), out);
            if (genesis != null) {
                accounts = loadAccountsIn(genesis);
            }
            for (int i = 0; i < accounts; i++) {
                keys.add(Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.loadSeed(i)));
            }
            final Genesis g = genesis != null ? genesis : genesis(validator, keys);
            if (data != null && genesis == null) {
                Files.writeString(data.path().resolve(GENESIS_FILE), GenesisJson.write(g));
            }
            KairosEngine.Builder builder = KairosEngine.builder(g)
                .validator(validator)
                .clocks(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE)
                .hashSeed(new SecureRandom().nextLong());
            if (verifiers != null) {
                builder = builder.pipeline(io.kairos.engine.pipeline.PipelineConfig.defaults(g.chainId())
                    .withVerifierThreads(verifiers));
            }
            if (data != null) {
                journal = BlockJournal.open(JournalConfig.defaults(data.path().resolve("journal"))
                    .withSyncPolicy(syncPolicy));
                if (!journal.setAsideFiles().isEmpty()) {
                    out.println("journal: set aside queue files a crash left without a header (they held no "
                        + "records): " + journal.setAsideFiles());
                }
                if (journal.indexReport().rebuilt() && journal.indexReport().journalHeight() > 0) {
                    out.println(journal.indexReport().describe());
                }
                final RecoveryReport report = journal.recoveryReport();
                if (report.cutCount() > 0) {
                    out.println("journal: " + report.describe());
                }
                // Consensus remembers what it signed and keeps its commit certificates beside the journal.
                safety = ConsensusSafetyStore.open(data.path(), g.hash(), journal.height(), syncPolicy);
                certificates = CertificateJournal.open(data.path(), g.hash(), g.validators().size(), syncPolicy);
                builder = builder.blockStore(journal).safetyStore(safety).certificateStore(certificates).snapshots(
                    SnapshotFiles.open(data.path().resolve(SNAPSHOT_DIR), snapshotsKept), snapshotInterval);
            }
            engine = builder.build();
            final StateRecovery.Result recovery = engine.recovery();
            if (recovery.replay().height() > 0 || !recovery.skipped().isEmpty()) {
                out.println("recovery from " + data.path() + ": " + recovery.describe());
            }
        } catch (final IOException e) {
            closeQuietly(certificates, safety, journal, data);
            throw new CommandException(CommandError.IO, "cannot write the devnet genesis: " + e.getMessage(), e);
        } catch (final RuntimeException e) {
            closeQuietly(certificates, safety, journal, data);
            throw e;
        }
        final Genesis genesis = engine.genesis();

        out.printf("kairos devnet: chain %d, genesis %s, validator %s%n", genesis.chainId(),
            genesis.hash().toHex(), validator.address().toHex());
        out.printf("consensus: BFT with %d validator(s), quorum %d%s%n", genesis.validators().size(),
            ValidatorSet.of(genesis).quorum(), safety == null ? ", safety record in memory"
                : ", safety record " + data.path().resolve(SafetyRecordFile.FILE_NAME));
        printEthAccounts(out, genesis);
        out.printf("load: %d transfers/s between %d accounts, fee %d; %s%n", load, accounts, fee,
            duration == 0 ? "until Ctrl-C" : "for " + duration + " s");

        final LoadGenerator generator = new LoadGenerator(engine, keys, load, fee, seed);
        engine.start();
        final BlockJournal synced = journal;
        final RpcServer rpc = startRpc(engine, out, synced == null ? () -> 0 : synced::lastSyncNanos);
        out.printf("%8s %8s %10s %10s %10s %9s %9s%n", "time", "height", "final tps", "p50 ms", "p99 ms",
            "mempool", "rejected");
        out.flush();
        if (engine.height() > 0) {
            generator.resumeNonces();
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kairos-devnet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        final Thread loadThread = Thread.ofPlatform().name("kairos-load").daemon().start(generator);
        final long startNanos = System.nanoTime();
        long lastCommitted = 0;
        long lastNanos = startNanos;
        int status = 0;
        try {
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                if (engine.failure().isPresent()) {
                    final Throwable cause = engine.failure().get();
                    // Not bad input but a broken invariant or store: the full trace is what an operator needs.
                    final PrintWriter err = spec.commandLine().getErr();
                    err.println("FATAL: the engine stopped producing blocks: " + cause);
                    cause.printStackTrace(err);
                    err.flush();
                    status = 1;
                    break;
                }
                final long now = System.nanoTime();
                final long committed = engine.committedTransactions();
                final Histogram h = generator.intervalLatency();
                final double tps = (committed - lastCommitted) * 1e9 / (now - lastNanos);
                out.printf("%7ds %8d %10.0f %10.2f %10.2f %9d %9d%n", (now - startNanos) / 1_000_000_000L,
                    engine.height(), tps, ms(h, 50), ms(h, 99), engine.mempoolMetrics().size(),
                    rejectedTotal(generator.rejected()));
                out.flush();
                lastCommitted = committed;
                lastNanos = now;
                if (duration > 0 && now - startNanos >= TimeUnit.SECONDS.toNanos(duration)) {
                    break;
                }
            }
            generator.stop();
            loadThread.join(TimeUnit.SECONDS.toMillis(5));
            // Give what was submitted a moment to commit before the summary.
            final long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (generator.committed() + generator.failedInBlock() + rejectedTotal(generator.rejected())
                < generator.submitted() && System.nanoTime() < drainUntil) {
                Thread.sleep(20);
            }
            summary(out, engine, generator, (System.nanoTime() - startNanos) / 1e9);
        } finally {
            closeQuietly(rpc);
            engine.close();
            closeQuietly(certificates, safety, journal, data);
            finished.countDown();
            if (stopped.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            for (final SigningKey k : keys) {
                k.destroy();
            }
            validator.destroy();
        }
        return status;
    }

    /** The JSON-RPC server on the devnet's engine, or null when --rpc-port is -1. */
    private RpcServer startRpc(final KairosEngine engine, final PrintWriter out,
                               final java.util.function.LongSupplier journalSyncNanos) {
        if (rpcPort == -1) {
            return null;
        }
        final Genesis genesis = engine.genesis();
        final RpcServer server = new RpcServer(RpcConfig.builder().host(rpcHost).port(rpcPort).build(),
            new EngineRpcBackend(engine, MempoolConfig.DEFAULT.minFee()).journalSync(journalSyncNanos),
            new EngineEthDecoder(genesis.chainId(), CodecLimits.DEFAULT));
        try {
            server.start();
        } catch (final RuntimeException e) {
            engine.close();
            throw new CommandException(CommandError.IO, "cannot start JSON-RPC on " + rpcHost + ":" + rpcPort + ": "
                + e.getMessage() + " (choose another --rpc-port, or -1 for none)", e);
        }
        out.printf("json-rpc: http://%s:%d (WebSocket on the same port; /metrics, /health/ready)%n", rpcHost,
            server.port());
        out.flush();
        return server;
    }

    /** The funded Ethereum dev accounts with their private keys, as anvil prints them: devnet only. */
    static void printEthAccounts(final PrintWriter out, final Genesis genesis) {
        final List<EthDevAccounts.DevAccount> dev = EthDevAccounts.derive(ETH_DEV_ACCOUNTS);
        final java.util.Map<io.kairos.engine.core.Address, Long> funded = new java.util.HashMap<>();
        for (final Allocation a : genesis.allocations()) {
            funded.put(a.address(), a.balance());
        }
        if (!funded.containsKey(dev.getFirst().address())) {
            return;
        }
        out.printf("ethereum dev accounts (seed phrase \"%s\", chain id %d; DEVNET ONLY, the keys are public):%n",
            EthDevAccounts.DEFAULT_SEED_PHRASE, genesis.chainId());
        for (final EthDevAccounts.DevAccount a : dev) {
            out.printf("  (%d) %s  %s tokens  key %s%n", a.index(), a.address().toHex(),
                Amounts.formatTokens(funded.getOrDefault(a.address(), 0L)), a.privateKeyHex());
        }
    }

    static final String GENESIS_FILE = "genesis.json";
    static final String SNAPSHOT_DIR = "snapshots";

    private SyncPolicy syncPolicy() {
        return switch (sync.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> SyncPolicy.NONE;
            case "batch" -> SyncPolicy.BATCH;
            case "every-block" -> SyncPolicy.EVERY_BLOCK;
            default -> throw new CommandException(CommandError.INVALID_ARGUMENT,
                "--sync must be none, batch or every-block, got '" + sync + "'");
        };
    }

    /** How many of the load generator's accounts (devnet load seeds 0, 1, ...) the genesis funds. */
    static int loadAccountsIn(final Genesis genesis) {
        final java.util.Set<io.kairos.engine.core.Address> funded = new java.util.HashSet<>();
        for (final Allocation a : genesis.allocations()) {
            funded.add(a.address());
        }
        int n = 0;
        while (n < MAX_ACCOUNTS) {
            try (SigningKey k = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.loadSeed(n))) {
                if (!funded.contains(k.address())) {
                    return n;
                }
            }
            n++;
        }
        return n;
    }

    /** The genesis a previous run left in the data directory, or null for a new directory. */
    private static Genesis storedGenesis(final Path dir, final PrintWriter out) throws IOException {
        final Path file = dir.resolve(GENESIS_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        final Genesis g = GenesisJson.parse(Files.readAllBytes(file));
        out.printf("continuing the devnet in %s (genesis %s)%n", dir, g.hash().toHex());
        return g;
    }

    /**
     * Refuses, before anything in it is touched, a {@code --data-dir} that holds a devnet of another
     * size or something that is not a devnet: a single validator keeps its journal in DIR itself, a
     * network of N one folder per validator ({@code DIR/validator-i/data}) beside the shared genesis.
     * Both layouts start with {@code DIR/genesis.json}, so its validators say which one DIR holds.
     *
     * @throws CommandException INVALID_ARGUMENT naming what DIR holds and the option that fits it
     */
    static void checkShape(final Path dir, final int validators) {
        final Path file = dir.resolve(GENESIS_FILE);
        if (!Files.exists(file)) {
            return;
        }
        final Genesis g;
        try {
            g = GenesisJson.parse(Files.readAllBytes(file));
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        final int held = g.validators().size();
        final boolean network = Files.exists(dir.resolve("validator-0").resolve("node.json"));
        if (held != validators) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, dir + " holds a devnet of " + held
                + " validator" + (held == 1 ? "" : "s") + ", not " + validators + ": run it with --validators " + held
                + ", or choose another --data-dir for a new devnet");
        }
        if (network != (held > 1)) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, dir + " holds a " + held + "-validator genesis "
                + (network ? "beside validator folders" : "without the validator folders 'kairos init' writes")
                + ": not a data directory 'kairos devnet' made; choose another --data-dir");
        }
        if (held == 1) {
            try (SigningKey devnetValidator = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.validatorSeed(0))) {
                if (!g.validators().getFirst().address().equals(devnetValidator.address())) {
                    throw new CommandException(CommandError.INVALID_ARGUMENT, dir + " holds a genesis that is not a "
                        + "devnet made by 'kairos devnet' (its validator is not the devnet validator)");
                }
            }
        }
    }

    /** Closes in the order given (the data directory's lock last); nulls are skipped. */
    private static void closeQuietly(final AutoCloseable... resources) {
        for (final AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (final Exception e) {
                // Closing after a failure or at exit: the first error is the one the caller reports.
            }
        }
    }

    private Genesis genesis(final SigningKey validator, final List<SigningKey> keys) {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .genesisTime(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS))
            .validator("validator-0", SchemeId.ED25519, validator.publicKey(), Amounts.tokens(1_000_000),
                "127.0.0.1:7100");
        fundDevnetAccounts(b, keys.stream().map(SigningKey::address).toList());
        try (SigningKey treasury = Ed25519Scheme.INSTANCE.fromSeed(DevnetKeys.treasurySeed())) {
            b.remainderTo(treasury.address());
        }
        return b.build();
    }

    /**
     * The devnet's genesis allocations, for one validator here and for a network through
     * {@code kairos init}: each load account {@value #ACCOUNT_FUNDS_TOKENS} tokens, then the Ethereum
     * dev accounts {@value #ETH_DEV_FUNDS_TOKENS} each (anvil and Hardhat fund theirs likewise, for
     * wallets and ethers.js/viem/web3j).
     */
    static void fundDevnetAccounts(final GenesisBuilder b, final List<Address> loadAccounts) {
        for (final Address a : loadAccounts) {
            b.allocation(a, Amounts.tokens(ACCOUNT_FUNDS_TOKENS));
        }
        for (final EthDevAccounts.DevAccount a : EthDevAccounts.derive(ETH_DEV_ACCOUNTS)) {
            b.allocation(a.address(), Amounts.tokens(ETH_DEV_FUNDS_TOKENS));
        }
    }

    private static double ms(final Histogram h, final double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    private static long rejectedTotal(final Map<RejectReason, Long> rejected) {
        long n = 0;
        for (final long v : rejected.values()) {
            n += v;
        }
        return n;
    }

    private static void summary(final PrintWriter out, final KairosEngine engine, final LoadGenerator g,
                                final double seconds) {
        g.intervalLatency();
        final Histogram all = g.totalLatency();
        out.println();
        final long blocks = engine.height() - engine.replayed().height();
        out.printf("summary: %.1f s, height %d, %d blocks this run, %.1f transactions per block%n", seconds,
            engine.height(), blocks, blocks == 0 ? 0.0 : (double) engine.committedTransactions() / blocks);
        out.printf("  submitted %d, committed %d (%.0f tps), failed in block %d, busy retries %d%n",
            g.submitted(), g.committed(), g.committed() / seconds, g.failedInBlock(), g.busyRetries());
        out.printf("  rejected: %s%n", g.rejected().isEmpty() ? "none" : g.rejected());
        out.printf("  commit latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
            ms(all, 50), ms(all, 90), ms(all, 99), ms(all, 99.9), all.getTotalCount() == 0 ? 0 : all.getMaxValue() / 1e6);
        out.printf("  mempool at end: %d transactions, %d bytes%n", engine.mempoolMetrics().size(),
            engine.mempoolMetrics().bytes());
        final Snapshotter.Status snapshots = engine.snapshots();
        if (snapshots != null) {
            out.printf("  snapshots every %d blocks: %d written (last at height %d, table copy %.2f ms, write %.0f ms),"
                    + " %d skipped while one was in flight, %d failed%s%n", snapshots.interval(), snapshots.taken(),
                snapshots.lastHeight(), snapshots.lastCopyNanos() / 1e6, snapshots.lastWriteNanos() / 1e6,
                snapshots.skippedBusy(), snapshots.failed(),
                snapshots.lastError() == null ? "" : " (" + snapshots.lastError() + ")");
        }
        out.flush();
    }
}
