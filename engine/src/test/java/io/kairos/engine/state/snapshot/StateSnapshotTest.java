package io.kairos.engine.state.snapshot;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.state.LedgerState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StateSnapshotTest {
    private static final Hash G = Hash.fromHex("0x" + "11".repeat(32));
    private static final Hash B = Hash.fromHex("0x" + "22".repeat(32));
    private static final Hash R = Hash.fromHex("0x" + "33".repeat(32));

    private static LedgerState randomState(final long seed, final int accounts) {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] addresses = new byte[accounts * Address.LENGTH];
        random.nextBytes(addresses);
        final long[] balances = new long[accounts];
        final long[] nonces = new long[accounts];
        for (int i = 0; i < accounts; i++) {
            balances[i] = random.nextLong(1_000_000_000L);
            nonces[i] = random.nextInt(1000);
        }
        // The table's own seed differs from the generator's: the snapshot must not depend on it.
        return LedgerState.fromAccounts(seed * 31, 0, 777, addresses, balances, nonces);
    }

    @Test
    void anImageSortsExactlyAsTheLiveStateDoes() {
        for (long seed = 1; seed <= 20; seed++) {
            final LedgerState state = randomState(seed, 1 + (int) seed * 37);
            final StateSnapshot s = StateSnapshot.of(G, 5, B, 1000, R, state.image());
            final List<LedgerState.Account> expected = state.accountsSorted();
            assertEquals(expected, s.accounts());
            assertEquals(state.totalBalances() + 777, s.supply());
            assertEquals(777, s.bondedStake());
        }
    }

    @Test
    void aSnapshotRebuildsTheSameAccountsUnderAnotherHashSeed() {
        final LedgerState state = randomState(9, 500);
        final StateSnapshot s = StateSnapshot.of(G, 5, B, 1000, R, state.image());
        final LedgerState back = s.toState(123456789L, 10);
        assertEquals(state.accountsSorted(), back.accountsSorted());
        assertEquals(state.totalBalances(), back.totalBalances());
        assertEquals(state.bondedStake(), back.bondedStake());
        final UnsafeBuffer probe = new UnsafeBuffer(new byte[Address.LENGTH]);
        for (final LedgerState.Account a : state.accountsSorted()) {
            a.address().write(probe, 0);
            assertEquals(a.balance(), back.balance(probe, 0));
            assertEquals(a.nonce(), back.nonce(probe, 0));
        }
    }

    @Test
    void theImageIsDetachedFromLaterWrites() {
        final LedgerState state = randomState(3, 50);
        final LedgerState.Image image = state.image();
        final List<LedgerState.Account> before = state.accountsSorted();
        state.credit(findAnySlot(state), 5);
        final StateSnapshot s = StateSnapshot.of(G, 1, B, 0, R, image);
        assertEquals(before, s.accounts());
    }

    private static int findAnySlot(final LedgerState state) {
        final UnsafeBuffer probe = new UnsafeBuffer(new byte[Address.LENGTH]);
        state.accountsSorted().getFirst().address().write(probe, 0);
        return state.find(probe, 0);
    }

    @Test
    void aMisshapenSnapshotIsRefusedAsCorrupt() {
        final byte[] two = new byte[2 * Address.LENGTH];
        two[Address.LENGTH] = 1;
        // Ascending, sound:
        new StateSnapshot(G, 1, B, 0, R, 0, 3, two, new long[] {1, 2}, new long[] {0, 0});
        final byte[] descending = new byte[2 * Address.LENGTH];
        descending[0] = 1;
        assertCorrupt(() -> new StateSnapshot(G, 1, B, 0, R, 0, 3, descending, new long[] {1, 2}, new long[2]));
        final byte[] duplicate = new byte[2 * Address.LENGTH];
        assertCorrupt(() -> new StateSnapshot(G, 1, B, 0, R, 0, 3, duplicate, new long[] {1, 2}, new long[2]));
        assertCorrupt(() -> new StateSnapshot(G, 1, B, 0, R, 0, 4, two, new long[] {1, 2}, new long[2]));
        assertCorrupt(() -> new StateSnapshot(G, 1, B, 0, R, 0, 1, two, new long[] {-1, 2}, new long[2]));
        assertCorrupt(() -> new StateSnapshot(G, 1, B, 0, R, 0, 3, two, new long[] {1, 2}, new long[3]));
        assertCorrupt(() -> new StateSnapshot(G, 0, B, 0, R, 0, 3, two, new long[] {1, 2}, new long[2]));
        assertCorrupt(() -> new StateSnapshot(G, 1, B, 0, R, 0, 0, two,
            new long[] {Long.MAX_VALUE, 4}, new long[2]));
    }

    private static void assertCorrupt(final org.junit.jupiter.api.function.Executable e) {
        assertEquals(SnapshotError.CORRUPT, assertThrows(SnapshotException.class, e).error());
    }
}
