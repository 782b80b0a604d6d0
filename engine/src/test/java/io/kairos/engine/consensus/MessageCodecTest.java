package io.kairos.engine.consensus;

import io.kairos.engine.core.KairosException;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.CommittedBlock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageCodecTest {
    private static final ConsensusFixture F = new ConsensusFixture(0);
    private static final CommittedBlock BLOCK = F.block(1, 5);
    private static final Certificate POL = F.certificate(Step.PREVOTE, 1, 0, BLOCK.header(), 1, 2, 3);
    private static final List<byte[]> SAMPLES = List.of(
        F.vote(2, Step.PREVOTE, 1, 0, BLOCK.header()),
        F.vote(3, Step.PRECOMMIT, 7, 4, null),
        F.proposal(1, 1, 0, BLOCK),
        F.reproposal(2, 1, 1, BLOCK, 0, POL),
        F.codec().encode(new RoundChange(1, 1, 3, BLOCK.header(), ConsensusFixture.body(BLOCK), POL, new byte[64])),
        F.codec().encode(new RoundChange(1, 2, 3, null, null, null, new byte[64])),
        F.codec().encode(new Decision(BLOCK.header(), ConsensusFixture.body(BLOCK),
            F.certificate(Step.PRECOMMIT, 1, 0, BLOCK.header(), 0, 1, 2))));

    private final MessageCodec codec = F.codec();

    @Test
    void everyMessageTypeRoundTrips() {
        for (final byte[] m : SAMPLES) {
            final ConsensusMessage decoded = codec.decode(m);
            assertArrayEquals(m, codec.encode(decoded), decoded.toString());
            assertEquals(decoded, codec.decode(codec.encode(decoded)));
        }
    }

    @Test
    void sizeIsCheckedBeforeDecoding() {
        final MessageCodec tiny = new MessageCodec(16, 4, CodecLimits.DEFAULT);
        final ConsensusException e = assertThrows(ConsensusException.class, () -> tiny.decode(SAMPLES.get(2)));
        assertEquals(ConsensusError.OVERSIZED, e.error());
    }

    @Test
    void truncationsAndTrailingBytesAreMalformed() {
        for (final byte[] m : SAMPLES) {
            for (int cut = 0; cut < m.length; cut += 7) {
                final byte[] shorter = java.util.Arrays.copyOf(m, cut);
                assertEquals(ConsensusError.MALFORMED,
                    assertThrows(ConsensusException.class, () -> codec.decode(shorter)).error());
            }
            final byte[] longer = java.util.Arrays.copyOf(m, m.length + 1);
            assertEquals(ConsensusError.MALFORMED,
                assertThrows(ConsensusException.class, () -> codec.decode(longer)).error());
        }
    }

    @Test
    void aCertificateOnItsOwnRoundTripsAndRefusesTruncationAndTrailingBytes() {
        final Certificate commit = F.certificate(Step.PRECOMMIT, 1, 2, BLOCK.header(), 0, 1, 3);
        final byte[] bytes = codec.encodeCertificate(commit);
        assertEquals(commit, codec.decodeCertificate(bytes));
        assertArrayEquals(bytes, codec.encodeCertificate(codec.decodeCertificate(bytes)));
        for (int cut = 0; cut < bytes.length; cut += 5) {
            final byte[] shorter = java.util.Arrays.copyOf(bytes, cut);
            assertEquals(ConsensusError.MALFORMED,
                assertThrows(ConsensusException.class, () -> codec.decodeCertificate(shorter)).error());
        }
        final byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertEquals(ConsensusError.MALFORMED,
            assertThrows(ConsensusException.class, () -> codec.decodeCertificate(longer)).error());
        assertEquals(ConsensusError.OVERSIZED, assertThrows(ConsensusException.class,
            () -> new MessageCodec(16, 4, CodecLimits.DEFAULT).decodeCertificate(bytes)).error());
    }

    @Property(tries = 2000)
    void garbageGivesATypedErrorNeverAnUncheckedException(@ForAll @Size(max = 600) final byte[] bytes,
                                                          @ForAll @IntRange(min = 1, max = 4) final int type) {
        final byte[] m = bytes.clone();
        if (m.length > 1) {
            m[0] = (byte) type;
            m[1] = MessageCodec.VERSION;
        }
        decodeTyped(m);
    }

    @Property(tries = 2000)
    void mangledValidMessagesGiveATypedErrorOrAMessage(@ForAll @IntRange(min = 0, max = 6) final int which,
                                                       @ForAll @IntRange(min = 0, max = 100_000) final int at,
                                                       @ForAll @IntRange(min = 1, max = 255) final int flip) {
        final byte[] m = SAMPLES.get(which).clone();
        m[at % m.length] ^= (byte) flip;
        decodeTyped(m);
    }

    private void decodeTyped(final byte[] m) {
        try {
            codec.decode(m);
        } catch (final KairosException expected) {
            // typed: fine. Anything else escapes and fails the property.
        }
    }
}
