package io.kairos.transport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportConfigTest {
    private final TestValidators v = TestValidators.of(4);
    private final List<Endpoint> endpoints = List.of(Endpoint.parse("10.0.0.1:7000"), Endpoint.parse("10.0.0.2:7000"),
        Endpoint.parse("node-c:7001"), new Endpoint("[::1]", 7002));

    private TransportConfig.Builder udp() {
        return TransportConfig.builder().self(1, v.keys.get(1)).validators(v.set).udp(endpoints);
    }

    @Test
    void udpChannelsAndStreams() {
        final TransportConfig c = udp().build();
        assertEquals("aeron:udp?endpoint=10.0.0.2:7000", c.subscriptionChannel());
        assertEquals("aeron:udp?endpoint=node-c:7001|term-length=16777216", c.publicationChannel(2));
        assertEquals("aeron:udp?endpoint=[::1]:7002|term-length=16777216", c.publicationChannel(3));
        assertEquals(1001, c.subscriptionStreamId());
        assertEquals(1001, c.publicationStreamId(3));
        assertEquals(1024 * 1024, c.maxMessageBytes());
        assertEquals(64 * 1024, c.compressionThresholdBytes());
    }

    @Test
    void ipcChannelsUseAStreamPerDestination() {
        final TransportConfig c = TransportConfig.builder().self(2, v.keys.get(2)).validators(v.set).ipc()
            .ipcBaseStreamId(500).build();
        assertTrue(c.ipc());
        assertEquals("aeron:ipc", c.subscriptionChannel());
        assertEquals(502, c.subscriptionStreamId());
        assertEquals("aeron:ipc?term-length=16777216", c.publicationChannel(0));
        assertEquals(500, c.publicationStreamId(0));
    }

    @Test
    void theTenMebibyteCapNeedsA128MebibyteTerm() {
        assertInvalid(b -> b.maxMessageBytes(TransportConfig.MAX_MESSAGE_BYTES_CAP));
        assertEquals(TransportConfig.MAX_MESSAGE_BYTES_CAP, udp().maxMessageBytes(TransportConfig.MAX_MESSAGE_BYTES_CAP)
            .termBufferLength(128 * 1024 * 1024).build().maxMessageBytes());
        assertInvalid(b -> b.maxMessageBytes(TransportConfig.MAX_MESSAGE_BYTES_CAP + 1).termBufferLength(1 << 30));
    }

    @Test
    void everyBadValueIsATypedError() {
        assertInvalid(b -> b.self(7, v.keys.get(1)));
        assertInvalid(b -> b.self(0, v.keys.get(1)));
        assertInvalid(b -> b.udp(endpoints.subList(0, 3)));
        assertInvalid(b -> b.maxMessageBytes(10));
        assertInvalid(b -> b.compressionThresholdBytes(-1));
        assertInvalid(b -> b.publicationRetryLimit(-1));
        assertInvalid(b -> b.handshakeTimeoutNs(0));
        assertInvalid(b -> b.termBufferLength(100_000));
        assertInvalid(b -> b.termBufferLength(64 * 1024));
        assertInvalid(b -> b.peerScore(0, 1));
        assertInvalid(b -> b.peerBackoff(10, 5));
        assertInvalid(b -> b.fragmentLimit(0));
        assertInvalid(b -> b.kem(null));
        assertEquals(TransportError.INVALID_CONFIG, assertThrows(TransportException.class,
            () -> TransportConfig.builder().build()).error());
        assertEquals(TransportError.INVALID_CONFIG, assertThrows(TransportException.class,
            () -> Endpoint.parse("nohost")).error());
        assertEquals(TransportError.INVALID_CONFIG, assertThrows(TransportException.class,
            () -> Endpoint.parse("host:99999")).error());
        assertEquals(TransportError.INVALID_CONFIG, assertThrows(TransportException.class,
            () -> Endpoint.parse("host|x:1")).error());
    }

    private void assertInvalid(final UnaryOperator<TransportConfig.Builder> change) {
        final TransportException e = assertThrows(TransportException.class, () -> change.apply(udp()).build());
        assertEquals(TransportError.INVALID_CONFIG, e.error(), e.getMessage());
    }
}
