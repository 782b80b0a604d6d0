package io.kairos.transport;

import io.aeron.Publication;
import io.kairos.transport.codec.BlockResponseEncoder;
import io.kairos.transport.codec.FrameHeader;
import io.kairos.transport.codec.FrameType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's protocol logic over an in-memory network: handshakes, dispatch, refusals, scoring, drops. */
class TransportAgentTest {
    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fourNodesHandshakeAndBroadcastConsensusBytes() {
        final InMemoryNetwork net = new InMemoryNetwork(4, b -> b);
        net.pump();
        assertTrue(net.allUp());
        for (int i = 0; i < 4; i++) {
            assertEquals(3, net.handlers[i].events.stream().filter(e -> e.startsWith("up ")).count());
            assertEquals(3, net.agents[i].broadcast(bytes("vote from " + i)));
        }
        net.pump();
        for (int i = 0; i < 4; i++) {
            final RecordingHandler h = net.handlers[i];
            assertEquals(3, h.consensus.size());
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(bytes("vote from " + h.consensusFrom.get(k)), h.consensus.get(k));
            }
            assertEquals(3, net.agents[i].counters().handshakesCompleted());
        }
        assertEquals(SendResult.SENT, net.agents[3].send(0, bytes("decision")));
        net.pump();
        assertArrayEquals(bytes("decision"), net.handlers[0].consensus.get(3));
        assertEquals(3, net.handlers[0].consensusFrom.get(3));
        assertTrue(net.agents[3].counters().bytesOut(0) > 0);
        assertEquals(2, net.agents[0].counters().messagesIn(3));
    }

    @Test
    void syncMessagesArriveIntactAndLargeOnesAreCompressed() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.compressionThresholdBytes(1024));
        net.pump();
        final TransportAgent a = net.agents[0];
        assertEquals(SendResult.SENT, a.sendBlockRequest(1, 5, 100, 0));
        assertEquals(SendResult.SENT, a.sendSnapshotRequest(1, 9, 3));
        final byte[] root = new byte[32];
        root[0] = 42;
        assertEquals(SendResult.SENT, a.sendStatus(1, 77, root));
        assertEquals(SendResult.SENT, a.sendSnapshotChunk(1, 9, root, 3, 4, new UnsafeBuffer(new byte[500]), 0, 500));
        final BlockResponseEncoder page = a.beginBlockResponse();
        final List<byte[]> sent = new ArrayList<>();
        for (int h = 0; h < 150 && page.tryAdd(block(h), new byte[]{1}); h++) {
            sent.add(block(h));
        }
        assertEquals(100, sent.size());
        assertEquals(SendResult.SENT, a.commitBlockResponse(1, 100, false));
        final long before = a.counters().bytesOut(1);
        final byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 3);
        assertEquals(SendResult.SENT, a.send(1, big));
        assertTrue(a.counters().bytesOut(1) - before < 10_000, "a repetitive 200 KB message is sent compressed");
        net.pump();
        final RecordingHandler h = net.handlers[1];
        assertTrue(h.events.contains("blockRequest 0 5 100 0"));
        assertTrue(h.events.contains("snapshotRequest 0 9 3"));
        assertTrue(h.events.contains("status 0 77 hash0=42"));
        assertTrue(h.events.contains("snapshotChunk 0 9 3/4 500 root0=42"));
        assertTrue(h.events.contains("blockResponse 0 100 100 false"));
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), h.blocks.get(i));
        }
        assertArrayEquals(big, h.consensus.get(0));
    }

    private static byte[] block(final int height) {
        final byte[] b = new byte[20 + height];
        Arrays.fill(b, (byte) height);
        return b;
    }

    @Test
    void aTamperedFrameIsRefusedReportedOnceAndCountedAgainstItsSender() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b);
        net.pump();
        net.interceptor = f -> {
            final byte[] b = f.bytes().clone();
            b[b.length - 1] ^= 1;
            return new InMemoryNetwork.Frame(f.from(), f.to(), b);
        };
        net.agents[1].send(0, bytes("one"));
        net.agents[1].send(0, bytes("two"));
        net.pump();
        final TransportCounters c = net.agents[0].counters();
        assertEquals(2, c.refusals(TransportError.DECRYPT_FAILED));
        assertEquals(2, c.decodeFailures(1));
        assertEquals(List.of("1 DECRYPT_FAILED"), net.handlers[0].refusals);
        assertTrue(net.handlers[0].consensus.isEmpty());
    }

    @Test
    void flippingAnyBitOfADataFrameGetsItRefused() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.peerScore(1_000_000, TimeUnit.SECONDS.toNanos(1)));
        net.pump();
        final List<InMemoryNetwork.Frame> seen = new ArrayList<>();
        net.agents[0].send(1, bytes("precommit"));
        net.queue.forEach(seen::add);
        net.queue.clear();
        final byte[] frame = seen.get(0).bytes();
        long refusals = 0;
        for (int i = 0; i < frame.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                final byte[] flipped = frame.clone();
                flipped[i] ^= (byte) (1 << bit);
                net.deliver(new InMemoryNetwork.Frame(0, 1, flipped));
                refusals++;
            }
        }
        long counted = 0;
        for (final TransportError e : TransportError.values()) {
            counted += net.agents[1].counters().refusals(e);
        }
        assertEquals(refusals, counted);
        assertTrue(net.handlers[1].consensus.isEmpty());
        net.deliver(seen.get(0));
        assertArrayEquals(bytes("precommit"), net.handlers[1].consensus.get(0));
    }

    @Test
    void mlKem512WorksEndToEnd() {
        final InMemoryNetwork net = new InMemoryNetwork(3, b -> b.kem(io.kairos.transport.session.KemKind.ML_KEM_512));
        net.pump();
        assertTrue(net.allUp());
        net.agents[2].broadcast(bytes("hi"));
        net.pump();
        assertArrayEquals(bytes("hi"), net.handlers[0].consensus.get(0));
        assertArrayEquals(bytes("hi"), net.handlers[1].consensus.get(0));
    }

    @Test
    void aReplayedDataFrameIsRefused() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b);
        net.pump();
        final List<InMemoryNetwork.Frame> seen = new ArrayList<>();
        net.tap = seen::add;
        net.agents[0].send(1, bytes("once"));
        net.pump();
        net.deliver(seen.get(0));
        assertEquals(1, net.handlers[1].consensus.size());
        assertEquals(1, net.agents[1].counters().refusals(TransportError.REPLAYED));
        assertEquals(1, net.agents[1].counters().decodeFailures(0));
    }

    @Test
    void aReplayedHandshakeIsRefused() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b);
        final List<InMemoryNetwork.Frame> seen = new ArrayList<>();
        net.tap = seen::add;
        net.pump();
        assertTrue(net.allUp());
        final InMemoryNetwork.Frame init = seen.get(0);
        assertEquals(FrameType.HANDSHAKE_INIT, init.bytes()[3]);
        net.deliver(init);
        assertEquals(1, net.agents[1].counters().refusals(TransportError.REPLAYED));
        net.deliver(seen.get(1));
        assertEquals(1, net.agents[0].counters().refusals(TransportError.REPLAYED));
        assertTrue(net.allUp());
    }

    @Test
    void garbageAndUnknownSendersAreRefusedWithoutBlamingAPeer() {
        final InMemoryNetwork net = new InMemoryNetwork(3, b -> b);
        net.pump();
        final TransportAgent a = net.agents[0];
        a.onFrame(new UnsafeBuffer(new byte[5]), 0, 5, 999, net.now);
        final UnsafeBuffer stranger = new UnsafeBuffer(new byte[40]);
        FrameHeader.write(stranger, 0, FrameType.DATA, 0, 7, 0, 24);
        a.onFrame(stranger, 0, 40, 999, net.now);
        final UnsafeBuffer oversized = new UnsafeBuffer(new byte[a.counters().peers() + (2 << 20)]);
        a.onFrame(oversized, 0, oversized.capacity(), 999, net.now);
        assertEquals(1, a.counters().refusals(TransportError.MALFORMED));
        assertEquals(1, a.counters().refusals(TransportError.UNKNOWN_PEER));
        assertEquals(1, a.counters().refusals(TransportError.OVERSIZED));
        assertEquals(3, a.counters().unattributedFailures());
        assertEquals(0, a.counters().decodeFailures(1) + a.counters().decodeFailures(2));
    }

    @Test
    void garbageOnABoundImageCountsAgainstThatPeer() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b);
        net.pump();
        net.agents[0].onFrame(new UnsafeBuffer(new byte[5]), 0, 5, 101, net.now);
        assertEquals(1, net.agents[0].counters().decodeFailures(1));
    }

    @Test
    void aPeerPastTheScoreThresholdIsDisconnectedThenBacksOffLongerEachTime() {
        final long second = TimeUnit.SECONDS.toNanos(1);
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.peerScore(3, 10 * second)
            .peerBackoff(5 * second, 60 * second).handshakeTimeoutNs(second));
        net.pump();
        final byte[] junk = {1, 2, 3, 4, 5};
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < 3; i++) {
                net.agents[0].onFrame(new UnsafeBuffer(junk), 0, junk.length, 101, net.now);
            }
            final long backoff = (round == 1 ? 5 : 10) * second;
            assertFalse(net.agents[0].isUp(1));
            assertEquals(round, net.agents[0].counters().disconnections());
            assertTrue(net.handlers[0].events.contains("down 1"));
            assertTrue(net.handlers[0].events.contains("disconnected 1 until " + (net.now + backoff)));
            assertEquals(SendResult.PEER_DISCONNECTED, net.agents[0].send(1, bytes("x")));
            net.agents[1].send(0, bytes("ignored"));
            net.pump();
            assertTrue(net.agents[0].counters().ignored(1) >= 1);
            assertFalse(net.agents[0].isUp(1));
            net.now += backoff - 1;
            net.pump();
            assertFalse(net.agents[0].isUp(1));
            net.now += 1 + 2 * second;
            net.pump();
            assertTrue(net.agents[0].isUp(1), "may handshake again after the back-off, round " + round);
        }
        assertEquals(2, net.agents[0].scoring().strikes(1));
    }

    @Test
    void backPressureIsRetriedABoundedNumberOfTimesThenDropped() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.publicationRetryLimit(4));
        net.pump();
        net.offerResult = Publication.BACK_PRESSURED;
        assertEquals(SendResult.BACK_PRESSURED, net.agents[0].send(1, bytes("x")));
        net.offerResult = Publication.ADMIN_ACTION;
        assertEquals(SendResult.ADMIN_ACTION, net.agents[0].send(1, bytes("x")));
        net.offerResult = Publication.MAX_POSITION_EXCEEDED;
        assertEquals(SendResult.MAX_POSITION_EXCEEDED, net.agents[0].send(1, bytes("x")));
        net.offerResult = Publication.CLOSED;
        assertEquals(SendResult.CLOSED, net.agents[0].send(1, bytes("x")));
        final TransportCounters c = net.agents[0].counters();
        assertEquals(1, c.drops(SendResult.BACK_PRESSURED));
        assertEquals(1, c.drops(SendResult.ADMIN_ACTION));
        assertEquals(4, c.totalDrops());
    }

    @Test
    void publisherRetriesExactlyUpToTheLimit() {
        final TransportCounters counters = new TransportCounters(2);
        final PeerPublisher publisher = new PeerPublisher(3, new org.agrona.concurrent.NoOpIdleStrategy(), counters);
        final int[] calls = new int[1];
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        assertEquals(SendResult.BACK_PRESSURED, publisher.offer(1, (b, o, l) -> {
            calls[0]++;
            return Publication.BACK_PRESSURED;
        }, buffer, 0, 8));
        assertEquals(4, calls[0]);
        calls[0] = 0;
        assertEquals(SendResult.NOT_CONNECTED, publisher.offer(1, (b, o, l) -> {
            calls[0]++;
            return Publication.NOT_CONNECTED;
        }, buffer, 0, 8));
        assertEquals(1, calls[0]);
        assertEquals(SendResult.SENT, publisher.offer(1, (b, o, l) -> ++calls[0] < 3 ? Publication.ADMIN_ACTION : 99,
            buffer, 0, 8));
        assertEquals(1, counters.messagesOut(1));
        assertEquals(8, counters.bytesOut(1));
        assertEquals(2, counters.totalDrops());
    }

    @Test
    void losingThePublicationTakesThePeerDownAndReconnectingHandshakesAgain() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b);
        net.pump();
        net.connected[0][1] = false;
        net.connected[1][0] = false;
        net.pump();
        assertFalse(net.agents[0].isUp(1));
        assertFalse(net.agents[1].isUp(0));
        assertEquals(SendResult.NO_SESSION, net.agents[0].send(1, bytes("x")));
        assertTrue(net.handlers[1].events.contains("down 0"));
        net.connected[0][1] = true;
        net.connected[1][0] = true;
        net.pump();
        assertTrue(net.allUp());
        assertEquals(List.of("up 1", "down 1", "up 1"), net.handlers[0].events);
    }

    @Test
    void aRestartedResponderIsFoundAgainAfterTheIdleTimeout() {
        final long second = TimeUnit.SECONDS.toNanos(1);
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.sessionIdleTimeoutNs(10 * second));
        net.pump();
        net.restart(1);
        net.pump();
        assertTrue(net.agents[0].isUp(1), "validator 0 cannot tell that 1 restarted");
        assertFalse(net.agents[1].isUp(0));
        assertEquals(SendResult.SENT, net.agents[0].send(1, bytes("lost")));
        net.pump();
        assertEquals(1, net.agents[1].counters().refusals(TransportError.NO_SESSION));
        assertEquals(0, net.agents[1].counters().decodeFailures(0), "a missing session is not the peer's fault");
        net.now += 10 * second;
        net.pump();
        assertTrue(net.allUp());
        assertEquals(List.of("up 1"), net.handlers[0].events, "the session was replaced, not dropped");
        assertEquals(SendResult.SENT, net.agents[0].send(1, bytes("found")));
        net.pump();
        assertArrayEquals(bytes("found"), net.handlers[1].consensus.get(0));
    }

    @Test
    void trafficKeepsASessionFromBeingRenegotiated() {
        final long second = TimeUnit.SECONDS.toNanos(1);
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.sessionIdleTimeoutNs(10 * second));
        net.pump();
        for (int i = 0; i < 5; i++) {
            net.now += 5 * second;
            net.agents[1].send(0, bytes("alive"));
            net.pump();
        }
        assertEquals(1, net.agents[0].counters().handshakesStarted());
        net.now += 10 * second;
        net.pump();
        assertEquals(2, net.agents[0].counters().handshakesStarted());
        assertTrue(net.allUp());
    }

    @Test
    void sendingToNoOneOrOneselfIsATypedError() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b);
        assertEquals(TransportError.UNKNOWN_PEER, assertThrows(TransportException.class,
            () -> net.agents[0].send(0, bytes("x"))).error());
        assertEquals(TransportError.UNKNOWN_PEER, assertThrows(TransportException.class,
            () -> net.agents[0].send(5, bytes("x"))).error());
        assertEquals(SendResult.NO_SESSION, net.agents[0].send(1, bytes("x")));
    }
}
