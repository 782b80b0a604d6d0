package io.kairos.engine.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Hex;
import io.kairos.engine.crypto.Ed25519Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad genesis file is refused with its code and the path of the offending field. */
class GenesisJsonErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture without its declared hash, so that an edit is judged by the rule it breaks. */
    private static ObjectNode doc() {
        try {
            final ObjectNode doc = (ObjectNode) JSON.readTree(TestGenesis.fixtureText());
            doc.remove("genesisHash");
            return doc;
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode validator(final ObjectNode doc, final int i) {
        return (ObjectNode) doc.get("validators").get(i);
    }

    private static ObjectNode allocation(final ObjectNode doc, final int i) {
        return (ObjectNode) doc.get("allocations").get(i);
    }

    private static GenesisException refused(final GenesisError error, final String path, final String text) {
        final GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse(text),
            () -> "expected " + error + " at " + path + " but this was accepted:\n" + text);
        assertEquals(error, e.error(), e.getMessage());
        assertEquals(error.name(), e.code());
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().startsWith(error.name()), e.getMessage());
        if (!path.isEmpty()) {
            assertTrue(e.getMessage().contains(" at " + path + ": "), e.getMessage());
        }
        return e;
    }

    private static GenesisException refused(final GenesisError error, final String path,
                                            final Consumer<ObjectNode> edit) {
        final ObjectNode d = doc();
        edit.accept(d);
        try {
            return refused(error, path, JSON.writeValueAsString(d));
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theUneditedDocumentIsAccepted() throws Exception {
        assertEquals(TestGenesis.fixture(), GenesisJson.parse(JSON.writeValueAsString(doc())));
    }

    @Test
    void allocationsThatDoNotAddUpToTheSupplyAreRefusedWithBothNumbers() {
        final GenesisException e = refused(GenesisError.SUPPLY_MISMATCH, "allocations",
            d -> allocation(d, 0).put("balance", "1001"));
        assertTrue(e.getMessage().contains("1000000001 tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("totalSupply is 1000000000 tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("1 tokens too many"), e.getMessage());

        final GenesisException less = refused(GenesisError.SUPPLY_MISMATCH, "allocations",
            d -> validator(d, 1).put("stake", "999999.5"));
        assertTrue(less.getMessage().contains("0.5 tokens are unallocated"), less.getMessage());
    }

    @Test
    void aTotalSupplyOtherThanTheNetworksIsRefusedWithBothNumbers() {
        final GenesisException e = refused(GenesisError.SUPPLY_MISMATCH, "totalSupply",
            d -> d.put("totalSupply", "2000000000"));
        assertTrue(e.getMessage().contains("1000000000 tokens (1000000000000000000 units)"), e.getMessage());
        assertTrue(e.getMessage().contains("2000000000 tokens (2000000000000000000 units)"), e.getMessage());
    }

    @Test
    void amountsWhoseSumOverflowsAreASupplyMismatch() {
        refused(GenesisError.SUPPLY_MISMATCH, "allocations", d -> {
            allocation(d, 0).put("balance", "9000000000");
            allocation(d, 1).put("balance", "9000000000");
        });
    }

    @Test
    void duplicateValidatorKeysAreRefused() {
        refused(GenesisError.DUPLICATE_VALIDATOR, "validators[3].publicKey", d -> {
            validator(d, 3).put("publicKey", validator(d, 1).get("publicKey").textValue());
            validator(d, 3).remove("address");
        });
    }

    @Test
    void duplicateValidatorNamesAreRefused() {
        final GenesisException e = refused(GenesisError.DUPLICATE_VALIDATOR, "validators[2].name",
            d -> validator(d, 2).put("name", "v0"));
        assertTrue(e.getMessage().contains("validators[0]"), e.getMessage());
    }

    @Test
    void duplicateNetworkAddressesAreRefusedIgnoringTheCaseOfTheHost() {
        refused(GenesisError.DUPLICATE_NETWORK_ADDRESS, "validators[1].networkAddress",
            d -> validator(d, 1).put("networkAddress", "127.0.0.1:7001"));
        refused(GenesisError.DUPLICATE_NETWORK_ADDRESS, "validators[1].networkAddress", d -> {
            validator(d, 0).put("networkAddress", "node-a.example:7000");
            validator(d, 1).put("networkAddress", "Node-A.example:7000");
        });
    }

    @Test
    void duplicateAllocationsAreRefused() {
        final GenesisException e = refused(GenesisError.DUPLICATE_ALLOCATION, "allocations[2].address",
            d -> allocation(d, 2).put("address", "0x" + allocation(d, 0).get("address").textValue().substring(2)
                .toUpperCase()));
        assertTrue(e.getMessage().contains("allocations[0]"), e.getMessage());
    }

    @Test
    void aGenesisWithoutValidatorsIsRefused() {
        refused(GenesisError.NO_VALIDATORS, "validators", d -> ((ArrayNode) d.get("validators")).removeAll());
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        final GenesisException e = refused(GenesisError.UNKNOWN_FIELD, "chainID", d -> d.put("chainID", 1));
        assertTrue(e.getMessage().contains("chainId"), "lists the allowed fields: " + e.getMessage());
        refused(GenesisError.UNKNOWN_FIELD, "validators[1].stakes", d -> validator(d, 1).put("stakes", "1"));
        refused(GenesisError.UNKNOWN_FIELD, "allocations[0].amount", d -> allocation(d, 0).put("amount", "1"));
    }

    @Test
    void missingFieldsAreRefused() {
        refused(GenesisError.MISSING_FIELD, "blockReward", d -> d.remove("blockReward"));
        refused(GenesisError.MISSING_FIELD, "formatVersion", d -> d.remove("formatVersion"));
        refused(GenesisError.MISSING_FIELD, "allocations", d -> d.remove("allocations"));
        refused(GenesisError.MISSING_FIELD, "validators[2].scheme", d -> validator(d, 2).remove("scheme"));
        refused(GenesisError.MISSING_FIELD, "validators[0].networkAddress",
            d -> validator(d, 0).remove("networkAddress"));
        refused(GenesisError.MISSING_FIELD, "allocations[1].balance", d -> allocation(d, 1).remove("balance"));
    }

    @Test
    void fieldsOfTheWrongJsonTypeAreRefused() {
        refused(GenesisError.WRONG_TYPE, "chainId", d -> d.put("chainId", "7771"));
        refused(GenesisError.WRONG_TYPE, "maxBlockBytes", d -> d.put("maxBlockBytes", 1.5));
        refused(GenesisError.WRONG_TYPE, "targetBlockIntervalMillis", d -> d.put("targetBlockIntervalMillis", true));
        refused(GenesisError.WRONG_TYPE, "allocations[0].balance", d -> allocation(d, 0).put("balance", 1000));
        refused(GenesisError.WRONG_TYPE, "validators", d -> d.set("validators", JSON.createObjectNode()));
        refused(GenesisError.WRONG_TYPE, "validators[1]", d -> ((ArrayNode) d.get("validators")).set(1, "v1"));
        refused(GenesisError.WRONG_TYPE, "validators[0].name", d -> validator(d, 0).putNull("name"));
        refused(GenesisError.WRONG_TYPE, "formatVersion", d -> d.put("formatVersion", "1"));
    }

    @Test
    void aRepeatedJsonKeyIsRefused() {
        final String text = TestGenesis.fixtureText();
        refused(GenesisError.DUPLICATE_KEY, "chainId",
            text.replace("\"chainId\": 7771,", "\"chainId\": 7771,\n  \"chainId\": 7772,"));
        refused(GenesisError.DUPLICATE_KEY, "validators[1].stake",
            text.replace("\"networkAddress\": \"127.0.0.1:7002\",",
                "\"networkAddress\": \"127.0.0.1:7002\",\n      \"stake\": \"1000000\","));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"formatVersion\": 1,", "{} {}", "[]", "null", "\"genesis\"", "{\"a\" 1}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
    void textThatIsNotOneJsonObjectIsMalformed(final String text) {
        final GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse(text));
        assertEquals(GenesisError.MALFORMED_JSON, e.error(), e.getMessage());
    }

    @Test
    void malformedJsonNamesWhereItWent() {
        final String text = TestGenesis.fixtureText()
            .replace("\"networkAddress\": \"127.0.0.1:7003\"", "\"networkAddress\": 127.0.0.1:7003");
        final GenesisException e = refused(GenesisError.MALFORMED_JSON, "validators[2].networkAddress", text);
        assertTrue(e.getMessage().contains("line "), e.getMessage());
    }

    @Test
    void invalidUtf8IsMalformed() {
        final byte[] bytes = TestGenesis.fixtureText().replace("\"v0\"", "\"v?\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '?') {
                bytes[i] = (byte) 0xFF;
            }
        }
        final GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse(bytes));
        assertEquals(GenesisError.MALFORMED_JSON, e.error(), e.getMessage());
    }

    @Test
    void badHexIsRefused() {
        refused(GenesisError.INVALID_FIELD, "validators[0].publicKey",
            d -> validator(d, 0).put("publicKey", "0x" + "zz".repeat(32)));
        refused(GenesisError.INVALID_FIELD, "validators[0].publicKey",
            d -> validator(d, 0).put("publicKey", validator(d, 0).get("publicKey").textValue().substring(2)));
        refused(GenesisError.INVALID_FIELD, "validators[0].publicKey", d -> validator(d, 0).put("publicKey", "0xabc"));
        refused(GenesisError.INVALID_FIELD, "allocations[1].address", d -> allocation(d, 1).put("address", "0x1234"));
        refused(GenesisError.INVALID_FIELD, "allocations[1].address",
            d -> allocation(d, 1).put("address", allocation(d, 1).get("address").textValue().substring(2)));
        refused(GenesisError.INVALID_FIELD, "validators[3].address", d -> validator(d, 3).put("address", "0xg"));
    }

    @Test
    void aKeyOfTheWrongLengthForItsSchemeIsRefused() {
        final GenesisException e = refused(GenesisError.INVALID_FIELD, "validators[0].publicKey",
            d -> validator(d, 0).put("publicKey", "0x" + "ab".repeat(31)));
        assertTrue(e.getMessage().contains("32 bytes, got 31"), e.getMessage());
        final String ed25519Key = Hex.encodePrefixed(Ed25519Scheme.INSTANCE.fromSeed(TestGenesis.seed(7)).publicKey());
        final GenesisException mlDsa = refused(GenesisError.INVALID_FIELD, "validators[2].publicKey",
            d -> validator(d, 2).put("publicKey", ed25519Key));
        assertTrue(mlDsa.getMessage().contains("ml-dsa-44 public keys are 1312 bytes, got 32"), mlDsa.getMessage());
        refused(GenesisError.INVALID_FIELD, "validators[1].publicKey", d -> validator(d, 1).put("scheme", "ml-dsa-44"));
    }

    @Test
    void anEd25519KeyThatIsNoUsablePointIsRefused() {
        // The identity point (order 1) and a non-canonical y >= p: right length, yet nothing verifies.
        final String identity = "0x01" + "00".repeat(31);
        final String nonCanonical = "0x" + "ff".repeat(31) + "7f";
        for (final String key : new String[] {identity, nonCanonical}) {
            final GenesisException e = refused(GenesisError.INVALID_FIELD, "validators[0].publicKey",
                d -> validator(d, 0).put("publicKey", key));
            assertTrue(e.getMessage().contains("not a valid ed25519 public key"), e.getMessage());
        }
    }

    @Test
    void aDeclaredValidatorAddressMustBeTheOneItsKeyDerives() {
        final GenesisException e = refused(GenesisError.INVALID_FIELD, "validators[1].address",
            d -> validator(d, 1).put("address", validator(d, 0).get("address").textValue()));
        assertTrue(e.getMessage().contains(TestGenesis.ed25519(2).address().toHex()), e.getMessage());
    }

    @Test
    void aDeclaredHashThatDoesNotMatchIsRefusedWithBothHashes() {
        final String real = TestGenesis.fixture().hash().toHex();
        final String wrong = "0x" + "00".repeat(32);
        final GenesisException e = refused(GenesisError.HASH_MISMATCH, "genesisHash",
            TestGenesis.fixtureText().replace(real, wrong));
        assertTrue(e.getMessage().contains(real) && e.getMessage().contains(wrong), e.getMessage());

        final String edited = TestGenesis.fixtureText().replace("\"chainId\": 7771", "\"chainId\": 7779");
        final GenesisException changed = refused(GenesisError.HASH_MISMATCH, "genesisHash", edited);
        assertTrue(changed.getMessage().contains(real), changed.getMessage());
    }

    @Test
    void aMalformedDeclaredHashIsRefused() {
        refused(GenesisError.INVALID_FIELD, "genesisHash", d -> d.put("genesisHash", "0x1234"));
        refused(GenesisError.INVALID_FIELD, "genesisHash", d -> d.put("genesisHash", "zz".repeat(33)));
        refused(GenesisError.WRONG_TYPE, "genesisHash", d -> d.put("genesisHash", 5));
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        final byte[] big = new byte[GenesisJson.MAX_INPUT_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        final GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse(big));
        assertEquals(GenesisError.OVERSIZED, e.error());
        assertTrue(e.getMessage().contains(Integer.toString(GenesisJson.MAX_INPUT_BYTES)), e.getMessage());
        final GenesisException text = assertThrows(GenesisException.class,
            () -> GenesisJson.parse(" ".repeat(GenesisJson.MAX_INPUT_BYTES + 1)));
        assertEquals(GenesisError.OVERSIZED, text.error());
        // Under the limit in chars but over it in UTF-8 bytes.
        final GenesisException wide = assertThrows(GenesisException.class,
            () -> GenesisJson.parse("\u00e9".repeat(GenesisJson.MAX_INPUT_BYTES / 2 + 1)));
        assertEquals(GenesisError.OVERSIZED, wide.error());
    }

    @Test
    void otherFormatVersionsAreRefusedBeforeTheirFieldsAreJudged() {
        final GenesisException e = refused(GenesisError.UNSUPPORTED_VERSION, "formatVersion", d -> {
            d.put("formatVersion", 2);
            d.put("someFieldOfVersionTwo", true);
        });
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        refused(GenesisError.UNSUPPORTED_VERSION, "formatVersion", d -> d.put("formatVersion", 0));
        refused(GenesisError.UNSUPPORTED_VERSION, "formatVersion",
            d -> d.put("formatVersion", new java.math.BigInteger("100000000000000000000")));
    }

    @Test
    void unknownNetworksAndSchemesAreRefused() {
        final GenesisException e = refused(GenesisError.INVALID_FIELD, "network", d -> d.put("network", "devnett"));
        assertTrue(e.getMessage().contains("devnet, testnet, mainnet"), e.getMessage());
        final GenesisException s = refused(GenesisError.INVALID_FIELD, "validators[1].scheme",
            d -> validator(d, 1).put("scheme", "rsa"));
        assertTrue(s.getMessage().contains("ed25519, ml-dsa-44"), s.getMessage());
    }

    @Test
    void chainIdsOutsideTheRangeAreRefused() {
        refused(GenesisError.INVALID_FIELD, "chainId", d -> d.put("chainId", 0));
        refused(GenesisError.INVALID_FIELD, "chainId", d -> d.put("chainId", -7));
        refused(GenesisError.INVALID_FIELD, "chainId", d -> d.put("chainId", Genesis.MAX_CHAIN_ID + 1));
        refused(GenesisError.INVALID_FIELD, "chainId",
            d -> d.put("chainId", new java.math.BigInteger("1" + "0".repeat(30))));
    }

    @Test
    void nonPositiveIntervalsAndLimitsAreRefused() {
        refused(GenesisError.INVALID_FIELD, "targetBlockIntervalMillis", d -> d.put("targetBlockIntervalMillis", 0));
        refused(GenesisError.INVALID_FIELD, "maxBlockBytes", d -> d.put("maxBlockBytes", -1));
        refused(GenesisError.INVALID_FIELD, "maxBlockTransactions", d -> d.put("maxBlockTransactions", 0));
        refused(GenesisError.INVALID_FIELD, "maxTransactionBytes", d -> d.put("maxTransactionBytes", 0));
        refused(GenesisError.INVALID_FIELD, "maxBlockBytes", d -> d.put("maxBlockBytes", 1L << 31));
        refused(GenesisError.INVALID_FIELD, "maxTransactionBytes", d -> d.put("maxTransactionBytes", 5_000_000));
    }

    @Test
    void malformedAmountsAreRefused() {
        for (final String bad : new String[] {"-5", "+5", "1e9", " 5", "5 ", "", "0x10", "1,000", "0.0000000001", "1.",
            ".5", "10000000000000"}) {
            refused(GenesisError.INVALID_FIELD, "allocations[0].balance", d -> allocation(d, 0).put("balance", bad));
        }
        refused(GenesisError.INVALID_FIELD, "blockReward", d -> d.put("blockReward", "-1"));
        refused(GenesisError.INVALID_FIELD, "validators[0].stake", d -> validator(d, 0).put("stake", "0"));
        refused(GenesisError.INVALID_FIELD, "allocations[2].balance", d -> allocation(d, 2).put("balance", "0.000"));
    }

    @Test
    void genesisTimesThatAreNotRfc3339UtcAreRefused() {
        for (final String bad : new String[] {"2026-11-21 00:00:00Z", "2026-11-21T00:00:00",
            "2026-11-21T00:00:00+01:00", "2026-02-30T00:00:00Z", "2026-11-21T00:00:00.1234Z", "2026-11-21T24:00:00Z",
            "2026-11-21t00:00:00z", "1795219200000", "-2026-11-21T00:00:00Z", "1969-12-31T23:59:59Z"}) {
            refused(GenesisError.INVALID_FIELD, "genesisTime", d -> d.put("genesisTime", bad));
        }
        refused(GenesisError.WRONG_TYPE, "genesisTime", d -> d.put("genesisTime", TestGenesis.TIME));
    }

    @Test
    void millisecondGenesisTimesAreKept() throws Exception {
        final ObjectNode d = doc();
        d.put("genesisTime", "2026-11-21T00:00:00.250Z");
        final Genesis g = GenesisJson.parse(JSON.writeValueAsString(d));
        assertEquals(TestGenesis.TIME + 250, g.genesisTimeMillis());
        assertTrue(GenesisJson.write(g).contains("\"2026-11-21T00:00:00.250Z\""));
    }

    @Test
    void badNetworkAddressesAndNamesAreRefused() {
        for (final String bad : new String[] {"localhost", "host:0", "host:65536", ":9000", "host:09000", "host:",
            "host:+9", "ho st:9000", "[::1:9000", "[]:9000", "::1:9000", "a".repeat(251) + ":9000"}) {
            refused(GenesisError.INVALID_FIELD, "validators[1].networkAddress",
                d -> validator(d, 1).put("networkAddress", bad));
        }
        refused(GenesisError.INVALID_FIELD, "validators[1].name", d -> validator(d, 1).put("name", ""));
        refused(GenesisError.INVALID_FIELD, "validators[1].name", d -> validator(d, 1).put("name", "x".repeat(65)));
        refused(GenesisError.INVALID_FIELD, "validators[1].name", d -> validator(d, 1).put("name", "a\nb"));
    }

    @Test
    void everyRefusalIsAGenesisExceptionEvenForTruncatedFiles() {
        final String text = TestGenesis.fixtureText();
        for (int cut = 0; cut < text.length(); cut += 97) {
            final String truncated = text.substring(0, cut);
            final GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse(truncated));
            assertEquals(GenesisError.MALFORMED_JSON, e.error(), e.getMessage());
        }
    }

    @Test
    void numbersThatAreValidButUnusualAreRead() throws Exception {
        final ObjectNode d = doc();
        final JsonNode v0 = validator(d, 0);
        ((ObjectNode) v0).put("networkAddress", "[2001:db8::1]:65535");
        d.put("blockReward", "0");
        final Genesis g = GenesisJson.parse(JSON.writeValueAsString(d));
        assertEquals(0, g.blockReward());
        assertEquals("[2001:db8::1]", g.validators().get(0).host());
        assertEquals(65_535, g.validators().get(0).port());
    }
}
