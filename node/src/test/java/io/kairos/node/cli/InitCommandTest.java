package io.kairos.node.cli;

import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.GenesisJson;
import io.kairos.engine.genesis.GenesisValidator;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.node.config.NodeConfig;
import io.kairos.node.keystore.Keystore;
import io.kairos.node.keystore.KeystoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos init} end to end: real files, real scrypt (N = 2^15 to stay quick). */
class InitCommandTest {
    private static final String TIME = "2026-11-21T00:00:00Z";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cl = KairosCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static Genesis genesisOf(final Path folder) throws IOException {
        return GenesisJson.parse(Files.readString(folder.resolve("genesis.json")));
    }

    @Test
    void devnetWritesAConsistentNetworkThatDecryptsAndMatchesGenesis() throws Exception {
        final Path net = dir.resolve("devnet");
        assertEquals(0, run("init", "--network", "devnet", "--validators", "4", "--out", net.toString(),
            "--scrypt-n", "32768", "--genesis-time", TIME), err.toString());

        final Genesis genesis = genesisOf(net);
        assertEquals(NetworkPreset.DEVNET, genesis.network());
        assertEquals(4, genesis.validators().size());
        assertEquals(NetworkPreset.TOTAL_SUPPLY, genesis.totalSupply());
        long allocated = genesis.totalStake();
        for (final var a : genesis.allocations()) {
            allocated += a.balance();
        }
        assertEquals(genesis.totalSupply(), allocated, "the supply balances exactly");

        final Path pwFile = net.resolve(InitCommand.PASSWORD_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pwFile)));
        final char[] pw = Files.readString(pwFile).strip().toCharArray();

        for (int i = 0; i < 4; i++) {
            final Path nodeJson = net.resolve("validator-" + i).resolve("node.json");
            final NodeConfig config = NodeConfig.read(nodeJson);
            assertEquals("validator-" + i, config.name());
            assertEquals(genesis.hash(), config.genesisHash());
            assertEquals(genesis.chainId(), config.chainId());
            assertEquals(net.resolve("genesis.json").toAbsolutePath().normalize(), config.genesisFile());
            assertEquals(pwFile.toAbsolutePath().normalize(), config.passwordFile());
            final GenesisValidator v = genesis.validators().get(i);
            assertEquals(v.networkAddress(), config.p2pListen().toString());

            final KeystoreFile ks = Keystore.read(config.keystoreFile());
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config.keystoreFile())));
            assertArrayEquals(v.publicKey(), ks.publicKey());
            try (SigningKey key = ks.decrypt(pw.clone())) {
                assertEquals(v.address(), key.address());
            }
        }
        final KeystoreFile treasury = Keystore.read(net.resolve("treasury.key"));
        assertTrue(genesis.allocations().stream().anyMatch(a -> a.address().equals(treasury.address())));
        assertTrue(out.toString().contains(genesis.hash().toHex()), out.toString());
        Arrays.fill(pw, '\0');
    }

    @Test
    void devnetIsReproducibleFromItsFixedSeeds() throws Exception {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        assertEquals(0, run("init", "--validators", "1", "--out", a.toString(), "--scrypt-n", "32768",
            "--genesis-time", TIME), err.toString());
        assertEquals(0, run("init", "--validators", "1", "--out", b.toString(), "--scrypt-n", "32768",
            "--genesis-time", TIME), err.toString());
        assertEquals(genesisOf(a).hash(), genesisOf(b).hash());

        final Path c = dir.resolve("c");
        assertEquals(0, run("init", "--validators", "1", "--out", c.toString(), "--scrypt-n", "32768",
            "--genesis-time", TIME, "--random-keys"), err.toString());
        assertNotEquals(genesisOf(a).hash(), genesisOf(c).hash());
    }

    @Test
    void testnetUsesRandomMlDsaKeysAndTheGivenPassword() throws Exception {
        final Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "testnet secret\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        final Path net = dir.resolve("testnet");
        assertEquals(0, run("init", "--network", "testnet", "--validators", "1", "--scheme", "ml-dsa-44",
            "--out", net.toString(), "--scrypt-n", "32768", "--password-file", pw.toString(),
            "--genesis-time", TIME), err.toString());
        final Genesis genesis = genesisOf(net);
        assertEquals(NetworkPreset.TESTNET, genesis.network());
        assertEquals(SchemeId.ML_DSA_44, genesis.validators().getFirst().scheme());
        assertFalse(Files.exists(net.resolve(InitCommand.PASSWORD_FILE)), "no generated password off devnet");
        final NodeConfig config = NodeConfig.read(net.resolve("validator-0/node.json"));
        assertEquals(pw.toAbsolutePath(), config.passwordFile());
        try (SigningKey key = Keystore.read(config.keystoreFile()).decrypt("testnet secret".toCharArray())) {
            assertEquals(genesis.validators().getFirst().address(), key.address());
        }
    }

    @Test
    void refusesANonEmptyFolderUnlessForced() throws Exception {
        final Path net = dir.resolve("busy");
        Files.createDirectories(net);
        Files.writeString(net.resolve("something"), "x");
        assertEquals(2, run("init", "--validators", "1", "--out", net.toString(), "--scrypt-n", "32768"));
        assertTrue(err.toString().contains("DIRECTORY_NOT_EMPTY"), err.toString());
        assertFalse(err.toString().contains("Usage:"), "a refusal is one line, not the usage text");
        assertFalse(Files.exists(net.resolve("genesis.json")));
        assertEquals(0, run("init", "--validators", "1", "--out", net.toString(), "--scrypt-n", "32768",
            "--force"), err.toString());
        assertTrue(Files.exists(net.resolve("genesis.json")));
    }

    @Test
    void badArgumentsAreClearErrorsAndWriteNothing() {
        final List<String[]> bad = List.of(
            new String[] {"--network", "moonnet"},
            new String[] {"--validators", "0"},
            new String[] {"--scheme", "rsa"},
            new String[] {"--stake", "-5"},
            new String[] {"--genesis-time", "yesterday"},
            new String[] {"--scrypt-n", "1024"},
            new String[] {"--p2p-port", "65535", "--validators", "2"},
            new String[] {"--rpc-port", "7101"});
        for (final String[] extra : bad) {
            final Path net = dir.resolve("bad-" + Math.abs(Arrays.hashCode(extra)));
            final String[] args = new String[extra.length + 5];
            args[0] = "init";
            args[1] = "--out";
            args[2] = net.toString();
            args[3] = "--scrypt-n";
            args[4] = "32768";
            System.arraycopy(extra, 0, args, 5, extra.length);
            final int code = run(args);
            assertEquals(2, code, String.join(" ", extra) + " -> " + err);
            assertFalse(Files.exists(net.resolve("genesis.json")), String.join(" ", extra));
        }
        assertFalse(err.toString().contains("\tat "), "no stack traces: " + err);
    }

    @Test
    void mainnetWithoutAPasswordSourceOrTerminalFailsClearly() {
        final Path net = dir.resolve("mainnet");
        final int code = run("init", "--network", "mainnet", "--validators", "1", "--out", net.toString(),
            "--scrypt-n", "32768");
        assertEquals(2, code);
        assertTrue(err.toString().contains("PASSWORD_UNAVAILABLE"), err.toString());
    }
}
