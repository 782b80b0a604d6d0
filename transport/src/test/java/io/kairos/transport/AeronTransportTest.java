package io.kairos.transport;

import io.kairos.transport.driver.EmbeddedDriver;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Aeron: embedded media drivers (one per simulated node for UDP on loopback, one shared for IPC),
 * agents stepped by hand on the test thread.
 */
class AeronTransportTest {
    private static final int TERM = 256 * 1024;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            CloseHelper.close(closeables.get(i));
        }
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmbeddedDriver driver(final String name) {
        final EmbeddedDriver d = EmbeddedDriver.launch(EmbeddedDriver.Options.defaults(dir.resolve(name))
            .withTermBufferLength(TERM));
        closeables.add(d);
        return d;
    }

    private TransportConfig.Builder config(final TestValidators v, final int i) {
        return TransportConfig.builder().self(i, v.keys.get(i)).validators(v.set).termBufferLength(TERM)
            .maxMessageBytes(16 * 1024).compressionThresholdBytes(4 * 1024).handshakeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500));
    }

    private TransportAgent[] udpCluster(final int n, final RecordingHandler[] handlers) {
        final TestValidators v = TestValidators.of(n);
        final List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            endpoints.add(new Endpoint("127.0.0.1", freeUdpPort()));
        }
        final TransportAgent[] agents = new TransportAgent[n];
        for (int i = 0; i < n; i++) {
            handlers[i] = new RecordingHandler();
            final EmbeddedDriver d = driver("node" + i);
            agents[i] = TransportAgent.connect(config(v, i).udp(endpoints).build(), d.aeronDirectoryName(),
                handlers[i], handlers[i], TestValidators.random(i));
            closeables.add(agents[i]);
        }
        return agents;
    }

    private TransportAgent[] ipcCluster(final int n, final RecordingHandler[] handlers) {
        final TestValidators v = TestValidators.of(n);
        final EmbeddedDriver d = driver("shared");
        final TransportAgent[] agents = new TransportAgent[n];
        for (int i = 0; i < n; i++) {
            handlers[i] = new RecordingHandler();
            agents[i] = TransportAgent.connect(config(v, i).ipc().build(), d.aeronDirectoryName(), handlers[i],
                handlers[i], TestValidators.random(i));
            closeables.add(agents[i]);
        }
        return agents;
    }

    /** Steps every agent until {@code done} holds; gives up (and fails) after 10 s so a bug cannot hang the build. */
    private static void runUntil(final TransportAgent[] agents, final BooleanSupplier done) {
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            int work = 0;
            for (final TransportAgent a : agents) {
                work += a.doWork();
            }
            if (work == 0) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            assertTrue(System.nanoTime() - giveUpAt < 0, "cluster did not reach the expected state");
        }
    }

    private static boolean allUp(final TransportAgent[] agents) {
        for (final TransportAgent a : agents) {
            if (a.peersUp() != agents.length - 1) {
                return false;
            }
        }
        return true;
    }

    private static void exchange(final TransportAgent[] agents, final RecordingHandler[] handlers) {
        runUntil(agents, () -> allUp(agents));
        for (int i = 0; i < agents.length; i++) {
            assertEquals(agents.length - 1, agents[i].broadcast(("vote " + i).getBytes(StandardCharsets.UTF_8)));
        }
        runUntil(agents, () -> {
            for (final RecordingHandler h : handlers) {
                if (h.consensus.size() < agents.length - 1) {
                    return false;
                }
            }
            return true;
        });
        for (final RecordingHandler h : handlers) {
            for (int k = 0; k < h.consensus.size(); k++) {
                assertArrayEquals(("vote " + h.consensusFrom.get(k)).getBytes(StandardCharsets.UTF_8), h.consensus.get(k));
            }
        }
    }

    @Test
    void twoNodesOverLoopbackUdp() {
        final RecordingHandler[] handlers = new RecordingHandler[2];
        final TransportAgent[] agents = udpCluster(2, handlers);
        exchange(agents, handlers);
        assertEquals(SendResult.SENT, agents[1].send(0, new byte[]{7, 7}));
        runUntil(agents, () -> handlers[0].consensus.size() == 2);
        assertArrayEquals(new byte[]{7, 7}, handlers[0].consensus.get(1));
    }

    @Test
    void framesLargerThanTheMtuAreReassembledAndLargeMessagesCompressed() {
        final RecordingHandler[] handlers = new RecordingHandler[2];
        final TransportAgent[] agents = udpCluster(2, handlers);
        runUntil(agents, () -> allUp(agents));
        final byte[] random = new byte[15_000];
        new java.util.Random(5).nextBytes(random);
        final byte[] repetitive = new byte[16_000];
        java.util.Arrays.fill(repetitive, (byte) 'z');
        assertEquals(SendResult.SENT, agents[0].send(1, random));
        assertEquals(SendResult.SENT, agents[0].send(1, repetitive));
        runUntil(agents, () -> handlers[1].consensus.size() == 2);
        assertArrayEquals(random, handlers[1].consensus.get(0));
        assertArrayEquals(repetitive, handlers[1].consensus.get(1));
    }

    @Test
    void fourNodesOverLoopbackUdp() {
        final RecordingHandler[] handlers = new RecordingHandler[4];
        exchange(udpCluster(4, handlers), handlers);
    }

    @Test
    void fourNodesOverIpcInOneDriver() {
        final RecordingHandler[] handlers = new RecordingHandler[4];
        exchange(ipcCluster(4, handlers), handlers);
    }

    @Test
    void aConsumerThatStopsReadingLeadsToCountedDropsNotAHang() {
        final RecordingHandler[] handlers = new RecordingHandler[2];
        final TransportAgent[] agents = ipcCluster(2, handlers);
        runUntil(agents, () -> allUp(agents));
        final byte[] message = new byte[8 * 1024];
        new java.util.Random(9).nextBytes(message);
        int sent = 0;
        for (int i = 0; i < 200; i++) {
            if (agents[0].send(1, message) == SendResult.SENT) {
                sent++;
            }
        }
        final TransportCounters c = agents[0].counters();
        assertTrue(c.drops(SendResult.BACK_PRESSURED) > 0, "the stalled peer back-pressures");
        assertEquals(200, sent + c.drops(SendResult.BACK_PRESSURED));
        assertTrue(sent < 200);
    }
}
