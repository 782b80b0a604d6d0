package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import io.kairos.engine.ledger.BlockHeader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sent by a validator when it moves to {@code round} after a timeout: it carries the highest
 * certificate it knows at this height, a prevote certificate ({@code pol}) with its block, so that
 * whoever leads a later round can re-propose that block safely even if it missed the prevotes. The
 * block parts are null when the sender knows no such certificate. Signed over the genesis hash and
 * the position; the certificate authenticates itself. Immutable.
 */
public record RoundChange(long height, int round, int sender, BlockHeader header, byte[] body, Certificate pol,
                          byte[] signature) implements ConsensusMessage {
    /** "KCR1": consensus round change, version 1. */
    static final int MAGIC = 0x3152434B;

    public boolean hasCertificate() {
        return pol != null;
    }

    public static byte[] signingBytes(final Hash genesisHash, final long height, final int round) {
        final byte[] out = new byte[4 + Hash.LENGTH + 8 + 4];
        final UnsafeBuffer b = new UnsafeBuffer(out);
        b.putInt(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        genesisHash.write(b, 4);
        b.putLong(36, height, ByteOrder.LITTLE_ENDIAN);
        b.putInt(44, round, ByteOrder.LITTLE_ENDIAN);
        return out;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof RoundChange r && height == r.height && round == r.round && sender == r.sender
            && java.util.Objects.equals(header, r.header) && Arrays.equals(body, r.body)
            && java.util.Objects.equals(pol, r.pol) && Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(height, round, sender) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "RoundChange{h " + height + " r " + round + " from v" + sender + (pol == null ? "" : " pol r" + pol.round())
            + "}";
    }
}
