package io.kairos.engine.state;

import io.kairos.engine.core.Address;
import org.agrona.concurrent.UnsafeBuffer;

/** Reaches LedgerState's package-private test support from tests in other packages. */
public final class StateTestHooks {
    private StateTestHooks() {
    }

    /** Sets the balance of an existing account without updating the running total, as memory corruption would. */
    public static void corruptBalance(final LedgerState state, final Address address, final long balance) {
        final int slot = state.find(buffer(address), 0);
        if (slot < 0) {
            throw new IllegalArgumentException(address + " has no account");
        }
        state.overwriteBalanceBypassingTotals(slot, balance);
    }

    public static UnsafeBuffer buffer(final Address address) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[Address.LENGTH]);
        address.write(b, 0);
        return b;
    }
}
