package io.kairos.engine.crypto;

/**
 * Verifies a {@link VerificationBatch} and records one result per item in it. The seam between the
 * ingress pipeline and whatever checks signatures: {@link CpuBatchVerifier} checks item by item on
 * the calling thread; an accelerator implementation can ship the whole batch to a device.
 *
 * <p>Contract: {@link #verify} sets every item's result (an item left unset counts as invalid), never
 * lets one item's bad key, signature or message change another item's result, and returns only when
 * all results are in the batch. It may throw only for a failure of the verifier itself (a lost
 * device); the caller then treats the batch as unverified and may retry its items one at a time.
 *
 * <p>Threading: the pipeline makes one instance per verification worker and calls it from that
 * worker's thread only. An implementation sharing a device between instances synchronises inside.
 */
public interface BatchVerifier extends AutoCloseable {
    /** Verifies every item of {@code batch}, writing each result with {@link VerificationBatch#setValid}. */
    void verify(VerificationBatch batch);

    /** Releases what the verifier holds (device buffers, queues); the pipeline calls it on stop. */
    @Override
    default void close() {
    }
}
