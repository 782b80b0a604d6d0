package io.kairos.engine.consensus;

/**
 * Where a driver sends what {@link ConsensusCore} asks to send: the transport's port. Called on the
 * consensus thread, after the commits of the same output are durable; an implementation must not
 * block (it queues or drops, and consensus tolerates a drop: timeouts and resends recover).
 */
public interface ConsensusOutbox {
    /** To every other validator. */
    void broadcast(byte[] message);

    /** To validator {@code index} only. */
    void send(int index, byte[] message);

    /** Sends nothing: a single validator has no one to talk to. */
    ConsensusOutbox NONE = new ConsensusOutbox() {
        @Override
        public void broadcast(final byte[] message) {
        }

        @Override
        public void send(final int index, final byte[] message) {
        }
    };
}
