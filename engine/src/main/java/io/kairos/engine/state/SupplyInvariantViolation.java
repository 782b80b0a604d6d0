package io.kairos.engine.state;

/**
 * The ledger's books do not balance: the sum of all balances plus the bonded stake differs from the
 * genesis supply plus every block reward minted since, or a balance went negative or overflowed.
 * No input can cause this (a transaction that cannot pay is refused with a receipt), so it means a
 * bug or corrupted memory, and the state must not be used, voted on or persisted any further.
 *
 * <p>It is an {@link Error}, not a {@link io.kairos.engine.core.KairosException}: those are
 * {@code RuntimeException}s that request handlers and pipeline stages catch, report and survive,
 * whereas this must travel up past every {@code catch (Exception)} and stop the node loudly. It
 * still carries a stable {@link #code()} so that whatever finally logs it can name it like any
 * other Kairos error.
 */
public final class SupplyInvariantViolation extends Error {
    public SupplyInvariantViolation(final String message) {
        super(message);
    }

    /** Always {@code SUPPLY_INVARIANT_VIOLATION}. */
    public String code() {
        return "SUPPLY_INVARIANT_VIOLATION";
    }
}
