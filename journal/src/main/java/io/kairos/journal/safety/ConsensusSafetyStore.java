package io.kairos.journal.safety;

import io.kairos.engine.consensus.ConsensusError;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.SafetyState;
import io.kairos.engine.consensus.SafetyStore;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The consensus {@link SafetyStore} port on disk, built from two {@link SafetyRecordFile}s: the vote
 * record in the data directory ({@value SafetyRecordFile#FILE_NAME}, the last thing signed) and the
 * lock record in {@value #LOCK_DIR}/ (the last block precommitted, which later nil votes must not
 * erase). Both follow the record file's protocol; under the default policy each call returns only once
 * the record is fsynced, so a vote is sent only after it is durable (other policies: see
 * {@link #open(Path, Hash, long, SyncPolicy)}). The proof of lock (a block with its prevote
 * certificate) goes to two files written in turn ({@link ProofOfLockFile}); consensus writes it before
 * it records a lock, so a restarted replica can re-propose the block it is locked on. Losing it costs
 * liveness only.
 *
 * <p>Refusals map to the port's codes: {@link SafetyError#WOULD_DOUBLE_SIGN} and
 * {@link SafetyError#REGRESSION} become {@link ConsensusException}s with the same name; every other
 * {@link SafetyException} (I/O failure, corruption, wrong chain) propagates and must stop the node.
 * Called from the consensus thread; close it on shutdown.
 */
public final class ConsensusSafetyStore implements SafetyStore, AutoCloseable {
    public static final String LOCK_DIR = "consensus-lock";
    /** Prefix of the two proof-of-lock files, {@code consensus-pol-0.bin} and {@code consensus-pol-1.bin}. */
    public static final String POL_FILE_PREFIX = ProofOfLockFile.PREFIX;

    private final Path dataDir;
    private final Hash genesisHash;
    private final SafetyRecordFile votes;
    private final SafetyRecordFile lock;
    private final ProofOfLockFile proofOfLock;

    private ConsensusSafetyStore(final Path dataDir, final Hash genesisHash, final SafetyRecordFile votes,
                                 final SafetyRecordFile lock, final ProofOfLockFile proofOfLock) {
        this.proofOfLock = proofOfLock;
        this.dataDir = dataDir;
        this.genesisHash = genesisHash;
        this.votes = votes;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the records in {@code dataDir} and refuses to start when they are behind the
     * journal ({@link SafetyRecordFile#checkNotOlderThan}, {@link SafetyError#STALE_RECORD}).
     *
     * @param journalHeight height of the last block in the node's journal
     */
    public static ConsensusSafetyStore open(final Path dataDir, final Hash genesisHash, final long journalHeight) {
        return open(dataDir, genesisHash, journalHeight, SyncPolicy.EVERY_BLOCK);
    }

    /**
     * As {@link #open(Path, Hash, long)}, forcing records as {@code policy} says (see
     * {@link SafetyRecordFile#open(Path, Hash, SyncPolicy)}): with {@link SyncPolicy#BATCH} the driver
     * calls {@link #sync()} before it sends or acknowledges anything from a consensus call.
     */
    public static ConsensusSafetyStore open(final Path dataDir, final Hash genesisHash, final long journalHeight,
                                            final SyncPolicy policy) {
        final SafetyRecordFile votes = SafetyRecordFile.open(dataDir, genesisHash, policy);
        try {
            // Consensus records a height as committed just after its block is appended, so a kill between
            // the two leaves the record one height behind: that much is expected, more is not.
            votes.checkNotOlderThan(Math.max(0, journalHeight - 1));
            final SafetyRecordFile lock = SafetyRecordFile.open(dataDir.resolve(LOCK_DIR), genesisHash, policy);
            try {
                return new ConsensusSafetyStore(dataDir, genesisHash, votes, lock,
                    new ProofOfLockFile(dataDir, policy));
            } catch (final IOException e) {
                lock.close();
                throw new SafetyException(SafetyError.IO_FAILURE, "cannot open the proof of lock in " + dataDir + ": "
                    + e.getMessage(), e);
            }
        } catch (final RuntimeException e) {
            votes.close();
            throw e;
        }
    }

    @Override
    public SafetyState current() {
        final SafetyRecord v = votes.current();
        final SafetyRecord l = lock.current();
        final boolean locked = l.height() > 0 && !l.isNil();
        return new SafetyState(v.height(), v.round(), step(v.step()), v.votedFor(), locked ? l.height() : 0,
            locked ? l.round() : -1, locked ? l.votedFor() : null);
    }

    @Override
    public void recordVote(final long height, final int round, final Step step, final Hash target) {
        final SafetyRecord next = new SafetyRecord(genesisHash, height, round, voteStep(step), target);
        try {
            if (step == Step.PRECOMMIT && target != null) {
                // The lock first: a crash after it and before the vote record only makes the replica
                // more careful (locked on a block it never announced).
                lock.recordVote(next);
            }
            votes.recordVote(next);
        } catch (final SafetyException e) {
            throw switch (e.error()) {
                case WOULD_DOUBLE_SIGN -> new ConsensusException(ConsensusError.WOULD_DOUBLE_SIGN, e.getMessage());
                case REGRESSION -> new ConsensusException(ConsensusError.REGRESSION, e.getMessage());
                default -> e;
            };
        }
    }

    @Override
    public void recordCommitted(final long height) {
        votes.recordCommitted(height);
    }

    /** The proof of lock, then the lock, then the votes: the order in which consensus writes them. */
    @Override
    public void sync() {
        try {
            proofOfLock.sync();
        } catch (final IOException e) {
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot sync the proof of lock in " + dataDir + ": "
                + e.getMessage(), e);
        }
        lock.sync();
        votes.sync();
    }

    @Override
    public void recordProofOfLock(final byte[] encodedRoundChange) {
        try {
            proofOfLock.write(encodedRoundChange);
        } catch (final IOException e) {
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot write the proof of lock in " + dataDir + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public byte[] proofOfLock() {
        return proofOfLock.read();
    }

    private static Step step(final VoteStep s) {
        return switch (s) {
            case PROPOSE -> Step.PROPOSE;
            case PREVOTE -> Step.PREVOTE;
            case PRECOMMIT -> Step.PRECOMMIT;
        };
    }

    private static VoteStep voteStep(final Step s) {
        return switch (s) {
            case PROPOSE -> VoteStep.PROPOSE;
            case PREVOTE -> VoteStep.PREVOTE;
            case PRECOMMIT -> VoteStep.PRECOMMIT;
        };
    }

    @Override
    public void close() {
        proofOfLock.close();
        lock.close();
        votes.close();
    }
}
