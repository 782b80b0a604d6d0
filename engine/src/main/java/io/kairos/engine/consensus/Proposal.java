package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import io.kairos.engine.ledger.BlockHeader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The leader's signed proposal of a block at (height, round). {@code validRound} is -1 for a fresh
 * block; otherwise the block gathered 2f+1 prevotes in that earlier round and {@code pol} carries
 * those prevotes, so that a replica that missed them can still check the re-proposal (Tendermint's
 * proof of lock). The signature covers the genesis hash, the position, {@code validRound} and the
 * block hash; the body is bound to the header by its transactions root. Immutable.
 */
public record Proposal(long height, int round, int validRound, int proposer, BlockHeader header, byte[] body,
                       Certificate pol, byte[] signature) implements ConsensusMessage {
    /** "KCP1": consensus proposal, version 1. */
    static final int MAGIC = 0x3150434B;

    public Hash blockHash() {
        return header.hash();
    }

    public static byte[] signingBytes(final Hash genesisHash, final long height, final int round, final int validRound,
                                      final Hash blockHash) {
        final byte[] out = new byte[4 + Hash.LENGTH + 8 + 4 + 4 + Hash.LENGTH];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        b.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        genesisHash.write(b, 4);
        b.putLong(36, height, ByteOrder.LITTLE_ENDIAN);
        b.putInt(44, round, ByteOrder.LITTLE_ENDIAN);
        b.putInt(48, validRound, ByteOrder.LITTLE_ENDIAN);
        blockHash.write(b, 52);
        return out;
    }

    public byte[] signingBytes(final Hash genesisHash) {
        return signingBytes(genesisHash, height, round, validRound, blockHash());
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Proposal p && height == p.height && round == p.round && validRound == p.validRound
            && proposer == p.proposer && header.equals(p.header) && Arrays.equals(body, p.body)
            && java.util.Objects.equals(pol, p.pol) && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(height, round, validRound, proposer, header) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Proposal{h " + height + " r " + round + " vr " + validRound + " by v" + proposer + " "
            + blockHash().toHex().substring(0, 12) + "}";
    }
}
