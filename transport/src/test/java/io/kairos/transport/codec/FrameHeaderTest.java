package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameHeaderTest {
    private final FrameHeader header = new FrameHeader();

    private static UnsafeBuffer frame(final int type, final int flags, final int sender, final int recipient,
                                      final int bodyLength) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[FrameHeader.LENGTH + bodyLength]);
        FrameHeader.write(b, 0, type, flags, sender, recipient, bodyLength);
        return b;
    }

    @Property
    void roundTrips(@ForAll @IntRange(min = 1, max = 4) final int type, @ForAll @IntRange(max = 65535) final int sender,
                    @ForAll @IntRange(max = 65535) final int recipient, @ForAll @IntRange(max = 200) final int body) {
        final UnsafeBuffer b = frame(type, type == FrameType.DATA ? 1 : 0, sender, recipient, body);
        header.wrap(b, 0, b.capacity(), 1 << 20);
        assertEquals(type, header.type());
        assertEquals(sender, header.sender());
        assertEquals(recipient, header.recipient());
        assertEquals(body, header.bodyLength());
        assertEquals(type == FrameType.DATA, header.compressed());
        assertEquals(FrameHeader.LENGTH, header.bodyOffset());
    }

    @Test
    void sizeIsCheckedBeforeAnythingElse() {
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[100]);
        final TransportException e = assertThrows(TransportException.class, () -> header.wrap(garbage, 0, 100, 99));
        assertEquals(TransportError.OVERSIZED, e.error());
    }

    @Test
    void refusesEachBrokenField() {
        assertError(TransportError.MALFORMED, new UnsafeBuffer(new byte[10]), 10);
        final UnsafeBuffer magic = frame(1, 0, 1, 2, 0);
        magic.putByte(0, (byte) 0);
        assertError(TransportError.MALFORMED, magic, 16);
        final UnsafeBuffer version = frame(1, 0, 1, 2, 0);
        version.putByte(2, (byte) 9);
        assertError(TransportError.UNKNOWN_VERSION, version, 16);
        assertError(TransportError.UNKNOWN_TYPE, frame(9, 0, 1, 2, 0), 16);
        assertError(TransportError.UNKNOWN_TYPE, frame(0, 0, 1, 2, 0), 16);
        assertError(TransportError.MALFORMED, frame(FrameType.DATA, 2, 1, 2, 0), 16);
        assertError(TransportError.MALFORMED, frame(FrameType.HANDSHAKE_INIT, 1, 1, 2, 0), 16);
        final UnsafeBuffer reserved = frame(1, 0, 1, 2, 0);
        reserved.putByte(10, (byte) 1);
        assertError(TransportError.MALFORMED, reserved, 16);
        final UnsafeBuffer length = frame(1, 0, 1, 2, 5);
        assertError(TransportError.MALFORMED, length, 20);
        final UnsafeBuffer huge = frame(1, 0, 1, 2, 0);
        huge.putInt(12, Integer.MAX_VALUE, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, huge, 16);
        huge.putInt(12, -1, FrameHeader.ORDER);
        assertError(TransportError.MALFORMED, huge, 16);
    }

    private void assertError(final TransportError expected, final UnsafeBuffer b, final int length) {
        final TransportException e = assertThrows(TransportException.class, () -> header.wrap(b, 0, length, 1 << 20));
        assertEquals(expected, e.error(), e.getMessage());
        assertTrue(e.getMessage().startsWith(expected.name()));
    }

    @Property
    void arbitraryBytesGiveATypedErrorOrAValidHeader(@ForAll @Size(max = 64) final byte[] bytes) {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        try {
            header.wrap(b, 0, bytes.length, 48);
            assertEquals(bytes.length - FrameHeader.LENGTH, header.bodyLength());
        } catch (final TransportException e) {
            assertTrue(e.error() != null);
        }
    }
}
