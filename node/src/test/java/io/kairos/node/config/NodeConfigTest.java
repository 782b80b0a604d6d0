package io.kairos.node.config;

import io.kairos.engine.core.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeConfigTest {
    @TempDir
    Path dir;

    private NodeConfig sample() {
        return new NodeConfig("validator-0", "devnet", 7771,
            dir.resolve("genesis.json"), Hashing.hash(Hashing.Domain.GENESIS, new byte[] {1}),
            dir.resolve("validator-0/validator.key"), dir.resolve("password.txt"), null,
            HostPort.parse("127.0.0.1:7100"), HostPort.parse("127.0.0.1:8545"),
            HostPort.parse("[::1]:9100"), dir.resolve("validator-0/data"));
    }

    @Test
    void writesRelativePathsAndReadsBackEqual() throws Exception {
        final NodeConfig c = sample();
        final Path file = dir.resolve("validator-0/node.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, c.toJson(file.getParent()));
        final String json = Files.readString(file);
        assertTrue(json.contains("\"genesisFile\" : \"../genesis.json\""), json);
        assertTrue(json.contains("\"keystoreFile\" : \"validator.key\""), json);
        assertEquals(c, NodeConfig.read(file));
    }

    @Test
    void refusesUnknownFieldsDuplicatesAndBadValues() {
        final String good = sample().toJson(dir);
        assertEquals(ConfigError.UNKNOWN_FIELD, assertThrows(ConfigException.class,
            () -> NodeConfig.parse(good.replace("\"name\"", "\"nmae\""), dir)).error());
        assertEquals(ConfigError.MALFORMED_JSON, assertThrows(ConfigException.class,
            () -> NodeConfig.parse(good.replace("{", "{ \"name\" : \"x\",").replaceFirst("\"kairosNodeConfig\"", "\"name\""), dir)).error());
        assertEquals(ConfigError.MISSING_FIELD, assertThrows(ConfigException.class,
            () -> NodeConfig.parse("{\"kairosNodeConfig\":1}", dir)).error());
        assertEquals(ConfigError.UNSUPPORTED_VERSION, assertThrows(ConfigException.class,
            () -> NodeConfig.parse(good.replace("\"kairosNodeConfig\" : 1", "\"kairosNodeConfig\" : 2"), dir)).error());
        final ConfigException port = assertThrows(ConfigException.class,
            () -> NodeConfig.parse(good.replace("127.0.0.1:7100", "127.0.0.1:70000"), dir));
        assertEquals(ConfigError.INVALID_FIELD, port.error());
        assertTrue(port.getMessage().contains("p2pListen"), port.getMessage());
        assertEquals(ConfigError.INVALID_FIELD, assertThrows(ConfigException.class,
            () -> NodeConfig.parse(good.replace(sample().genesisHash().toHex(), "0x1234"), dir)).error());
        assertEquals(ConfigError.MALFORMED_JSON, assertThrows(ConfigException.class,
            () -> NodeConfig.parse("[1,2]", dir)).error());
    }

    @Test
    void refusesBothPasswordSources() {
        final NodeConfig c = sample();
        assertEquals(ConfigError.INVALID_FIELD, assertThrows(ConfigException.class,
            () -> new NodeConfig(c.name(), c.network(), c.chainId(), c.genesisFile(), c.genesisHash(),
                c.keystoreFile(), c.passwordFile(), "PW", c.p2pListen(), c.rpcListen(), c.metricsListen(),
                c.dataDir())).error());
    }

    @Test
    void hostPortHandlesIpv6AndRefusesGarbage() {
        assertEquals(new HostPort("::1", 9), HostPort.parse("[::1]:9"));
        assertEquals("[::1]:9", new HostPort("::1", 9).toString());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:9"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":80"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:0"));
    }
}
