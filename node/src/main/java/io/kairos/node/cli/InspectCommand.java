package io.kairos.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hex;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.Replayer;
import io.kairos.engine.sequencer.StateRecovery;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.Proof;
import io.kairos.engine.state.commitment.ProofVerifier;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.journal.BlockJournal;
import io.kairos.journal.JournalConfig;
import io.kairos.journal.snapshot.SnapshotFiles;
import io.kairos.node.data.DataDirectory;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code kairos inspect}: opens a stopped node's data directory, replays and proves its journal, and
 * prints one JSON object describing it; {@code --proof} adds an account proof checked against the
 * state root with the standalone verifier.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Print a data directory's height, hashes, state root, supply and journal as JSON.")
public final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
        description = "The data directory: DIR of 'kairos devnet --validators 1 --data-dir DIR', or DIR/validator-i/data "
            + "of a network's validator i.")
    Path dataDir;

    @Option(names = "--proof", paramLabel = "ADDRESS",
        description = "Add an inclusion or exclusion proof for ADDRESS and whether it verifies.")
    String proofAddress;

    @Option(names = "--height", paramLabel = "H",
        description = "Add the hash and state root of the block at height H (1..height), to compare nodes.")
    Long atHeight;

    @Override
    public Integer call() {
        final Address proofFor = proofAddress == null ? null : Address.fromHex(proofAddress);
        refuseNetworkFolder(dataDir);
        try (DataDirectory data = DataDirectory.open(dataDir)) {
            final Path genesisFile = data.path().resolve(DevnetCommand.GENESIS_FILE);
            if (!Files.exists(genesisFile)) {
                throw new CommandException(CommandError.INVALID_ARGUMENT,
                    data.path() + " has no " + DevnetCommand.GENESIS_FILE + ": not a Kairos data directory");
            }
            final Genesis genesis = GenesisJson.parse(Files.readAllBytes(genesisFile));
            final Path journalDir = data.path().resolve("journal");
            try (BlockJournal journal = BlockJournal.open(JournalConfig.defaults(journalDir))) {
                final Path snapshotDir = data.path().resolve(DevnetCommand.SNAPSHOT_DIR);
                final SnapshotFiles snapshots = Files.isDirectory(snapshotDir)
                    ? SnapshotFiles.open(snapshotDir, Integer.MAX_VALUE) : null;
                final StateRecovery.Result recovery = StateRecovery.recover(genesis, journal, snapshots, 1,
                    CodecLimits.DEFAULT, SystemNanoClock.INSTANCE);
                final LedgerState state = recovery.state();
                final BlockExecutor executor = recovery.executor();
                final Replayer.Result replay = recovery.replay();
                final StateTree tree = recovery.tree();
                final CommittedBlock last = replay.height() == 0 ? null : journal.block(replay.height());

                final long first = journal.baseHeight() + 1;
                if (atHeight != null && (atHeight < first || atHeight > replay.height())) {
                    throw new CommandException(CommandError.INVALID_ARGUMENT, "--height must be " + first + ".."
                        + replay.height() + " (the blocks " + data.path() + " holds"
                        + (first > 1 ? "; it was state-synced after height " + (first - 1) : "") + "), got " + atHeight);
                }
                final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                final ObjectNode o = json.createObjectNode();
                o.put("dataDir", data.path().toString());
                o.put("network", genesis.network().label());
                o.put("chainId", genesis.chainId());
                o.put("genesisHash", genesis.hash().toHex());
                o.put("height", replay.height());
                o.put("blockHash", replay.lastBlockHash().toHex());
                o.put("stateRoot", tree.root().toHex());
                o.put("stateRootMatchesHeader", last == null || last.header().stateRoot().equals(tree.root()));
                o.put("accounts", state.accountCount());
                final long supply = state.totalBalances() + state.bondedStake();
                o.put("totalSupply", Amounts.formatTokens(supply));
                o.put("totalSupplyUnits", supply);
                o.put("expectedSupplyUnits", executor.expectedSupply());
                o.put("transactionsReplayed", replay.transactions());
                final ObjectNode rec = o.putObject("recovery");
                rec.put("snapshotLoaded", recovery.snapshotHeight());
                rec.put("blocksReplayed", recovery.replayedBlocks());
                rec.put("loadSeconds", Math.round(recovery.loadNanos() / 1e6) / 1000.0);
                rec.put("replaySeconds", Math.round(recovery.replayNanos() / 1e6) / 1000.0);
                final ArrayNode skipped = rec.putArray("snapshotsSkipped");
                recovery.skipped().forEach(skipped::add);
                final ObjectNode j = o.putObject("journal");
                j.put("directory", journalDir.toString());
                j.put("files", countFiles(journalDir));
                j.put("bytes", sizeOf(journalDir));
                j.put("cutOnOpen", journal.recoveryReport().cutCount());
                j.put("baseHeight", journal.baseHeight());
                final List<Long> heights = snapshots == null ? List.of() : snapshots.heights();
                if (heights.isEmpty()) {
                    o.putNull("newestSnapshotHeight");
                } else {
                    o.put("newestSnapshotHeight", heights.getFirst());
                }
                final ArrayNode snapshotHeights = o.putArray("snapshotHeights");
                heights.forEach(snapshotHeights::add);
                if (atHeight != null) {
                    final CommittedBlock at = journal.block(atHeight);
                    final ObjectNode b = o.putObject("block");
                    b.put("height", atHeight);
                    b.put("hash", at.hash().toHex());
                    b.put("stateRoot", at.header().stateRoot().toHex());
                    b.put("transactions", at.transactionCount());
                }
                if (proofFor != null) {
                    final Proof proof = tree.prove(proofFor);
                    final byte[] encoded = proof.encode();
                    final ProofVerifier.Result r = ProofVerifier.verify(tree.root(), proofFor, encoded);
                    final ObjectNode p = o.putObject("proof");
                    p.put("address", proofFor.toHex());
                    p.put("kind", proof.kind().name());
                    p.put("present", r.present());
                    if (r.present()) {
                        p.put("balance", Amounts.formatTokens(r.balance()));
                        p.put("nonce", r.nonce());
                    }
                    p.put("encoded", Hex.encodePrefixed(encoded));
                    p.put("verifies", r.valid());
                }
                spec.commandLine().getOut().println(json.writeValueAsString(o));
                spec.commandLine().getOut().flush();
            }
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot read " + dataDir + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /**
     * A devnet of N validators keeps its genesis in DIR and each node's chain in DIR/validator-i/data:
     * DIR itself has no journal, and opening it as one would lock it and create an empty one.
     */
    private static void refuseNetworkFolder(final Path dir) {
        if (Files.exists(dir.resolve("validator-0").resolve("node.json")) && !Files.exists(dir.resolve("journal"))) {
            final StringBuilder nodes = new StringBuilder();
            for (int i = 0; Files.isDirectory(dir.resolve("validator-" + i)); i++) {
                nodes.append(i == 0 ? "" : ", ").append(dir.resolve("validator-" + i).resolve("data"));
            }
            throw new CommandException(CommandError.INVALID_ARGUMENT, dir + " holds a network, one data directory "
                + "per validator: inspect each of " + nodes);
        }
    }

    private static long countFiles(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static long sizeOf(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (final Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }
}
