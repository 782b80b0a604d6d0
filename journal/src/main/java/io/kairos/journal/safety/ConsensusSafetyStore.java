package io.kairos.journal.safety;

import io.kairos.engine.consensus.ConsensusError;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.SafetyState;
import io.kairos.engine.consensus.SafetyStore;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.core.Hash;
import io.kairos.journal.SyncPolicy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The consensus {@link SafetyStore} port on disk, built from two {@link SafetyRecordFile}s: the vote
 * record in the data directory ({@value SafetyRecordFile#FILE_NAME}, the last thing signed) and the
 * lock record in {@value #LOCK_DIR}/ (the last block precommitted, which later nil votes must not
 * erase). Both follow the record file's protocol: each call returns only once the record is fsynced,
 * so a vote is sent only after it is durable. The proof of lock (a block with its prevote
 * certificate) goes to {@value #POL_FILE}, replaced atomically; losing it costs liveness only.
 *
 * <p>Refusals map to the port's codes: {@link SafetyError#WOULD_DOUBLE_SIGN} and
 * {@link SafetyError#REGRESSION} become {@link ConsensusException}s with the same name; every other
 * {@link SafetyException} (I/O failure, corruption, wrong chain) propagates and must stop the node.
 * Called from the consensus thread; close it on shutdown.
 */
public final class ConsensusSafetyStore implements SafetyStore, AutoCloseable {
    public static final String LOCK_DIR = "consensus-lock";
    public static final String POL_FILE = "consensus-pol.bin";

    private final Path dataDir;
    private final Hash genesisHash;
    private final SyncPolicy policy;
    private final SafetyRecordFile votes;
    private final SafetyRecordFile lock;

    private ConsensusSafetyStore(final Path dataDir, final Hash genesisHash, final SafetyRecordFile votes,
                                 final SafetyRecordFile lock, final SyncPolicy policy) {
        this.policy = policy;
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
            votes.checkNotOlderThan(journalHeight);
            final SafetyRecordFile lock = SafetyRecordFile.open(dataDir.resolve(LOCK_DIR), genesisHash, policy);
            return new ConsensusSafetyStore(dataDir, genesisHash, votes, lock, policy);
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

    /** The lock first, as in {@link #recordVote}. */
    @Override
    public void sync() {
        lock.sync();
        votes.sync();
    }

    @Override
    public void recordProofOfLock(final byte[] encodedRoundChange) {
        final Path target = dataDir.resolve(POL_FILE);
        final Path temp = dataDir.resolve(POL_FILE + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                final ByteBuffer b = ByteBuffer.wrap(encodedRoundChange);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                // Not needed for safety (the lock is): forced only where every record is.
                if (policy == SyncPolicy.EVERY_BLOCK) {
                    out.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new SafetyException(SafetyError.IO_FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] proofOfLock() {
        final Path target = dataDir.resolve(POL_FILE);
        try {
            // Bounded: consensus decodes it with its own size limit; a damaged file is only refused there.
            return Files.exists(target) && Files.size(target) <= 64L << 20 ? Files.readAllBytes(target) : null;
        } catch (final IOException e) {
            return null;
        }
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
        lock.close();
        votes.close();
    }
}
