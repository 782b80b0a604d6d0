package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A signed prevote or precommit: validator {@code validator} votes at (height, round, step) for the
 * block {@code blockHash} whose execution gives {@code stateRoot}, or for nil ({@code blockHash}
 * null, state root {@link Hash#ZERO}). The signature covers {@link #signingBytes}, which binds the
 * chain's genesis hash, the position, the block hash and the state root. Immutable.
 */
public record Vote(Step step, long height, int round, Hash blockHash, Hash stateRoot, int validator,
                   byte[] signature) implements ConsensusMessage {
    /** "KCV1": consensus vote, version 1. */
    static final int MAGIC = 0x3156434B;
    static final int SIGNING_LENGTH = 4 + Hash.LENGTH + 1 + 8 + 4 + Hash.LENGTH + Hash.LENGTH;

    public Vote {
        if (step == Step.PROPOSE) {
            throw new IllegalArgumentException("a vote is a prevote or a precommit");
        }
        if (stateRoot == null) {
            stateRoot = Hash.ZERO;
        }
    }

    public boolean isNil() {
        return blockHash == null;
    }

    /** The bytes the validator signs. */
    public static byte[] signingBytes(final Hash genesisHash, final Step step, final long height, final int round,
                                      final Hash blockHash, final Hash stateRoot) {
        final byte[] out = new byte[SIGNING_LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        b.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        genesisHash.write(b, 4);
        b.putByte(36, step.code());
        b.putLong(37, height, ByteOrder.LITTLE_ENDIAN);
        b.putInt(45, round, ByteOrder.LITTLE_ENDIAN);
        (blockHash == null ? Hash.ZERO : blockHash).write(b, 49);
        (stateRoot == null ? Hash.ZERO : stateRoot).write(b, 81);
        return out;
    }

    public byte[] signingBytes(final Hash genesisHash) {
        return signingBytes(genesisHash, step, height, round, blockHash, stateRoot);
    }

    /** Same position and signer, different target: the two votes are an equivocation. */
    public boolean conflictsWith(final Vote other) {
        return step == other.step && height == other.height && round == other.round
            && validator == other.validator && !sameTarget(other);
    }

    public boolean sameTarget(final Vote other) {
        return java.util.Objects.equals(blockHash, other.blockHash) && stateRoot.equals(other.stateRoot);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Vote v && step == v.step && height == v.height && round == v.round
            && validator == v.validator && sameTarget(v) && Arrays.equals(signature, v.signature);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(step, height, round, blockHash, stateRoot, validator) * 31
            + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return step + "{h " + height + " r " + round + " v" + validator + " for "
            + (blockHash == null ? "nil" : blockHash.toHex().substring(0, 12)) + "}";
    }
}
