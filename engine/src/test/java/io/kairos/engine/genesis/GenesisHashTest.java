package io.kairos.engine.genesis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenesisHashTest {
    /** The hash of src/test/resources/io/kairos/engine/genesis/devnet-genesis.json; it must never change. */
    private static final String FIXTURE_HASH = "0x0558d7c5e29d8d525edce90d905668274298809ad9b95cfb47108969a7883ccb";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fixtureFileHasThePinnedHash() {
        final Genesis g = GenesisJson.parse(TestGenesis.fixtureText());
        assertEquals(FIXTURE_HASH, g.hash().toHex());
        assertEquals(NetworkPreset.DEVNET, g.network());
        assertEquals(7771L, g.chainId());
        assertEquals(TestGenesis.TIME, g.genesisTimeMillis());
        assertEquals(4, g.validators().size());
        assertEquals("v2", g.validators().get(2).name().orElseThrow());
        assertEquals(SchemeId.ML_DSA_44, g.validators().get(2).scheme());
        assertEquals(TestGenesis.mlDsa44(3).address(), g.validators().get(2).address());
        assertTrue(g.validators().get(3).name().isEmpty());
        assertEquals(Amounts.parseTokens("995998999.5"), balanceOf(g, TestGenesis.treasury()));
    }

    @Test
    void builderMakesTheFixtureAndWriteReproducesTheFileByteForByte() {
        final Genesis built = TestGenesis.fixture();
        assertEquals(FIXTURE_HASH, built.hash().toHex());
        assertEquals(TestGenesis.fixtureText(), GenesisJson.write(built));
        assertEquals(GenesisJson.parse(TestGenesis.fixtureText()), built);
    }

    @Test
    void writeThenParseGivesAnEqualGenesisWithTheSameHash() {
        final Genesis g = TestGenesis.fixture();
        final String text = GenesisJson.write(g);
        final Genesis back = GenesisJson.parse(text);
        assertEquals(g, back);
        assertEquals(g.hash(), back.hash());
        assertEquals(text, GenesisJson.write(back));
        assertEquals(g.hash(), GenesisJson.parse(text.getBytes(StandardCharsets.UTF_8)).hash());
    }

    @Test
    void orderOfAllocationsInTheFileDoesNotChangeTheHash() throws Exception {
        final ObjectNode doc = (ObjectNode) JSON.readTree(TestGenesis.fixtureText());
        final ArrayNode allocations = (ArrayNode) doc.get("allocations");
        final List<com.fasterxml.jackson.databind.JsonNode> entries = new ArrayList<>();
        allocations.forEach(entries::add);
        allocations.removeAll();
        for (int i = entries.size() - 1; i >= 0; i--) {
            allocations.add(entries.get(i));
        }
        // The declared hash stays in place: it must still match.
        final Genesis reordered = GenesisJson.parse(JSON.writeValueAsString(doc));
        assertEquals(FIXTURE_HASH, reordered.hash().toHex());
        assertEquals(GenesisJson.parse(TestGenesis.fixtureText()), reordered);
    }

    @Test
    void orderOfKeysAndWhitespaceInTheFileDoNotChangeTheHash() throws Exception {
        final ObjectNode doc = (ObjectNode) JSON.readTree(TestGenesis.fixtureText());
        final ObjectNode reversed = JSON.createObjectNode();
        final List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.set(names.get(i), doc.get(names.get(i)));
        }
        assertEquals(FIXTURE_HASH, GenesisJson.parse(JSON.writeValueAsString(reversed)).hash().toHex());
    }

    @Test
    void orderOfAllocationsInTheBuilderDoesNotChangeTheHash() {
        final Genesis a = Genesis.builder(NetworkPreset.TESTNET).genesisTimeMillis(0)
            .validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "a:1"))
            .allocation(TestGenesis.alice(), 5).allocation(TestGenesis.bob(), 7).remainderTo(TestGenesis.treasury())
            .build();
        final Genesis b = Genesis.builder(NetworkPreset.TESTNET).genesisTimeMillis(0)
            .validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "a:1"))
            .remainderTo(TestGenesis.treasury()).allocation(TestGenesis.bob(), 7).allocation(TestGenesis.alice(), 5)
            .build();
        assertEquals(a, b);
        assertEquals(a.hash(), b.hash());
        for (int i = 1; i < a.allocations().size(); i++) {
            assertTrue(a.allocations().get(i - 1).address().compareTo(a.allocations().get(i).address()) < 0);
        }
    }

    @Test
    void changingAnyFieldChangesTheHash() {
        final Map<String, UnaryOperator<GenesisBuilder>> changes = new LinkedHashMap<>();
        changes.put("chainId", b -> b.chainId(7772));
        changes.put("genesisTime", b -> b.genesisTimeMillis(TestGenesis.TIME + 1));
        changes.put("blockReward", b -> b.blockReward(Amounts.tokens(1) + 1));
        changes.put("targetBlockIntervalMillis", b -> b.targetBlockIntervalMillis(201));
        changes.put("maxBlockBytes", b -> b.maxBlockBytes(NetworkPreset.MAX_BLOCK_BYTES - 1));
        changes.put("maxBlockTransactions", b -> b.maxBlockTransactions(19_999));
        changes.put("maxTransactionBytes", b -> b.maxTransactionBytes(NetworkPreset.MAX_TRANSACTION_BYTES - 1));
        // The treasury takes up whatever the change frees or uses, so every variant stays balanced.
        changes.put("allocation added", b -> b.allocation(TestGenesis.mlDsa44(0x20).address(), 1));
        final Map<String, GenesisBuilder> variants = new LinkedHashMap<>();
        changes.forEach((what, change) -> variants.put(what, change.apply(TestGenesis.fixtureBuilder())));
        variants.put("network", fixtureLike(NetworkPreset.TESTNET, validators(), 0, 1_000));
        final List<GenesisValidator> swapped = validators();
        swapped.add(0, swapped.remove(1));
        variants.put("validator order", fixtureLike(NetworkPreset.DEVNET, swapped, 0, 1_000));
        variants.put("validator name", fixtureLike(NetworkPreset.DEVNET,
            replace(validators(), 0, TestGenesis.validator("v9", TestGenesis.ed25519(1), "127.0.0.1:7001")), 0, 1_000));
        variants.put("validator without name", fixtureLike(NetworkPreset.DEVNET,
            replace(validators(), 0, TestGenesis.validator(null, TestGenesis.ed25519(1), "127.0.0.1:7001")), 0, 1_000));
        variants.put("validator network address", fixtureLike(NetworkPreset.DEVNET,
            replace(validators(), 0, TestGenesis.validator("v0", TestGenesis.ed25519(1), "127.0.0.1:7009")), 0, 1_000));
        variants.put("validator key", fixtureLike(NetworkPreset.DEVNET,
            replace(validators(), 0, TestGenesis.validator("v0", TestGenesis.ed25519(9), "127.0.0.1:7001")), 0, 1_000));
        variants.put("validator stake", fixtureLike(NetworkPreset.DEVNET,
            replace(validators(), 0, new GenesisValidator("v0", SchemeId.ED25519, TestGenesis.ed25519(1).publicKey(),
                TestGenesis.STAKE + 1, "127.0.0.1:7001")), 0, 1_000));
        variants.put("allocation address", fixtureLike(NetworkPreset.DEVNET, validators(), 1, 1_000));
        variants.put("allocation balance", fixtureLike(NetworkPreset.DEVNET, validators(), 0, 1_001));
        assertEquals(TestGenesis.fixture(), fixtureLike(NetworkPreset.DEVNET, validators(), 0, 1_000).build(),
            "the baseline of the variants is the fixture");

        final Set<Hash> seen = new HashSet<>();
        seen.add(TestGenesis.fixture().hash());
        for (final Map.Entry<String, GenesisBuilder> v : variants.entrySet()) {
            final Genesis changed = v.getValue().build();
            assertTrue(seen.add(changed.hash()), "changing the " + v.getKey() + " must change the hash");
            assertNotEquals(TestGenesis.fixture(), changed, v.getKey());
        }
    }

    private static List<GenesisValidator> validators() {
        return new ArrayList<>(TestGenesis.fixture().validators());
    }

    private static List<GenesisValidator> replace(final List<GenesisValidator> list, final int i,
                                                  final GenesisValidator v) {
        list.set(i, v);
        return list;
    }

    private static GenesisBuilder fixtureLike(final NetworkPreset network, final List<GenesisValidator> validators,
                                              final int aliceSeedOffset, final long aliceTokens) {
        final GenesisBuilder b = Genesis.builder(network).chainId(7771).targetBlockIntervalMillis(200)
            .genesisTimeMillis(TestGenesis.TIME);
        validators.forEach(b::validator);
        final Address alice = TestGenesis.ed25519(0x10 + aliceSeedOffset * 0x30).address();
        return b.allocation(alice, Amounts.tokens(aliceTokens))
            .allocation(TestGenesis.bob(), Amounts.parseTokens("0.5"))
            .remainderTo(TestGenesis.treasury());
    }

    /**
     * Builds the documented layout by hand (docs/genesis.md, "Canonical encoding") and checks the
     * implementation against it, so the hash definition is pinned independently of the encoder.
     */
    @Test
    void canonicalEncodingFollowsTheDocumentedLayout() throws Exception {
        final SigningKey v0 = TestGenesis.ed25519(1);
        final SigningKey v1 = TestGenesis.mlDsa44(3);
        final Address a = Address.of(filled(0x22));
        final Address b = Address.of(filled(0x11));
        final long stakes = 2 * TestGenesis.STAKE;
        final Genesis g = Genesis.builder(NetworkPreset.MAINNET).chainId(42).genesisTimeMillis(1_000)
            .blockReward(3).targetBlockIntervalMillis(500).maxBlockBytes(1000).maxBlockTransactions(10)
            .maxTransactionBytes(100)
            .validator(new GenesisValidator("ná", SchemeId.ED25519, v0.publicKey(), TestGenesis.STAKE, "h:1"))
            .validator(new GenesisValidator(null, SchemeId.ML_DSA_44, v1.publicKey(), TestGenesis.STAKE, "[::1]:65535"))
            .allocation(a, 5)
            .allocation(b, NetworkPreset.TOTAL_SUPPLY - stakes - 5)
            .build();

        final ByteBuffer e = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        e.put((byte) 1);
        e.putLong(42);
        e.putShort((short) 7).put("mainnet".getBytes(StandardCharsets.US_ASCII));
        e.putLong(1_000);
        e.putLong(1_000_000_000_000_000_000L);
        e.putLong(3);
        e.putLong(500);
        e.putInt(1000).putInt(10).putInt(100);
        e.putInt(2);
        e.put(filled(0x11)).putLong(NetworkPreset.TOTAL_SUPPLY - stakes - 5);
        e.put(filled(0x22)).putLong(5);
        e.putInt(2);
        e.putShort((short) 3).put(new byte[] {'n', (byte) 0xC3, (byte) 0xA1});
        e.put((byte) 1).putShort((short) 32).put(v0.publicKey()).putLong(TestGenesis.STAKE);
        e.putShort((short) 3).put("h:1".getBytes(StandardCharsets.US_ASCII));
        e.putShort((short) 0);
        e.put((byte) 2).putShort((short) 1312).put(v1.publicKey()).putLong(TestGenesis.STAKE);
        e.putShort((short) 11).put("[::1]:65535".getBytes(StandardCharsets.US_ASCII));
        final byte[] expected = new byte[e.position()];
        e.flip().get(expected);

        assertArrayEquals(expected, g.canonicalEncoding());
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("kairos/genesis/v1".getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        assertEquals(Hash.of(sha.digest(expected)), g.hash());
        assertEquals(Hashing.hash(Hashing.Domain.GENESIS, expected), g.hash());
    }

    private static byte[] filled(final int b) {
        final byte[] out = new byte[Address.LENGTH];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    private static long balanceOf(final Genesis g, final Address address) {
        return g.allocations().stream().filter(a -> a.address().equals(address)).findFirst().orElseThrow().balance();
    }
}
