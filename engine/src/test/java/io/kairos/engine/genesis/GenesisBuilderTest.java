package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.crypto.SchemeId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenesisBuilderTest {
    private static GenesisException refused(final GenesisError error, final String path,
                                            final org.junit.jupiter.api.function.Executable build) {
        final GenesisException e = assertThrows(GenesisException.class, build);
        assertEquals(error, e.error(), e.getMessage());
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(path), e.getMessage());
        return e;
    }

    @Test
    void presetValuesAreTheDocumentedOnes() {
        assertEquals(7771, NetworkPreset.DEVNET.defaultChainId());
        assertEquals(7772, NetworkPreset.TESTNET.defaultChainId());
        assertEquals(7770, NetworkPreset.MAINNET.defaultChainId());
        assertEquals(200, NetworkPreset.DEVNET.targetBlockIntervalMillis());
        assertEquals(1000, NetworkPreset.TESTNET.targetBlockIntervalMillis());
        assertEquals(1000, NetworkPreset.MAINNET.targetBlockIntervalMillis());
        for (final NetworkPreset p : NetworkPreset.values()) {
            assertEquals(1_000_000_000_000_000_000L, p.totalSupply());
            assertEquals(1_000_000_000L, p.blockReward());
            assertEquals(4 * 1024 * 1024, p.maxBlockBytes());
            assertEquals(20_000, p.maxBlockTransactions());
            assertEquals(128 * 1024, p.maxTransactionBytes());
            assertSame(p, NetworkPreset.fromLabel(p.label().toUpperCase()));
        }
        assertNull(NetworkPreset.fromLabelOrNull("localnet"));
        refused(GenesisError.INVALID_FIELD, "network", () -> NetworkPreset.fromLabel("localnet"));
    }

    @Test
    void aBuiltGenesisTakesThePresetValuesAndBalancesWithTheRemainder() {
        final Genesis g = Genesis.builder(NetworkPreset.MAINNET)
            .genesisTime(Instant.parse("2027-01-01T00:00:00.123456Z"))
            .validator("v0", SchemeId.ML_DSA_44, TestGenesis.mlDsa44(1).publicKey(), Amounts.tokens(10),
                "10.0.0.1:7000")
            .validator("v1", SchemeId.ED25519, TestGenesis.ed25519(2).publicKey(), Amounts.tokens(20), "10.0.0.2:7000")
            .allocation(TestGenesis.alice(), Amounts.tokens(5))
            .remainderTo(TestGenesis.treasury())
            .build();
        assertEquals(7770, g.chainId());
        assertEquals(Instant.parse("2027-01-01T00:00:00.123Z"), g.genesisTime());
        assertEquals(1000, g.targetBlockIntervalMillis());
        assertEquals(NetworkPreset.BLOCK_REWARD, g.blockReward());
        assertEquals(NetworkPreset.MAX_BLOCK_BYTES, g.maxBlockBytes());
        assertEquals(Amounts.tokens(30), g.totalStake());
        assertEquals(2, g.allocations().size());
        final long treasury = g.allocations().stream().filter(a -> a.address().equals(TestGenesis.treasury()))
            .findFirst().orElseThrow().balance();
        assertEquals(NetworkPreset.TOTAL_SUPPLY - Amounts.tokens(35), treasury);
        assertEquals(TestGenesis.mlDsa44(1).address(), g.validators().get(0).address());
        assertEquals(g, GenesisJson.parse(GenesisJson.write(g)));
    }

    @Test
    void unallocatedSaysWhatTheSupplyStillLacks() {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0);
        assertEquals(NetworkPreset.TOTAL_SUPPLY, b.unallocated());
        b.validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1"));
        b.allocation(TestGenesis.alice(), 7);
        assertEquals(NetworkPreset.TOTAL_SUPPLY - TestGenesis.STAKE - 7, b.unallocated());
        b.allocation(TestGenesis.bob(), b.unallocated());
        assertEquals(0, b.unallocated());
        b.build();
        b.allocation(TestGenesis.treasury(), Long.MAX_VALUE);
        assertEquals(-Long.MAX_VALUE, b.unallocated());
        b.allocation(TestGenesis.ed25519(0x30).address(), 2);
        assertEquals(Long.MIN_VALUE, b.unallocated(), "saturates instead of wrapping round");
    }

    @Test
    void theGenesisTimeMustBeSet() {
        refused(GenesisError.MISSING_FIELD, "genesisTime", () -> Genesis.builder(NetworkPreset.DEVNET)
            .validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1"))
            .remainderTo(TestGenesis.alice()).build());
    }

    @Test
    void aSupplyThatDoesNotBalanceIsRefusedWithoutARemainder() {
        final GenesisException e = refused(GenesisError.SUPPLY_MISMATCH, "allocations",
            () -> Genesis.builder(NetworkPreset.DEVNET)
            .genesisTimeMillis(0).validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1")).build());
        assertTrue(e.getMessage().contains("999000000 tokens are unallocated"), e.getMessage());
    }

    @Test
    void aRemainderIsRefusedWhenNothingRemains() {
        final Address alice = TestGenesis.alice();
        final GenesisException e = refused(GenesisError.SUPPLY_MISMATCH, "allocations[1]",
            () -> Genesis.builder(NetworkPreset.DEVNET)
            .genesisTimeMillis(0).validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1"))
            .allocation(alice, NetworkPreset.TOTAL_SUPPLY - TestGenesis.STAKE)
            .remainderTo(TestGenesis.treasury()).build());
        assertTrue(e.getMessage().contains(TestGenesis.treasury().toHex()), e.getMessage());
        refused(GenesisError.SUPPLY_MISMATCH, "allocations[2]", () -> Genesis.builder(NetworkPreset.DEVNET)
            .genesisTimeMillis(0).validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1"))
            .allocation(alice, Long.MAX_VALUE).allocation(TestGenesis.bob(), Long.MAX_VALUE)
            .remainderTo(TestGenesis.treasury()).build());
    }

    @Test
    void aRemainderToAnAddressThatAlreadyHasAnAllocationIsADuplicate() {
        refused(GenesisError.DUPLICATE_ALLOCATION, "allocations[1].address", () -> Genesis.builder(NetworkPreset.DEVNET)
            .genesisTimeMillis(0).validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1"))
            .allocation(TestGenesis.alice(), 1).remainderTo(TestGenesis.alice()).build());
    }

    @Test
    void partsThatBreakARuleAreRefusedWithTheirPosition() {
        final GenesisBuilder b = Genesis.builder(NetworkPreset.DEVNET)
            .validator("v0", SchemeId.ED25519, TestGenesis.ed25519(1).publicKey(), 1, "h:1");
        refused(GenesisError.INVALID_FIELD, "validators[1].publicKey",
            () -> b.validator("v1", SchemeId.ML_DSA_44, TestGenesis.ed25519(2).publicKey(), 1, "h:2"));
        refused(GenesisError.INVALID_FIELD, "validators[1].stake",
            () -> b.validator("v1", SchemeId.ED25519, TestGenesis.ed25519(2).publicKey(), 0, "h:2"));
        refused(GenesisError.MISSING_FIELD, "validators[1].scheme",
            () -> b.validator("v1", null, TestGenesis.ed25519(2).publicKey(), 1, "h:2"));
        refused(GenesisError.MISSING_FIELD, "validators[1].publicKey",
            () -> b.validator("v1", SchemeId.ED25519, null, 1, "h:2"));
        refused(GenesisError.MISSING_FIELD, "validators[1].networkAddress",
            () -> b.validator("v1", SchemeId.ED25519, TestGenesis.ed25519(2).publicKey(), 1, null));
        refused(GenesisError.INVALID_FIELD, "allocations[0].balance", () -> b.allocation(TestGenesis.alice(), 0));
        refused(GenesisError.INVALID_FIELD, "allocations[0].balance", () -> b.allocation(TestGenesis.alice(), -1));
        refused(GenesisError.MISSING_FIELD, "allocations[0].address", () -> b.allocation(null, 1));
        refused(GenesisError.MISSING_FIELD, "network", () -> Genesis.builder(null));
    }

    @Test
    void overriddenParametersAreCheckedLikeParsedOnes() {
        final GenesisBuilder b = TestGenesis.fixtureBuilder();
        refused(GenesisError.INVALID_FIELD, "chainId", () -> TestGenesis.fixtureBuilder().chainId(0).build());
        refused(GenesisError.INVALID_FIELD, "genesisTime",
            () -> TestGenesis.fixtureBuilder().genesisTimeMillis(-1).build());
        refused(GenesisError.INVALID_FIELD, "genesisTime",
            () -> TestGenesis.fixtureBuilder().genesisTimeMillis(Genesis.MAX_GENESIS_TIME_MILLIS + 1).build());
        refused(GenesisError.INVALID_FIELD, "blockReward", () -> TestGenesis.fixtureBuilder().blockReward(-1).build());
        refused(GenesisError.INVALID_FIELD, "targetBlockIntervalMillis",
            () -> TestGenesis.fixtureBuilder().targetBlockIntervalMillis(-200).build());
        refused(GenesisError.INVALID_FIELD, "maxTransactionBytes",
            () -> TestGenesis.fixtureBuilder().maxBlockBytes(1000).build());
        assertEquals(TestGenesis.fixture(), b.build());
    }

    @Test
    void theLatestRepresentableGenesisTimeRoundTrips() {
        final Genesis g = TestGenesis.fixtureBuilder().genesisTimeMillis(Genesis.MAX_GENESIS_TIME_MILLIS).build();
        assertTrue(GenesisJson.write(g).contains("\"9999-12-31T23:59:59.999Z\""));
        assertEquals(g, GenesisJson.parse(GenesisJson.write(g)));
        final Genesis epoch = TestGenesis.fixtureBuilder().genesisTimeMillis(0).build();
        assertTrue(GenesisJson.write(epoch).contains("\"1970-01-01T00:00:00Z\""));
        assertEquals(epoch, GenesisJson.parse(GenesisJson.write(epoch)));
    }

    @Test
    void validatorsKeepTheirDeclaredOrderAndCopiesOfTheirKeys() {
        final Genesis g = TestGenesis.fixture();
        assertEquals("v0", g.validators().get(0).name().orElseThrow());
        assertEquals("v1", g.validators().get(1).name().orElseThrow());
        final byte[] key = g.validators().get(0).publicKey();
        key[0] ^= 1;
        assertEquals(TestGenesis.ed25519(1).address(), g.validators().get(0).address());
        assertTrue(java.util.Arrays.equals(TestGenesis.ed25519(1).publicKey(), g.validators().get(0).publicKey()));
        assertThrows(UnsupportedOperationException.class, () -> g.validators().clear());
        assertThrows(UnsupportedOperationException.class, () -> g.allocations().clear());
    }

    @Test
    void aValidatorMayAlsoHoldALiquidAllocation() {
        final Genesis g = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0)
            .validator(TestGenesis.validator("v", TestGenesis.ed25519(1), "h:1"))
            .allocation(TestGenesis.ed25519(1).address(), 1).remainderTo(TestGenesis.treasury()).build();
        assertEquals(g.validators().get(0).address(), g.allocations().stream()
            .filter(a -> a.balance() == 1).findFirst().orElseThrow().address());
    }
}
