package io.kairos.engine.state;

import io.kairos.engine.core.Address;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.kairos.engine.state.StateTestHooks.buffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LedgerStateTest {
    private static final long STAKE = 3_000;

    private static Address address(final SplittableRandom random) {
        final byte[] b = new byte[Address.LENGTH];
        random.nextBytes(b);
        return Address.of(b);
    }

    private static Genesis genesis(final Address alice, final Address treasury) {
        return Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(0)
            .validator("v0", SchemeId.ED25519, Ed25519Scheme.INSTANCE.fromSeed(new byte[32]).publicKey(), STAKE,
                "127.0.0.1:7000")
            .allocation(alice, 1_234)
            .remainderTo(treasury)
            .build();
    }

    private static LedgerState empty(final long seed) {
        return LedgerState.fromGenesis(genesis(Address.fromHex("0x" + "11".repeat(20)),
            Address.fromHex("0x" + "22".repeat(20))), seed, 1);
    }

    @Test
    void genesisAllocationsBecomeBalancesAndStakesAreBondedApart() {
        final Address alice = Address.fromHex("0x" + "a1".repeat(20));
        final Address treasury = Address.fromHex("0x" + "7e".repeat(20));
        final Genesis genesis = genesis(alice, treasury);
        final LedgerState state = LedgerState.fromGenesis(genesis, 42);

        assertEquals(1_234, state.balance(alice));
        assertEquals(1_234, state.balance(buffer(alice), 0));
        assertEquals(0, state.nonce(alice));
        assertEquals(genesis.totalSupply() - STAKE - 1_234, state.balance(treasury));
        assertEquals(STAKE, state.bondedStake());
        assertEquals(2, state.accountCount());
        assertEquals(genesis.totalSupply(), state.totalBalances() + state.bondedStake());
        assertEquals(state.totalBalances(), state.sumBalances());
    }

    @Test
    void anUnknownAccountReadsAsZeroAndIsNotCreatedByReading() {
        final LedgerState state = empty(1);
        final Address stranger = Address.fromHex("0x" + "33".repeat(20));
        assertEquals(0, state.balance(stranger));
        assertEquals(0, state.nonce(buffer(stranger), 0));
        assertEquals(-1, state.find(buffer(stranger), 0));
        assertEquals(2, state.accountCount());
    }

    @Test
    void theAllZeroAddressIsAnAccountLikeAnyOther() {
        final LedgerState state = empty(1);
        final UnsafeBuffer zero = buffer(Address.ZERO);
        assertEquals(-1, state.find(zero, 0));
        final int slot = state.findOrCreate(zero, 0);
        state.credit(slot, 9);
        assertEquals(9, state.balance(Address.ZERO));
        assertEquals(slot, state.find(zero, 0));
        assertEquals(3, state.accountCount());
    }

    @Test
    void growingKeepsEveryAccountAndTheLoadAtMostSixtyPercent() {
        final LedgerState state = empty(7);
        final SplittableRandom random = new SplittableRandom(5);
        final List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            final Address a = address(random);
            addresses.add(a);
            final int slot = state.findOrCreate(buffer(a), 0);
            state.credit(slot, i + 1);
            state.setNonce(slot, i);
            assertTrue(state.accountCount() <= state.capacity() * 0.6 + 1);
        }
        assertEquals(0, Integer.bitCount(state.capacity()) - 1, "capacity is a power of two");
        for (int i = 0; i < addresses.size(); i++) {
            assertEquals(i + 1, state.balance(addresses.get(i)));
            assertEquals(i, state.nonce(addresses.get(i)));
        }
        assertEquals(50_002, state.accountCount());
        assertEquals(state.totalBalances(), state.sumBalances());
    }

    @Test
    void reserveReportsGrowthAndKeepsLaterSlotsStable() {
        final LedgerState state = empty(3);
        final int capacity = state.capacity();
        assertTrue(state.reserve(capacity), "reserving a full table's worth must grow it");
        assertTrue(state.capacity() > capacity);
        final SplittableRandom random = new SplittableRandom(8);
        final int first = state.findOrCreate(buffer(address(random)), 0);
        final int grown = state.capacity();
        assertEquals(false, state.reserve(1));
        for (int i = 0; i < 5; i++) {
            state.findOrCreate(buffer(address(random)), 0);
        }
        assertEquals(grown, state.capacity());
        state.credit(first, 77);
        assertEquals(77, state.balanceAt(first));
    }

    /**
     * Addresses an attacker can choose: all equal except in one byte, in every position. Every one
     * must be found, and the keyed mix must spread them (a hash of the low bytes alone would pile
     * them into one run of slots).
     */
    @Test
    void addressesDifferingInOneByteAreAllDistinctAndSpread() {
        final LedgerState state = empty(0x5EED);
        final List<Address> addresses = new ArrayList<>();
        for (int position = 0; position < Address.LENGTH; position++) {
            for (int value = 0; value < 256; value++) {
                final byte[] b = new byte[Address.LENGTH];
                Arrays.fill(b, (byte) 0x42);
                b[position] = (byte) value;
                final Address a = Address.of(b);
                if (state.find(buffer(a), 0) < 0) {
                    addresses.add(a);
                    state.credit(state.findOrCreate(buffer(a), 0), position * 256L + value + 1);
                }
            }
        }
        int longestProbe = 0;
        for (final Address a : addresses) {
            final byte[] b = a.toByteArray();
            int position = 0;
            while (position < Address.LENGTH - 1 && b[position] == 0x42) {
                position++;
            }
            final long expected = position * 256L + (b[position] & 0xFF) + 1;
            final long actual = state.balance(a);
            assertTrue(actual == expected || b[position] == 0x42, a + " holds " + actual);
            longestProbe = Math.max(longestProbe, state.probeLength(buffer(a), 0));
        }
        assertEquals(20 * 255 + 1 + 2, state.accountCount());
        assertTrue(longestProbe < 32, "longest probe " + longestProbe + " over " + addresses.size() + " accounts");
    }

    /**
     * Inserts only addresses whose home slot is already taken, so every one of them must be placed
     * and found by probing past other accounts and comparing full addresses.
     */
    @Test
    void collidingHomeSlotsResolveByFullAddress() {
        final LedgerState state = empty(11);
        assertEquals(16, state.capacity());
        final SplittableRandom random = new SplittableRandom(12);
        final List<Address> displaced = new ArrayList<>();
        while (displaced.size() < 6) {
            final Address candidate = address(random);
            if (state.probeLength(buffer(candidate), 0) > 1) {
                displaced.add(candidate);
                state.credit(state.findOrCreate(buffer(candidate), 0), 100 + displaced.size());
            }
        }
        assertEquals(16, state.capacity());
        for (int i = 0; i < displaced.size(); i++) {
            assertEquals(101 + i, state.balance(displaced.get(i)));
            assertTrue(state.probeLength(buffer(displaced.get(i)), 0) > 1);
        }
        for (int i = 0; i < 100; i++) {
            final Address absent = address(random);
            assertEquals(-1, state.find(buffer(absent), 0));
        }
    }

    @Test
    void theHashSeedChangesPlacementButNotContents() {
        final LedgerState a = empty(1);
        final LedgerState b = empty(2);
        final SplittableRandom random = new SplittableRandom(13);
        final List<Integer> slotsA = new ArrayList<>();
        final List<Integer> slotsB = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            final UnsafeBuffer address = buffer(address(random));
            final int sa = a.findOrCreate(address, 0);
            final int sb = b.findOrCreate(address, 0);
            a.credit(sa, i);
            b.credit(sb, i);
            slotsA.add(sa);
            slotsB.add(sb);
        }
        assertNotEquals(slotsA, slotsB);
        assertEquals(a.accountsSorted(), b.accountsSorted());
        final List<LedgerState.Account> sorted = a.accountsSorted();
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(sorted.get(i - 1).address().compareTo(sorted.get(i).address()) < 0);
        }
    }

    @Test
    void debitBelowZeroAndCreditOverflowAreInvariantViolations() {
        final LedgerState state = empty(1);
        final int slot = state.find(buffer(Address.fromHex("0x" + "11".repeat(20))), 0);
        final SupplyInvariantViolation negative = assertThrows(SupplyInvariantViolation.class,
            () -> state.debit(slot, 1_235));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        assertEquals(1_234, state.balanceAt(slot));
        assertThrows(SupplyInvariantViolation.class, () -> state.credit(slot, Long.MAX_VALUE));
        assertEquals(1_234, state.balanceAt(slot));
        assertEquals("SUPPLY_INVARIANT_VIOLATION", negative.code());
    }

    @Test
    void theAuditSumSeesACorruptedBalanceThatTheRunningTotalMissed() {
        final LedgerState state = empty(1);
        final Address alice = Address.fromHex("0x" + "11".repeat(20));
        final long total = state.totalBalances();
        StateTestHooks.corruptBalance(state, alice, 1_000_000);
        assertEquals(total, state.totalBalances());
        assertEquals(total - 1_234 + 1_000_000, state.sumBalances());
        StateTestHooks.corruptBalance(state, alice, -1);
        assertThrows(SupplyInvariantViolation.class, state::sumBalances);
    }

    @Test
    void accountViewReadsAllocateNothing() {
        final LedgerState state = empty(1);
        final UnsafeBuffer alice = buffer(Address.fromHex("0x" + "11".repeat(20)));
        final UnsafeBuffer stranger = buffer(Address.fromHex("0x" + "99".repeat(20)));
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                sink += state.balance(alice, 0) + state.nonce(stranger, 0);
                state.credit(state.findOrCreate(alice, 0), 1);
            }
            final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < 4_096, allocated + " bytes over 20000 reads and updates");
            }
        }
        assertTrue(sink > 0);
    }
}
