package io.kairos.engine.genesis;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;

/**
 * A liquid balance credited to an account at genesis. Immutable.
 *
 * @param address the account credited
 * @param balance units (10^-9 token), greater than zero
 */
public record Allocation(Address address, long balance) {
    /**
     * @throws GenesisException {@link GenesisError#MISSING_FIELD} without an address,
     *                          {@link GenesisError#INVALID_FIELD} for a balance that is not positive
     */
    public Allocation {
        if (address == null) {
            throw new GenesisException(GenesisError.MISSING_FIELD, "address", "an allocation needs an address");
        }
        if (balance <= 0) {
            throw new GenesisException(GenesisError.INVALID_FIELD, "balance",
                "an allocation balance must be greater than zero, got " + balance + " units");
        }
    }

    @Override
    public String toString() {
        return address + "=" + Amounts.formatTokens(balance);
    }
}
