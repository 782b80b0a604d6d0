package io.kairos.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the whole inbound path of an agent with an established session: header, handshake parsing,
 * decryption, decompression and inner decoding. Any exception escaping {@code onFrame} fails the
 * target; refusals must be counted. Seeds in {@code AgentFuzzTestInputs/onFrame/} are real frames of a
 * two-node handshake and data exchange (regression mode under plain {@code mvn test}).
 */
class AgentFuzzTest {
    private static final InMemoryNetwork NET = started();

    private static InMemoryNetwork started() {
        final InMemoryNetwork net = new InMemoryNetwork(2, b -> b.compressionThresholdBytes(64));
        net.pump();
        return net;
    }

    @FuzzTest(maxDuration = "30s")
    void onFrame(final byte[] data) {
        final TransportCounters c = NET.agents[1].counters();
        final long before = sum(c) + handled();
        NET.agents[1].onFrame(new UnsafeBuffer(data), 0, data.length, 100, NET.now);
        assertTrue(sum(c) + handled() > before, "a frame is either refused (and counted) or handled");
    }

    private static long handled() {
        return NET.handlers[1].consensus.size() + NET.handlers[1].events.size();
    }

    private static long sum(final TransportCounters c) {
        long s = c.ignored(0) + c.messagesIn(0) + c.messagesOut(0) + c.handshakesCompleted();
        for (final TransportError e : TransportError.values()) {
            s += c.refusals(e);
        }
        return s;
    }
}
