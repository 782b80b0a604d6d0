package io.kairos.transport.codec;

import io.kairos.transport.TransportError;
import io.kairos.transport.TransportException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Lz4CodecTest {
    private final Lz4Codec lz4 = new Lz4Codec();

    @Property
    void roundTrips(@ForAll @Size(min = 1, max = 5000) final byte[] data) {
        final byte[] compressed = new byte[lz4.maxCompressedLength(data.length)];
        final int n = lz4.compress(data, 0, data.length, compressed, 0);
        final byte[] out = new byte[data.length];
        assertEquals(data.length, lz4.decompress(compressed, 0, n, out, 0, data.length));
        assertArrayEquals(data, out);
    }

    @Test
    void repetitiveDataShrinks() {
        final byte[] data = new byte[100_000];
        Arrays.fill(data, (byte) 'k');
        final byte[] compressed = new byte[lz4.maxCompressedLength(data.length)];
        assertTrue(lz4.compress(data, 0, data.length, compressed, 0) < 1000);
    }

    @Test
    void declaredLengthPastTheCapIsRefusedBeforeDecompressing() {
        final byte[] data = new byte[10_000];
        final byte[] compressed = new byte[lz4.maxCompressedLength(data.length)];
        final int n = lz4.compress(data, 0, data.length, compressed, 0);
        final byte[] out = new byte[20_000];
        assertEquals(TransportError.OVERSIZED, assertThrows(TransportException.class,
            () -> lz4.decompress(compressed, 0, n, out, 0, 9_999)).error());
        compressed[3] = 0x7F;
        assertEquals(TransportError.OVERSIZED, assertThrows(TransportException.class,
            () -> lz4.decompress(compressed, 0, n, out, 0, 10 << 20)).error());
        compressed[3] = 0;
        compressed[0] = 1;
        assertEquals(TransportError.MALFORMED, assertThrows(TransportException.class,
            () -> lz4.decompress(compressed, 0, n, out, 0, 20_000)).error());
        assertEquals(TransportError.MALFORMED, assertThrows(TransportException.class,
            () -> lz4.decompress(compressed, 0, 3, out, 0, 20_000)).error());
    }

    @Property
    void arbitraryBytesGiveATypedError(@ForAll @Size(max = 300) final byte[] bytes) {
        final byte[] out = new byte[4096];
        try {
            final int n = lz4.decompress(bytes, 0, bytes.length, out, 0, 4096);
            assertTrue(n > 0 && n <= 4096);
        } catch (final TransportException e) {
            assertTrue(e.error() == TransportError.MALFORMED || e.error() == TransportError.OVERSIZED);
        }
    }
}
