package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;

/**
 * The durable memory that keeps a validator from signing two conflicting messages, across crashes.
 * Consensus calls {@link #recordVote} <em>before</em> it signs a proposal or a vote, and signs and
 * sends only if the call returns: a store returns only once the record is as durable as the node's
 * promise (fsynced for a real node). Signing again exactly what is recorded is allowed.
 *
 * <p>Rules every implementation enforces: a vote at the recorded position with another target is
 * refused with {@link ConsensusError#WOULD_DOUBLE_SIGN}; a position before the recorded one with
 * {@link ConsensusError#REGRESSION}. A non-nil {@link Step#PRECOMMIT} also becomes the lock.
 * {@link #recordCommitted} forbids every further vote at that height and below.
 *
 * <p>Implementations: {@link InMemorySafetyStore} (tests and the simulator, where it outlives a
 * simulated crash) and the journal's file-backed adapter. Called from the consensus thread only.
 */
public interface SafetyStore {
    /** The last signed position and the lock. */
    SafetyState current();

    /**
     * Records that this validator is about to sign {@code target} (null for nil) at the position.
     *
     * @throws ConsensusException {@link ConsensusError#WOULD_DOUBLE_SIGN} or {@link ConsensusError#REGRESSION};
     *     the message must then not be signed
     */
    void recordVote(long height, int round, Step step, Hash target);

    /**
     * Records that {@code height} is decided: no more signing at it or below. Consensus calls it just
     * after the block is appended to the store, so the record is at most one height behind the store.
     */
    void recordCommitted(long height);

    /**
     * Keeps the highest proof of lock this replica knows at its height: a {@link RoundChange} it
     * signed, encoded, carrying the block and its 2f+1 prevotes. Not needed for safety (the lock in
     * {@link #current()} is); it lets a restarted replica still re-propose the block it may be locked
     * on, so that a lock never outlives the only copy of its block. The default keeps nothing.
     */
    default void recordProofOfLock(final byte[] encodedRoundChange) {
    }

    /**
     * Makes every record written so far durable. A store may defer forcing its records to this call
     * (the journal's adapter does under a batch sync policy); a driver calls it, through
     * {@link ConsensusCore#syncStores()}, before it sends or acknowledges anything from a consensus
     * call, so nothing signed leaves the node before its record is as durable as promised. Stores that
     * make each record durable as it is written do nothing here.
     */
    default void sync() {
    }

    /** What {@link #recordProofOfLock} kept last, or null. */
    default byte[] proofOfLock() {
        return null;
    }
}
