package io.kairos.engine.consensus;

/**
 * Keeps the commit certificates of decided blocks, so that a replica can hand a lagging peer the
 * block and its proof ({@link Decision}), also after its own restart. Consensus puts each certificate
 * when it decides; the node may keep them in its journal, or only the recent ones. Consensus thread.
 */
public interface CertificateStore {
    void put(Certificate commit);

    /** The commit certificate of {@code height}, or null if not kept. */
    Certificate get(long height);

    /** Makes what {@link #put} wrote durable, for a store that defers its syncs (see SafetyStore#sync). */
    default void sync() {
    }
}
