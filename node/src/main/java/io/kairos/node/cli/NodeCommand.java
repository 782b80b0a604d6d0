package io.kairos.node.cli;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.genesis.GenesisValidator;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.mempool.MempoolConfig;
import io.kairos.engine.sequencer.ConsensusStatus;
import io.kairos.journal.SyncPolicy;
import io.kairos.node.config.NodeConfig;
import io.kairos.node.keystore.Keystore;
import io.kairos.node.rpc.EngineEthDecoder;
import io.kairos.node.rpc.EngineRpcBackend;
import io.kairos.node.rpc.RpcConfig;
import io.kairos.node.rpc.RpcServer;
import io.kairos.node.validator.ValidatorNode;
import io.kairos.transport.Endpoint;
import io.kairos.transport.TransportError;
import io.kairos.transport.TransportListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code kairos node --config FILE}: runs one validator of a multi-validator network as written by
 * {@code kairos init}: its journal in the configured data directory, consensus with the other
 * genesis validators over UDP (their genesis network addresses), JSON-RPC on {@code rpcListen}.
 * Prints one status line a second. SIGTERM or Ctrl-C stops it cleanly: the RPC server stops taking
 * transactions, the engine finishes the block in hand and syncs the journal, and the process exits 0.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run one validator from its node.json (written by 'kairos init').")
public final class NodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The validator's node.json.")
    Path config;

    @Option(names = "--sync", defaultValue = "batch", paramLabel = "POLICY",
        description = "Journal sync policy: none, batch or every-block (default: ${DEFAULT-VALUE}).")
    String sync;

    @Option(names = "--snapshot-interval", defaultValue = "10000", paramLabel = "BLOCKS",
        description = "Snapshot the state every BLOCKS blocks (default: ${DEFAULT-VALUE}).")
    long snapshotInterval;

    @Option(names = "--snapshots-kept", defaultValue = "3", paramLabel = "K",
        description = "How many snapshots to keep (default: ${DEFAULT-VALUE}).")
    int snapshotsKept;

    @Option(names = "--no-state-sync",
        description = "Never install a peer's snapshot at start; catch up by block sync alone.")
    boolean noStateSync;

    @Option(names = "--state-sync-wait", defaultValue = "5000", paramLabel = "MS",
        description = "How long to listen for the peers' heights at start, in ms (default: ${DEFAULT-VALUE}).")
    long stateSyncWait;

    @Option(names = "--state-sync-gap", defaultValue = "20000", paramLabel = "BLOCKS",
        description = "A journal this far behind a peer is set aside and replaced by state sync "
            + "(default: ${DEFAULT-VALUE}); an empty one always state-syncs when a peer has a snapshot.")
    long stateSyncGap;

    @Option(names = "--no-forwarding",
        description = "Do not forward client transactions to the other validators.")
    boolean noForwarding;

    @Option(names = "--verifiers", paramLabel = "N",
        description = "Signature verification threads (default: cores - 1, at least 1).")
    Integer verifiers;

    @Option(names = "--no-rpc", description = "Do not start the JSON-RPC server.")
    boolean noRpc;

    @Option(names = "--quiet", description = "No status line every second.")
    boolean quiet;

    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (snapshotInterval < 1 || snapshotsKept < 1) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--snapshot-interval and --snapshots-kept "
                + "must be at least 1");
        }
        if (stateSyncWait < 0 || stateSyncGap < 1) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--state-sync-wait must be at least 0 and "
                + "--state-sync-gap at least 1");
        }
        final SyncPolicy policy = syncPolicy(sync);
        final NodeConfig cfg = NodeConfig.read(config);
        final Genesis genesis = readGenesis(cfg);
        final SigningKey key = unlock(cfg, err);
        final ValidatorNode node;
        try {
            final ValidatorNode.Builder b = ValidatorNode.builder(genesis, key, cfg.dataDir())
                .udp(endpoints(genesis, cfg, key))
                .syncPolicy(policy)
                .snapshots(snapshotInterval, snapshotsKept)
                .stateSync(!noStateSync, stateSyncWait, stateSyncGap)
                .forwardTransactions(!noForwarding)
                .transportListener(new LoggingListener(err));
            if (verifiers != null) {
                b.verifierThreads(verifiers);
            }
            node = b.open();
        } catch (final RuntimeException e) {
            key.destroy();
            throw e;
        }
        final KairosEngine engine = node.engine();
        for (final String note : node.startupNotes()) {
            out.println(note);
        }
        out.printf("kairos node %s: validator %d of %d, chain %d, genesis %s, height %d%n", cfg.name(), node.index(),
            genesis.validators().size(), genesis.chainId(), genesis.hash().toHex(), engine.height());
        out.printf("p2p udp %s, data %s%n", cfg.p2pListen(), node.dataDir());
        out.flush();

        RpcServer rpc = null;
        if (!noRpc) {
            try {
                rpc = new RpcServer(RpcConfig.builder().host(cfg.rpcListen().host()).port(cfg.rpcListen().port()).build(),
                    new EngineRpcBackend(engine, MempoolConfig.DEFAULT.minFee()).peers(node.peerView())
                        .journalSync(node::journalSyncNanos),
                    new EngineEthDecoder(genesis.chainId(), CodecLimits.DEFAULT));
                rpc.start();
                out.printf("json-rpc: http://%s:%d%n", cfg.rpcListen().host(), rpc.port());
            } catch (final RuntimeException e) {
                node.close();
                key.destroy();
                throw new CommandException(CommandError.IO, "cannot start JSON-RPC on " + cfg.rpcListen() + ": "
                    + e.getMessage(), e);
            }
        }
        out.printf("%8s %8s %6s %9s %6s %9s %8s %8s%n", "time", "height", "round", "step", "peers", "tps",
            "mempool", "refused");
        out.flush();

        final CountDownLatch stopped = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A signal's exit status would be 128 + its number; a clean stop is a success.
            Runtime.getRuntime().halt(0);
        }, "kairos-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        int status = 0;
        try {
            final long start = System.nanoTime();
            long lastCommitted = engine.committedTransactions();
            long lastNanos = start;
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                if (engine.failure().isPresent()) {
                    err.println("FATAL: the engine stopped producing blocks: " + engine.failure().get());
                    engine.failure().get().printStackTrace(err);
                    err.flush();
                    status = 1;
                    break;
                }
                final long now = System.nanoTime();
                final long committed = engine.committedTransactions();
                if (!quiet) {
                    final ConsensusStatus c = engine.consensusStatus();
                    out.printf("%7ds %8d %6d %9s %6d %9.0f %8d %8d%n", (now - start) / 1_000_000_000L, engine.height(),
                        c.round(), c.step() == null ? "-" : c.step().name().toLowerCase(Locale.ROOT), node.peersUp(),
                        (committed - lastCommitted) * 1e9 / (now - lastNanos), engine.mempoolMetrics().size(),
                        c.refusalsTotal());
                    out.flush();
                }
                lastCommitted = committed;
                lastNanos = now;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (rpc != null) {
                try {
                    rpc.close();
                } catch (final RuntimeException e) {
                    err.println("warning: closing JSON-RPC: " + e.getMessage());
                }
            }
            node.close();
            key.destroy();
            out.printf("stopped at height %d%n", engine.height());
            out.flush();
            finished.countDown();
            if (stopped.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return status;
    }

    static SyncPolicy syncPolicy(final String sync) {
        return switch (sync.toLowerCase(Locale.ROOT)) {
            case "none" -> SyncPolicy.NONE;
            case "batch" -> SyncPolicy.BATCH;
            case "every-block" -> SyncPolicy.EVERY_BLOCK;
            default -> throw new CommandException(CommandError.INVALID_ARGUMENT,
                "--sync must be none, batch or every-block, got '" + sync + "'");
        };
    }

    /** The genesis the config names, checked against the hash and chain id it pins. */
    static Genesis readGenesis(final NodeConfig cfg) {
        final Genesis genesis;
        try {
            genesis = GenesisJson.parse(Files.readAllBytes(cfg.genesisFile()));
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot read the genesis " + cfg.genesisFile() + ": "
                + e.getMessage(), e);
        }
        if (!genesis.hash().equals(cfg.genesisHash())) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "the genesis " + cfg.genesisFile() + " has hash "
                + genesis.hash().toHex() + ", but the node config pins " + cfg.genesisHash().toHex());
        }
        if (genesis.chainId() != cfg.chainId()) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "the genesis chain id " + genesis.chainId()
                + " is not the node config's " + cfg.chainId());
        }
        return genesis;
    }

    /** Decrypts the keystore with the password the config says where to find. */
    private SigningKey unlock(final NodeConfig cfg, final PrintWriter err) {
        final PasswordSource source = cfg.passwordFile() != null ? PasswordSource.file(cfg.passwordFile(), err)
            : cfg.passwordEnv() != null ? PasswordSource.environment(cfg.passwordEnv(), environment)
            : PasswordSource.systemConsole();
        final char[] password = source.read("Password for " + cfg.keystoreFile() + ": ", false);
        try {
            return Keystore.read(cfg.keystoreFile()).decrypt(password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Every validator's endpoint from its genesis network address; this node's own entry is its
     * {@code p2pListen}, where it binds (it may differ from the advertised address, e.g. 0.0.0.0).
     */
    static List<Endpoint> endpoints(final Genesis genesis, final NodeConfig cfg, final SigningKey key) {
        final List<Endpoint> list = new ArrayList<>();
        for (final GenesisValidator v : genesis.validators()) {
            if (Arrays.equals(v.publicKey(), key.publicKey())) {
                list.add(new Endpoint(cfg.p2pListen().host(), cfg.p2pListen().port()));
            } else {
                list.add(Endpoint.parse(v.networkAddress()));
            }
        }
        return list;
    }

    /** Prints transport refusals and Aeron errors as one line each (rate-limited by the transport). */
    private record LoggingListener(PrintWriter err) implements TransportListener {
        @Override
        public void onRefused(final int claimedSender, final TransportError error, final String message) {
            err.println("transport: refused a frame from validator " + claimedSender + ": " + error + " " + message);
            err.flush();
        }

        @Override
        public void onDisconnected(final int peer, final long untilNs) {
            err.println("transport: validator " + peer + " sent too many invalid frames; ignored for "
                + Math.max(0, (untilNs - System.nanoTime()) / 1_000_000) + " ms");
            err.flush();
        }

        @Override
        public void onAeronError(final Throwable error) {
            err.println("transport: aeron: " + error);
            err.flush();
        }
    }
}
