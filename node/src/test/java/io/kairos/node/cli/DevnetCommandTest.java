package io.kairos.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kairos devnet --validators 1} end to end: a real engine, real signed load, the printed
 * report; and the default of four validators (DevnetNetworkTest runs those).
 */
class DevnetCommandTest {
    private final CliRunner cli = new CliRunner();

    private int run(final String... args) {
        return cli.run(args);
    }

    @Test
    void everySubmittedTransferCommitsAndTheReportSaysSo() {
        assertEquals(0, run("devnet", "--validators", "1", "--rpc-port", "0", "--duration", "2", "--load", "300", "--accounts", "20"), cli.err());
        final String report = cli.out();
        assertTrue(report.contains("final tps"), report);
        final Matcher m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(report);
        assertTrue(m.find(), report);
        final long submitted = Long.parseLong(m.group(1));
        assertTrue(submitted > 100, report);
        assertEquals(submitted, Long.parseLong(m.group(2)), report);
        assertTrue(report.contains("rejected: none"), report);
        assertTrue(report.contains("commit latency ms: p50"), report);
        assertTrue(report.contains("consensus: BFT with 1 validator(s), quorum 1"), report);
        assertTrue(Pattern.compile("json-rpc: http://127\\.0\\.0\\.1:\\d+ ").matcher(report).find(), report);
        assertTrue(report.contains("(0) 0x14ed408a0be258677a81a518aff53a8356e28c25  10000 tokens  key 0x"),
            "the first Ethereum dev account is funded and printed: " + report);
    }

    @Test
    void aDevnetOnADataDirectoryContinuesItsChainAfterARestart(@TempDir final Path dir) {
        final String data = dir.resolve("devnet").toString();
        assertEquals(0, run("devnet", "--validators", "1", "--rpc-port", "0", "--duration", "1", "--load", "200", "--accounts", "10", "--data-dir", data),
            cli.err());
        final long first = height(cli.out());
        assertTrue(first > 0, cli.out());
        assertEquals(0, run("devnet", "--validators", "1", "--rpc-port", "0", "--duration", "1", "--load", "200", "--data-dir", data, "--sync", "every-block"),
            cli.err());
        final String second = cli.out();
        assertTrue(second.contains("replayed " + first + " blocks"), second);
        assertTrue(height(second) > first, second);
        final Matcher m = Pattern.compile("submitted (\\d+), committed (\\d+)").matcher(second);
        assertTrue(m.find(), second);
        assertEquals(m.group(1), m.group(2), "nonces resumed: every transfer of the second run committed");
        assertEquals(2, run("devnet", "--validators", "1", "--sync", "sometimes", "--data-dir", data));

        // The default is four validators: a one-validator directory is refused before anything in it is touched.
        assertEquals(2, run("devnet", "--in-process", "--duration", "1", "--data-dir", data));
        assertTrue(cli.err().contains("holds a devnet of 1 validator, not 4: run it with --validators 1"), cli.err());
        assertTrue(Files.notExists(Path.of(data, "validator-0")), "nothing of a network was written into it");
    }

    @Test
    void aRestartLoadsTheNewestSoundSnapshotAndFallsBackPastADamagedOrDeletedOne(
        @TempDir final Path dir) throws IOException {
        final Path data = dir.resolve("devnet");
        final String[] args = {"devnet", "--validators", "1", "--rpc-port", "0", "--duration", "2", "--load", "300", "--accounts", "10", "--data-dir",
            data.toString(), "--snapshot-interval", "4", "--snapshots-kept", "3"};
        assertEquals(0, run(args), cli.err());
        final long first = height(cli.out());
        final Path snapshots = data.resolve("snapshots");
        final List<Long> kept = snapshotHeights(snapshots);
        assertEquals(3, kept.size(), "three snapshots kept: " + kept + "\n" + cli.out());
        assertTrue(kept.stream().allMatch(h -> h % 4 == 0 && h <= first), kept.toString());

        assertEquals(0, run(args), cli.err());
        final String second = cli.out();
        final long newest = kept.getFirst();
        assertTrue(second.contains("loaded snapshot at height " + newest), second);
        assertTrue(second.contains("replayed " + (first - newest) + " blocks"), second);
        assertTrue(height(second) > first, second);

        // Damage the newest snapshot and delete the one before it: recovery must say so and use the third.
        final List<Long> now = snapshotHeights(snapshots);
        final Path damaged = snapshots.resolve(String.format("snapshot-%020d.ksnp", now.get(0)));
        final byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(damaged, bytes);
        Files.delete(snapshots.resolve(String.format("snapshot-%020d.ksnp", now.get(1))));
        assertEquals(0, run("inspect", "--data-dir", data.toString()), cli.err());
        final String inspect = cli.out();
        assertTrue(inspect.contains("\"snapshotLoaded\" : " + now.get(2)), inspect);
        assertTrue(inspect.contains("SNAPSHOT_CORRUPT"), inspect);
        assertTrue(inspect.contains(damaged.toString()), inspect);
        assertTrue(inspect.contains("\"newestSnapshotHeight\" : " + now.get(0)), inspect);
        assertTrue(inspect.contains("\"stateRootMatchesHeader\" : true"), inspect);
    }

    private static List<Long> snapshotHeights(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("snapshot-\\d{20}\\.ksnp"))
                .map(n -> Long.parseLong(n.substring(9, 29))).sorted(Comparator.reverseOrder()).toList();
        }
    }

    private static long height(final String report) {
        final Matcher m = Pattern.compile("summary: .*, height (\\d+),").matcher(report);
        assertTrue(m.find(), report);
        return Long.parseLong(m.group(1));
    }

    @Test
    void fourValidatorsAreTheDefault() {
        final DevnetCommand devnet = new DevnetCommand();
        new CommandLine(devnet).parseArgs();
        assertEquals(4, devnet.validators);
        assertEquals(DevnetCommand.DEFAULT_VALIDATORS, devnet.validators);
        assertEquals(0, run("devnet", "--help"));
        assertTrue(cli.out().contains("Validators, 1..100 (default: 4)"), cli.out());
    }

    @Test
    void aNetworkDirectoryIsNotRunAsOneValidator(@TempDir final Path dir) {
        final String net = dir.resolve("net").toString();
        assertEquals(0, run("init", "--network", "devnet", "--validators", "4", "--out", net, "--scrypt-n", "32768"),
            cli.err());
        assertEquals(2, run("devnet", "--validators", "1", "--data-dir", net));
        assertTrue(cli.err().contains("holds a devnet of 4 validators, not 1: run it with --validators 4"), cli.err());
        assertTrue(Files.notExists(Path.of(net, "LOCK")) && Files.notExists(Path.of(net, "journal")),
            "the refusal touched nothing");
    }

    @Test
    void badOptionsAreOneLineRefusals() {
        assertEquals(2, run("devnet", "--accounts", "1"));
        assertTrue(cli.err().contains("INVALID_ARGUMENT"), cli.err());
        assertEquals(2, run("devnet", "--load", "-5"));
        assertEquals(2, run("devnet", "--validators", "1", "--rpc-port", "70000"));
    }
}
