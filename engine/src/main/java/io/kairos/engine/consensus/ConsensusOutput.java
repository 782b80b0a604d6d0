package io.kairos.engine.consensus;

import io.kairos.engine.sequencer.CommittedBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * What one call into {@link ConsensusCore} asks its driver to do, in this order: the blocks in
 * {@link #commits()} are already appended to the block store (the safety store recorded their heights
 * first): flush the store, then acknowledge their transactions and tell the mempool; send every
 * message of {@link #broadcasts()} to every other validator and each of {@link #sends()} to its one
 * validator (after the flush: a vote may depend on the commit); call {@link ConsensusCore#onTick} at
 * or after {@link #wakeAtNs()}. {@link #refusal()} says why an input message was refused, or is null.
 * A fresh object per call; not thread-safe.
 */
public final class ConsensusOutput {
    /** A message for one validator. */
    public record Send(int validator, byte[] message) {
    }

    /** A decided block and the 2f+1 precommits that decided it. */
    public record Commit(CommittedBlock block, Certificate certificate) {
    }

    private final List<byte[]> broadcasts = new ArrayList<>(4);
    private final List<Send> sends = new ArrayList<>(1);
    private final List<Commit> commits = new ArrayList<>(1);
    private final List<Evidence> evidence = new ArrayList<>(0);
    private long wakeAtNs = Long.MAX_VALUE;
    private ConsensusError refusal;

    void broadcast(final byte[] message) {
        broadcasts.add(message);
    }

    void send(final int validator, final byte[] message) {
        sends.add(new Send(validator, message));
    }

    void commit(final CommittedBlock block, final Certificate certificate) {
        commits.add(new Commit(block, certificate));
    }

    void evidence(final Evidence e) {
        evidence.add(e);
    }

    void wakeAt(final long ns) {
        wakeAtNs = ns;
    }

    void refuse(final ConsensusError error) {
        if (refusal == null) {
            refusal = error;
        }
    }

    public List<byte[]> broadcasts() {
        return broadcasts;
    }

    public List<Send> sends() {
        return sends;
    }

    public List<Commit> commits() {
        return commits;
    }

    /** Equivocations found during this call (also kept in {@link ConsensusCore#evidence()}). */
    public List<Evidence> evidence() {
        return evidence;
    }

    /** When to call {@link ConsensusCore#onTick} next; {@link Long#MAX_VALUE} for never. */
    public long wakeAtNs() {
        return wakeAtNs;
    }

    public ConsensusError refusal() {
        return refusal;
    }
}
