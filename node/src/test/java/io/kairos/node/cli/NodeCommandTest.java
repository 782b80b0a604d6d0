package io.kairos.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kairos node}: refusals before anything starts (the running node is covered by MultiValidatorProcessIT). */
class NodeCommandTest {
    private final CliRunner cli = new CliRunner();

    private Path init(final Path dir) {
        final Path net = dir.resolve("net");
        assertEquals(0, cli.run("init", "--network", "devnet", "--validators", "4", "--out", net.toString(),
            "--scrypt-n", "32768"), cli.err());
        return net;
    }

    @Test
    void aGenesisThatIsNotTheOneTheConfigPinsIsRefused(@TempDir final Path dir) throws Exception {
        final Path net = init(dir);
        final Path config = net.resolve("validator-1").resolve("node.json");
        final String json = Files.readString(config);
        final String pinned = json.replaceAll("(?s).*\"genesisHash\" : \"(0x[0-9a-f]{64})\".*", "$1");
        Files.writeString(config, json.replace(pinned, "0x" + "ab".repeat(32)));
        assertEquals(2, cli.run("node", "--config", config.toString()));
        assertTrue(cli.err().contains("but the node config pins 0x" + "ab".repeat(32)), cli.err());
    }

    @Test
    void aWrongPasswordIsATypedError(@TempDir final Path dir) throws Exception {
        final Path net = init(dir);
        Files.writeString(net.resolve("password.txt"), "not-the-password\n");
        assertEquals(2, cli.run("node", "--config", net.resolve("validator-0").resolve("node.json").toString()));
        assertTrue(cli.err().startsWith("error: "), cli.err());
    }
}
