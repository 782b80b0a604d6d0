package io.kairos.node.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.KairosException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * One validator's node configuration ({@code node.json}), as written by {@code kairos init} and read
 * by the node. Relative paths resolve against the directory of the configuration file, so a whole
 * devnet folder can be moved as one.
 *
 * <p>The validator set and the peers' network addresses are not repeated here: they come from the
 * genesis, whose hash this file pins so that a node can never start on the wrong chain.
 *
 * @param name             the validator's name, used in logs and metrics
 * @param network          network label of the genesis (devnet, testnet, mainnet)
 * @param chainId          chain id of the genesis
 * @param genesisFile      path of the genesis JSON
 * @param genesisHash      the genesis hash the node must find in that file
 * @param keystoreFile     path of the validator's encrypted keystore
 * @param passwordFile     path of a file holding the keystore password, or null to use
 *                         {@code passwordEnv} or a prompt
 * @param passwordEnv      environment variable holding the keystore password, or null
 * @param p2pListen        where the consensus transport listens (must be the validator's genesis
 *                         network address)
 * @param rpcListen        where the JSON-RPC server listens
 * @param metricsListen    where the Prometheus metrics endpoint listens
 * @param dataDir          directory for the journal and state
 */
public record NodeConfig(
    String name,
    String network,
    long chainId,
    Path genesisFile,
    Hash genesisHash,
    Path keystoreFile,
    Path passwordFile,
    String passwordEnv,
    HostPort p2pListen,
    HostPort rpcListen,
    HostPort metricsListen,
    Path dataDir) {

    /** The format version written and the only one read. */
    public static final int FORMAT_VERSION = 1;
    /** Larger files are refused before parsing. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private static final Set<String> FIELDS = Set.of("kairosNodeConfig", "name", "network", "chainId",
        "genesisFile", "genesisHash", "keystoreFile", "passwordFile", "passwordEnv", "p2pListen",
        "rpcListen", "metricsListen", "dataDir");

    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(SerializationFeature.INDENT_OUTPUT);

    public NodeConfig {
        if (name == null || name.isBlank()) {
            throw new ConfigException(ConfigError.INVALID_FIELD, "name must not be empty");
        }
        if (chainId <= 0) {
            throw new ConfigException(ConfigError.INVALID_FIELD, "chainId must be positive, got " + chainId);
        }
        if (passwordFile != null && passwordEnv != null) {
            throw new ConfigException(ConfigError.INVALID_FIELD,
                "give passwordFile or passwordEnv, not both");
        }
    }

    /** Reads and validates {@code file}; relative paths in it are resolved against its directory. */
    public static NodeConfig read(final Path file) {
        final byte[] bytes;
        try {
            final long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(ConfigError.INVALID_FIELD,
                    file + " is " + size + " bytes; a node config is at most " + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new ConfigException(ConfigError.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        final Path base = file.toAbsolutePath().getParent();
        return parse(new String(bytes, StandardCharsets.UTF_8), base);
    }

    /** Parses JSON text; relative paths resolve against {@code base}. */
    public static NodeConfig parse(final String json, final Path base) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new ConfigException(ConfigError.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(ConfigError.MALFORMED_JSON, "a node config is a JSON object");
        }
        for (final Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            final String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ConfigException(ConfigError.UNKNOWN_FIELD, "unknown field '" + f + "' (known: " + FIELDS + ")");
            }
        }
        final JsonNode version = required(root, "kairosNodeConfig");
        if (!version.isInt() || version.intValue() != FORMAT_VERSION) {
            throw new ConfigException(ConfigError.UNSUPPORTED_VERSION,
                "kairosNodeConfig must be " + FORMAT_VERSION + ", got " + version);
        }
        final JsonNode chainId = required(root, "chainId");
        if (!chainId.canConvertToExactIntegral() || !chainId.canConvertToLong()) {
            throw new ConfigException(ConfigError.INVALID_FIELD, "chainId must be an integer");
        }
        final Hash genesisHash;
        try {
            genesisHash = Hash.fromHex(text(root, "genesisHash", true));
        } catch (final KairosException e) {
            throw new ConfigException(ConfigError.INVALID_FIELD, "genesisHash: " + e.getMessage(), e);
        }
        return new NodeConfig(
            text(root, "name", true),
            text(root, "network", true),
            chainId.longValue(),
            path(root, "genesisFile", base, true),
            genesisHash,
            path(root, "keystoreFile", base, true),
            path(root, "passwordFile", base, false),
            text(root, "passwordEnv", false),
            endpoint(root, "p2pListen"),
            endpoint(root, "rpcListen"),
            endpoint(root, "metricsListen"),
            path(root, "dataDir", base, true));
    }

    /**
     * JSON for this config with paths written relative to {@code base} (the directory the file will
     * be written to), so that a folder of configs stays movable.
     */
    public String toJson(final Path base) {
        final ObjectNode o = JSON.createObjectNode();
        o.put("kairosNodeConfig", FORMAT_VERSION);
        o.put("name", name);
        o.put("network", network);
        o.put("chainId", chainId);
        o.put("genesisFile", relative(base, genesisFile));
        o.put("genesisHash", genesisHash.toHex());
        o.put("keystoreFile", relative(base, keystoreFile));
        if (passwordFile != null) {
            o.put("passwordFile", relative(base, passwordFile));
        }
        if (passwordEnv != null) {
            o.put("passwordEnv", passwordEnv);
        }
        o.put("p2pListen", p2pListen.toString());
        o.put("rpcListen", rpcListen.toString());
        o.put("metricsListen", metricsListen.toString());
        o.put("dataDir", relative(base, dataDir));
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static String relative(final Path base, final Path p) {
        final Path abs = p.toAbsolutePath().normalize();
        final Path b = base.toAbsolutePath().normalize();
        return (abs.getRoot().equals(b.getRoot()) ? b.relativize(abs) : abs).toString();
    }

    private static JsonNode required(final JsonNode root, final String field) {
        final JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new ConfigException(ConfigError.MISSING_FIELD, "missing field '" + field + "'");
        }
        return n;
    }

    private static String text(final JsonNode root, final String field, final boolean mandatory) {
        final JsonNode n = mandatory ? required(root, field) : root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw new ConfigException(ConfigError.INVALID_FIELD, field + " must be a non-empty string");
        }
        return n.textValue();
    }

    private static Path path(final JsonNode root, final String field, final Path base, final boolean mandatory) {
        final String t = text(root, field, mandatory);
        if (t == null) {
            return null;
        }
        final Path p = Path.of(t);
        return (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize();
    }

    private static HostPort endpoint(final JsonNode root, final String field) {
        try {
            return HostPort.parse(text(root, field, true));
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(ConfigError.INVALID_FIELD, field + ": " + e.getMessage(), e);
        }
    }
}
