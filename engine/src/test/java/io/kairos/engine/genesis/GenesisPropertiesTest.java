package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.SchemeId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenesisPropertiesTest {
    @Provide
    Arbitrary<Genesis> geneses() {
        return Arbitraries.longs().map(seed -> randomGenesis(new Random(seed)));
    }

    @Property(tries = 300)
    void writeThenParseGivesTheSameGenesisAndHash(@ForAll("geneses") final Genesis g) {
        final String text = GenesisJson.write(g);
        final Genesis back = GenesisJson.parse(text);
        assertEquals(g, back);
        assertEquals(g.hash(), back.hash());
        assertEquals(text, GenesisJson.write(back));
    }

    @Property(tries = 200)
    void theOrderOfAllocationsNeverChangesTheHash(@ForAll("geneses") final Genesis g, @ForAll final long shuffleSeed) {
        final List<Allocation> shuffled = new ArrayList<>(g.allocations());
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        final Genesis other = new Genesis(g.chainId(), g.network(), g.genesisTimeMillis(), g.totalSupply(),
            g.blockReward(), g.targetBlockIntervalMillis(), g.maxBlockBytes(), g.maxBlockTransactions(),
            g.maxTransactionBytes(), shuffled, g.validators());
        assertEquals(g.hash(), other.hash());
        assertEquals(g, other);
    }

    /**
     * One character of the fixture changed: the file is refused with a GenesisException, or, since it
     * declares its hash, it is accepted only as the very same genesis (a change of case or spacing).
     */
    @Property(tries = 1000)
    void aFileWithOneCharacterChangedIsRefusedOrMeansTheSame(@ForAll @IntRange(min = 0, max = 4382) final int at,
                                                              @ForAll("replacements") final String replacement) {
        final String text = TestGenesis.fixtureText();
        final int i = Math.min(at, text.length() - 1);
        final String mutated = text.substring(0, i) + replacement + text.substring(i + 1);
        try {
            assertEquals(TestGenesis.fixture(), GenesisJson.parse(mutated), "accepted: " + mutated);
        } catch (final GenesisException refused) {
            // Refused with a typed error: fine.
        }
    }

    @Provide
    Arbitrary<String> replacements() {
        return Arbitraries.of("", " ", "0", "1", "9", "a", "f", "A", "x", "\"", ",", ":", "{", "}", "[", "]", ".", "-",
            "\n", "00", "\u00e9", "\\");
    }

    static Genesis randomGenesis(final Random r) {
        final NetworkPreset network = NetworkPreset.values()[r.nextInt(NetworkPreset.values().length)];
        final int maxBlockBytes = 1 + r.nextInt(Integer.MAX_VALUE);
        final GenesisBuilder b = Genesis.builder(network)
            .chainId(1 + (long) (r.nextDouble() * (Genesis.MAX_CHAIN_ID - 1)))
            .genesisTimeMillis((long) (r.nextDouble() * Genesis.MAX_GENESIS_TIME_MILLIS))
            .blockReward(r.nextBoolean() ? network.blockReward() : r.nextLong(0, 1_000_000_000_000L))
            .targetBlockIntervalMillis(r.nextLong(1, 1_000_000))
            .maxBlockBytes(maxBlockBytes)
            .maxTransactionBytes(1 + r.nextInt(maxBlockBytes))
            .maxBlockTransactions(1 + r.nextInt(Integer.MAX_VALUE));
        final int validators = 1 + r.nextInt(5);
        for (int i = 0; i < validators; i++) {
            final SchemeId scheme = r.nextInt(4) == 0 ? SchemeId.ML_DSA_44 : SchemeId.ED25519;
            // Any 1312 bytes encode an ML-DSA-44 key; an Ed25519 key must be a valid point, so derive it.
            final byte[] key;
            if (scheme == SchemeId.ML_DSA_44) {
                key = new byte[1312];
                r.nextBytes(key);
            } else {
                final byte[] seed = new byte[32];
                r.nextBytes(seed);
                key = io.kairos.engine.crypto.Ed25519Scheme.INSTANCE.fromSeed(seed).publicKey();
            }
            final String name = switch (r.nextInt(3)) {
                case 0 -> null;
                case 1 -> "v" + i;
                default -> "välidator \u2192 " + i;
            };
            final int port = 1 + r.nextInt(65_535);
            final String endpoint = switch (r.nextInt(3)) {
                case 0 -> "10.0." + i + "." + r.nextInt(256) + ":" + port;
                case 1 -> "[fd00::" + Integer.toHexString(i) + "]:" + port;
                default -> "Node-" + i + ".example.org:" + port;
            };
            b.validator(name, scheme, key, r.nextLong(1, 1_000_000_000_000_000L), endpoint);
        }
        final int allocations = r.nextInt(7);
        for (int i = 0; i < allocations; i++) {
            b.allocation(randomAddress(r), r.nextLong(1, 1_000_000_000_000_000L));
        }
        return b.remainderTo(randomAddress(r)).build();
    }

    private static Address randomAddress(final Random r) {
        final byte[] bytes = new byte[Address.LENGTH];
        r.nextBytes(bytes);
        return Address.of(bytes);
    }
}
