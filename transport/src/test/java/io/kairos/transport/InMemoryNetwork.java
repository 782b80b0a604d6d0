package io.kairos.transport;

import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Several {@link TransportAgent}s wired together without Aeron: each peer target queues a copy of the
 * frame, and {@link #pump()} steps every agent and delivers queued frames until nothing moves. Time is
 * a field the test advances. A frame from validator {@code i} arrives on image session {@code 100 + i}.
 */
final class InMemoryNetwork {
    record Frame(int from, int to, byte[] bytes) {
    }

    final int n;
    final TransportAgent[] agents;
    final RecordingHandler[] handlers;
    final boolean[][] connected;
    final ArrayDeque<Frame> queue = new ArrayDeque<>();
    long now = 1_000_000_000L;
    long offerResult = 0;
    UnaryOperator<Frame> interceptor = f -> f;
    Consumer<Frame> tap = f -> { };

    private final TestValidators validators;
    private final UnaryOperator<TransportConfig.Builder> tweak;
    private int restarts;

    InMemoryNetwork(final int n, final UnaryOperator<TransportConfig.Builder> tweak) {
        this.n = n;
        this.tweak = tweak;
        validators = TestValidators.of(n);
        agents = new TransportAgent[n];
        handlers = new RecordingHandler[n];
        connected = new boolean[n][n];
        for (final boolean[] row : connected) {
            java.util.Arrays.fill(row, true);
        }
        for (int i = 0; i < n; i++) {
            start(i, i);
        }
    }

    /** Replaces validator {@code i} with a fresh agent (same key, new randomness, no sessions), as after a restart. */
    void restart(final int i) {
        start(i, 1000 + i + 10 * ++restarts);
    }

    private void start(final int i, final long seed) {
        final int self = i;
        final PeerPublisher.Target[] targets = new PeerPublisher.Target[n];
        for (int j = 0; j < n; j++) {
            final int to = j;
            targets[j] = (buffer, offset, length) -> {
                if (!connected[self][to]) {
                    return Publication.NOT_CONNECTED;
                }
                if (offerResult < 0) {
                    return offerResult;
                }
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                queue.add(new Frame(self, to, copy));
                return 64;
            };
        }
        handlers[i] = new RecordingHandler();
        final TransportConfig config = tweak.apply(TransportConfig.builder()
            .self(i, validators.keys.get(i)).validators(validators.set).ipc()).build();
        agents[i] = new TransportAgent(config, handlers[i], handlers[i], TestValidators.random(seed),
            () -> now, targets, peer -> connected[self][peer], null, null, null);
    }

    /** Steps all agents and delivers frames until quiet. */
    void pump() {
        for (int round = 0; round < 100; round++) {
            int work = 0;
            for (final TransportAgent a : agents) {
                work += a.doWork(now);
            }
            while (!queue.isEmpty()) {
                final Frame f = interceptor.apply(queue.poll());
                tap.accept(f);
                if (f != null) {
                    deliver(f);
                    work++;
                }
            }
            if (work == 0) {
                return;
            }
        }
        throw new AssertionError("network did not settle in 100 rounds");
    }

    void deliver(final Frame f) {
        agents[f.to].onFrame(new UnsafeBuffer(f.bytes), 0, f.bytes.length, 100 + f.from, now);
    }

    boolean allUp() {
        for (final TransportAgent a : agents) {
            if (a.peersUp() != n - 1) {
                return false;
            }
        }
        return true;
    }
}
