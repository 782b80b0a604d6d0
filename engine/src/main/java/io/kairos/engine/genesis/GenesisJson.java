package io.kairos.engine.genesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hex;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.crypto.SchemeId;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes genesis files (format in docs/genesis.md). Reading is strict: unknown or repeated
 * keys, wrong JSON types, missing fields and every rule of {@link Genesis} are refused with a
 * {@link GenesisException} naming the JSON path. Writing is deterministic (fixed key order, sorted
 * allocations, {@code \n} line ends) and includes {@code genesisHash}, so that
 * {@code parse(write(g)).equals(g)}. Stateless and thread-safe.
 */
public final class GenesisJson {
    /** Larger inputs are refused before parsing: 16 MiB holds thousands of ML-DSA validators. */
    public static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;
    /** The format nests three deep; the margin only serves to reach our own error messages. */
    private static final int MAX_NESTING_DEPTH = 8;

    private static final Set<String> ROOT_FIELDS = Set.of("formatVersion", "network", "chainId", "genesisTime",
        "totalSupply", "blockReward", "targetBlockIntervalMillis", "maxBlockBytes", "maxBlockTransactions",
        "maxTransactionBytes", "allocations", "validators", "genesisHash");
    private static final Set<String> ALLOCATION_FIELDS = Set.of("address", "balance");
    private static final Set<String> VALIDATOR_FIELDS =
        Set.of("name", "scheme", "publicKey", "stake", "networkAddress", "address");

    /** Plain decimals only: no sign, exponent or spaces, so every accepted text means one amount. */
    private static final Pattern AMOUNT = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    /**
     * RFC 3339 in UTC with at most millisecond precision, the precision a genesis keeps. Hour 24 and
     * leap second 60 are excluded here because java.time would quietly roll them over.
     */
    private static final Pattern TIME =
        Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z");

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(64)
            .build())
        .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withArrayEmptySeparator("")
            .withObjectEmptySeparator(""))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private GenesisJson() {
    }

    /** Parses UTF-8 text; see {@link #parse(byte[])}. */
    public static Genesis parse(final String json) {
        if (json == null) {
            throw new GenesisException(GenesisError.MALFORMED_JSON, "", "no genesis text given");
        }
        // Every char takes at least one UTF-8 byte: a longer string is refused before it is encoded.
        if (json.length() > MAX_INPUT_BYTES) {
            throw oversized(json.length());
        }
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a genesis file. When it declares {@code genesisHash}, the declared hash must equal the
     * computed one.
     *
     * @throws GenesisException for any malformed input or broken rule, never another exception
     */
    public static Genesis parse(final byte[] json) {
        if (json == null) {
            throw new GenesisException(GenesisError.MALFORMED_JSON, "", "no genesis bytes given");
        }
        if (json.length > MAX_INPUT_BYTES) {
            throw oversized(json.length);
        }
        final JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw new GenesisException(GenesisError.MALFORMED_JSON, "",
                "a genesis file holds one JSON object, found " + describe(root));
        }
        final Fields doc = new Fields((ObjectNode) root, "");
        final JsonNode version = doc.require("formatVersion");
        if (!version.isIntegralNumber()) {
            throw wrongType("formatVersion", "an integer", version);
        }
        if (!version.canConvertToInt() || version.intValue() != Genesis.FORMAT_VERSION) {
            throw new GenesisException(GenesisError.UNSUPPORTED_VERSION, "formatVersion",
                "this build reads genesis format version " + Genesis.FORMAT_VERSION + ", the file is version "
                    + version.asText());
        }
        doc.allowOnly(ROOT_FIELDS);

        final NetworkPreset network = NetworkPreset.fromLabel(doc.string("network"));
        final long chainId = doc.integer("chainId");
        final long genesisTime = parseTime(doc.string("genesisTime"));
        final long totalSupply = doc.amount("totalSupply");
        final long blockReward = doc.amount("blockReward");
        final long interval = doc.integer("targetBlockIntervalMillis");
        final int maxBlockBytes = doc.int32("maxBlockBytes");
        final int maxBlockTransactions = doc.int32("maxBlockTransactions");
        final int maxTransactionBytes = doc.int32("maxTransactionBytes");
        final List<Allocation> allocations = readAllocations(doc);
        final List<GenesisValidator> validators = readValidators(doc);
        final String declaredHashText = doc.optionalString("genesisHash");
        final Hash declaredHash = declaredHashText == null ? null : parseHash(declaredHashText);

        final Genesis genesis = new Genesis(chainId, network, genesisTime, totalSupply, blockReward, interval,
            maxBlockBytes, maxBlockTransactions, maxTransactionBytes, allocations, validators);
        if (declaredHash != null && !declaredHash.equals(genesis.hash())) {
            throw new GenesisException(GenesisError.HASH_MISMATCH, "genesisHash",
                "the file declares " + declaredHash + " but its contents hash to " + genesis.hash()
                    + "; the file was changed after the hash was written, or the hash belongs to another genesis");
        }
        return genesis;
    }

    private static List<Allocation> readAllocations(final Fields doc) {
        final ArrayNode array = doc.array("allocations");
        final List<Allocation> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            final String at = "allocations[" + i + "]";
            final Fields entry = Fields.of(array.get(i), at);
            entry.allowOnly(ALLOCATION_FIELDS);
            final Address address = entry.address("address");
            final long balance = entry.amount("balance");
            try {
                out.add(new Allocation(address, balance));
            } catch (final GenesisException e) {
                throw e.under(at);
            }
        }
        return out;
    }

    private static List<GenesisValidator> readValidators(final Fields doc) {
        final ArrayNode array = doc.array("validators");
        final List<GenesisValidator> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            final String at = "validators[" + i + "]";
            final Fields entry = Fields.of(array.get(i), at);
            entry.allowOnly(VALIDATOR_FIELDS);
            final String name = entry.optionalString("name");
            final SchemeId scheme;
            try {
                scheme = SchemeId.fromLabel(entry.string("scheme"));
            } catch (final ValidationException e) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at + ".scheme",
                    "unknown signature scheme '" + entry.node.get("scheme").asText() + "' (known: ed25519, ml-dsa-44)",
                    e);
            }
            final byte[] publicKey = entry.hex("publicKey");
            final long stake = entry.amount("stake");
            final String networkAddress = entry.string("networkAddress");
            final GenesisValidator v;
            try {
                v = new GenesisValidator(name, scheme, publicKey, stake, networkAddress);
            } catch (final GenesisException e) {
                throw e.under(at);
            }
            if (entry.node.has("address")) {
                final Address declared = entry.address("address");
                if (!declared.equals(v.address())) {
                    throw new GenesisException(GenesisError.INVALID_FIELD, at + ".address",
                        "declared " + declared + " but the " + scheme.label() + " public key derives "
                            + v.address() + " (the address is optional; it is derived from the key)");
                }
            }
            out.add(v);
        }
        return out;
    }

    private static long parseTime(final String text) {
        if (!TIME.matcher(text).matches()) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "genesisTime",
                "expected an RFC 3339 UTC time such as 2026-11-21T00:00:00Z (at most 3 fraction digits, Z suffix),"
                    + " got '" + text + "'");
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (final DateTimeParseException | ArithmeticException e) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "genesisTime",
                "not a valid date and time: '" + text + "'", e);
        }
    }

    private static Hash parseHash(final String text) {
        if (!(text.startsWith("0x") || text.startsWith("0X")) || text.length() != 2 + 2 * Hash.LENGTH) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "genesisHash",
                "expected 0x followed by 64 hex digits, got '" + text + "'");
        }
        try {
            return Hash.fromHex(text);
        } catch (final ValidationException e) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "genesisHash", e.getMessage(), e);
        }
    }

    private static GenesisException oversized(final long size) {
        return new GenesisException(GenesisError.OVERSIZED, "",
            "a genesis file may hold at most " + MAX_INPUT_BYTES + " bytes, this one holds " + size);
    }

    /**
     * Builds the tree by hand rather than with Jackson's duplicate detection, so that a repeated key is
     * reported as {@link GenesisError#DUPLICATE_KEY} with its path instead of as a generic parse error.
     */
    private static JsonNode readTree(final byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            try {
                final JsonToken first = p.nextToken();
                if (first == null) {
                    throw new GenesisException(GenesisError.MALFORMED_JSON, "", "the input is empty");
                }
                final JsonNode root = readValue(p, first, "");
                if (p.nextToken() != null) {
                    throw new GenesisException(GenesisError.MALFORMED_JSON, "",
                        "unexpected content after the top-level value at " + where(p.currentLocation()));
                }
                return root;
            } catch (final JsonProcessingException e) {
                throw new GenesisException(GenesisError.MALFORMED_JSON, pathOf(p.getParsingContext()),
                    e.getOriginalMessage() + " at "
                        + where(e.getLocation() != null ? e.getLocation() : p.currentLocation()), e);
            }
        } catch (final IOException e) {
            throw new GenesisException(GenesisError.MALFORMED_JSON, "", "cannot read the JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode readValue(final JsonParser p, final JsonToken token, final String path) throws IOException {
        if (token == null) {
            throw new GenesisException(GenesisError.MALFORMED_JSON, path, "the input ends in the middle of a value");
        }
        switch (token) {
            case START_OBJECT -> {
                final ObjectNode object = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) {
                        throw new GenesisException(GenesisError.MALFORMED_JSON, path,
                            "expected a key at " + where(p.currentLocation()));
                    }
                    final String name = p.currentName();
                    final String at = path.isEmpty() ? name : path + "." + name;
                    if (object.has(name)) {
                        throw new GenesisException(GenesisError.DUPLICATE_KEY, at,
                            "the key '" + name + "' appears twice in the same object (line "
                                + p.currentLocation().getLineNr() + ")");
                    }
                    object.set(name, readValue(p, p.nextToken(), at));
                }
                return object;
            }
            case START_ARRAY -> {
                final ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t == null) {
                        throw new GenesisException(GenesisError.MALFORMED_JSON, path, "the input ends inside an array");
                    }
                    array.add(readValue(p, t, path + "[" + i + "]"));
                    i++;
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? NODES.numberNode(p.getBigIntegerValue())
                    : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new GenesisException(GenesisError.MALFORMED_JSON, path,
                "unexpected JSON token " + token + " at " + where(p.currentLocation()));
        }
    }

    private static String pathOf(final JsonStreamContext context) {
        final List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                final boolean topLevel = c.getParent() != null && c.getParent().inRoot();
                parts.add(topLevel ? c.getCurrentName() : "." + c.getCurrentName());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append(parts.get(i));
        }
        return sb.toString();
    }

    private static String where(final JsonLocation location) {
        return location == null ? "an unknown position"
            : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(final JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : "a " + node.getNodeType();
    }

    private static GenesisException wrongType(final String path, final String expected, final JsonNode found) {
        return new GenesisException(GenesisError.WRONG_TYPE, path,
            "expected " + expected + ", found " + describe(found));
    }

    /** The typed fields of one JSON object, each read with its full path for error messages. */
    private static final class Fields {
        final ObjectNode node;
        final String path;

        Fields(final ObjectNode node, final String path) {
            this.node = node;
            this.path = path;
        }

        static Fields of(final JsonNode node, final String path) {
            if (!node.isObject()) {
                throw wrongType(path, "an object", node);
            }
            return new Fields((ObjectNode) node, path);
        }

        String at(final String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        void allowOnly(final Set<String> allowed) {
            final Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                final String name = names.next();
                if (!allowed.contains(name)) {
                    final String list = String.join(", ", allowed.stream().sorted().toList());
                    throw new GenesisException(GenesisError.UNKNOWN_FIELD, at(name),
                        "'" + name + "' is not a field here (allowed: " + list + ")");
                }
            }
        }

        JsonNode require(final String name) {
            final JsonNode value = node.get(name);
            if (value == null) {
                throw new GenesisException(GenesisError.MISSING_FIELD, at(name),
                    "the field '" + name + "' is required");
            }
            return value;
        }

        String string(final String name) {
            final JsonNode value = require(name);
            if (!value.isTextual()) {
                throw wrongType(at(name), "a string", value);
            }
            return value.textValue();
        }

        String optionalString(final String name) {
            return node.has(name) ? string(name) : null;
        }

        ArrayNode array(final String name) {
            final JsonNode value = require(name);
            if (!value.isArray()) {
                throw wrongType(at(name), "an array", value);
            }
            return (ArrayNode) value;
        }

        long integer(final String name) {
            final JsonNode value = require(name);
            if (!value.isIntegralNumber()) {
                throw wrongType(at(name), "an integer (no fraction, exponent or quotes)", value);
            }
            if (!value.canConvertToLong()) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name),
                    value.asText() + " does not fit a 64-bit signed integer");
            }
            return value.longValue();
        }

        int int32(final String name) {
            final long value = integer(name);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name),
                    value + " does not fit a 32-bit signed integer (at most " + Integer.MAX_VALUE + ")");
            }
            return (int) value;
        }

        long amount(final String name) {
            final JsonNode value = require(name);
            if (!value.isTextual()) {
                throw wrongType(at(name), "a decimal token amount in a string, e.g. \"1000.5\"", value);
            }
            final String text = value.textValue();
            if (!AMOUNT.matcher(text).matches()) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name),
                    "expected a non-negative decimal token amount such as \"1000\" or \"0.5\", got \"" + text + "\"");
            }
            try {
                return Amounts.parseTokens(text);
            } catch (final ValidationException e) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name),
                    "\"" + text + "\" is not a valid amount: at most " + Amounts.DECIMALS + " decimals and at most "
                        + Amounts.formatTokens(Long.MAX_VALUE) + " tokens (" + e.code() + ")", e);
            }
        }

        byte[] hex(final String name) {
            final String text = string(name);
            if (!(text.startsWith("0x") || text.startsWith("0X"))) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name),
                    "expected 0x followed by hex digits, got '" + abbreviate(text) + "'");
            }
            try {
                return Hex.decode(text);
            } catch (final ValidationException e) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name), "not valid hex: " + e.getMessage(), e);
            }
        }

        Address address(final String name) {
            final String text = string(name);
            try {
                return Address.fromHex(text);
            } catch (final ValidationException e) {
                throw new GenesisException(GenesisError.INVALID_FIELD, at(name),
                    "expected 0x followed by 40 hex digits, got '" + abbreviate(text) + "' (" + e.getMessage() + ")",
                    e);
            }
        }
    }

    private static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /**
     * The genesis as pretty-printed JSON, with {@code genesisHash}, fixed key order, allocations
     * sorted by address and a final newline. The same genesis always gives the same text.
     */
    public static String write(final Genesis genesis) {
        final StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // A pretty printer tracks nesting, so each generator gets its own copy.
            g.setPrettyPrinter(PRETTY.createInstance());
            g.writeStartObject();
            g.writeNumberField("formatVersion", genesis.formatVersion());
            g.writeStringField("network", genesis.network().label());
            g.writeNumberField("chainId", genesis.chainId());
            g.writeStringField("genesisTime", genesis.genesisTime().toString());
            g.writeStringField("totalSupply", Amounts.formatTokens(genesis.totalSupply()));
            g.writeStringField("blockReward", Amounts.formatTokens(genesis.blockReward()));
            g.writeNumberField("targetBlockIntervalMillis", genesis.targetBlockIntervalMillis());
            g.writeNumberField("maxBlockBytes", genesis.maxBlockBytes());
            g.writeNumberField("maxBlockTransactions", genesis.maxBlockTransactions());
            g.writeNumberField("maxTransactionBytes", genesis.maxTransactionBytes());
            g.writeArrayFieldStart("allocations");
            for (final Allocation a : genesis.allocations()) {
                g.writeStartObject();
                g.writeStringField("address", a.address().toHex());
                g.writeStringField("balance", Amounts.formatTokens(a.balance()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("validators");
            for (final GenesisValidator v : genesis.validators()) {
                g.writeStartObject();
                if (v.name().isPresent()) {
                    g.writeStringField("name", v.name().get());
                }
                g.writeStringField("scheme", v.scheme().label());
                g.writeStringField("address", v.address().toHex());
                g.writeStringField("stake", Amounts.formatTokens(v.stake()));
                g.writeStringField("networkAddress", v.networkAddress());
                g.writeStringField("publicKey", Hex.encodePrefixed(v.publicKey()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("genesisHash", genesis.hash().toHex());
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.append('\n').toString();
    }
}
