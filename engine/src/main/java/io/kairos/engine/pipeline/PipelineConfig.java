package io.kairos.engine.pipeline;

import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.ledger.CodecLimits;

/**
 * Settings of one {@link IngressPipeline}, checked on construction. Immutable and thread-safe.
 *
 * <p>Memory: each ring slot keeps a buffer that grows to the largest transaction it has held, so
 * the ring holds at least {@code ringSize} times the typical transaction and, under a flood of
 * maximum-size transactions, up to {@link #worstCaseSlotBytes()}. The default ring of 4,096 slots
 * holds about 2 MiB of Ed25519 transfers, 16 MiB of ML-DSA-44 ones, and 512 MiB at worst under the
 * default 128 KiB transaction limit; lower the ring size or the limit where that matters.
 *
 * @param ringSize        slots in the ring, a power of two from 2 to 2^20; the most events in flight
 * @param verifierThreads signature verification workers, 1 to 256
 * @param batchSize       the most signatures one worker hands its verifier at once, 1 to 65,536
 * @param waitMode        how idle threads wait
 * @param limits          transaction size limits; longer submissions are refused before copying
 * @param chainId         the chain this node serves; transactions signed for another are rejected
 */
public record PipelineConfig(int ringSize, int verifierThreads, int batchSize, WaitMode waitMode,
                             CodecLimits limits, long chainId) {
    public static final int DEFAULT_RING_SIZE = 4096;
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final int MAX_RING_SIZE = 1 << 20;
    public static final int MAX_VERIFIER_THREADS = 256;
    public static final int MAX_BATCH_SIZE = 65_536;

    public PipelineConfig {
        if (ringSize < 2 || ringSize > MAX_RING_SIZE || Integer.bitCount(ringSize) != 1) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "ringSize must be a power of two from 2 to " + MAX_RING_SIZE + ", got " + ringSize);
        }
        if (verifierThreads < 1 || verifierThreads > MAX_VERIFIER_THREADS) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "verifierThreads must be from 1 to " + MAX_VERIFIER_THREADS + ", got " + verifierThreads);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "batchSize must be from 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (waitMode == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "waitMode is missing");
        }
        if (limits == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "limits are missing");
        }
    }

    /**
     * Defaults for {@code chainId}: {@value #DEFAULT_RING_SIZE} slots, one verifier per core but one
     * (the decode and admission threads share the remaining core), batches of
     * {@value #DEFAULT_BATCH_SIZE}, {@link WaitMode#BLOCKING}, {@link CodecLimits#DEFAULT}.
     */
    public static PipelineConfig defaults(final long chainId) {
        final int verifiers = Math.max(1, Math.min(MAX_VERIFIER_THREADS, Runtime.getRuntime().availableProcessors() - 1));
        return new PipelineConfig(DEFAULT_RING_SIZE, verifiers, DEFAULT_BATCH_SIZE, WaitMode.BLOCKING,
            CodecLimits.DEFAULT, chainId);
    }

    public PipelineConfig withRingSize(final int size) {
        return new PipelineConfig(size, verifierThreads, batchSize, waitMode, limits, chainId);
    }

    public PipelineConfig withVerifierThreads(final int threads) {
        return new PipelineConfig(ringSize, threads, batchSize, waitMode, limits, chainId);
    }

    public PipelineConfig withBatchSize(final int size) {
        return new PipelineConfig(ringSize, verifierThreads, size, waitMode, limits, chainId);
    }

    public PipelineConfig withWaitMode(final WaitMode mode) {
        return new PipelineConfig(ringSize, verifierThreads, batchSize, mode, limits, chainId);
    }

    public PipelineConfig withLimits(final CodecLimits codecLimits) {
        return new PipelineConfig(ringSize, verifierThreads, batchSize, waitMode, codecLimits, chainId);
    }

    /** The most bytes the ring's slot buffers can come to: every slot grown to the transaction limit. */
    public long worstCaseSlotBytes() {
        return (long) ringSize * (IngressEvent.TRANSACTION_OFFSET + limits.maxTransactionBytes());
    }
}
