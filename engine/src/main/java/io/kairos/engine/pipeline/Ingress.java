package io.kairos.engine.pipeline;

import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The submitting side of the ingress pipeline: what RPC handlers, the embedded API, peer gossip and
 * the engine's timer call. Every method copies what it is given into a ring slot before returning,
 * so the caller may reuse its buffer at once, and none allocates.
 *
 * <p>Back-pressure is explicit: the {@code try} methods never wait and answer
 * {@link SubmitResult#BUSY} when the ring is full; the timed methods wait at most their bound and
 * then answer {@code BUSY}. Nothing is ever dropped silently: {@link SubmitResult#ACCEPTED} means the
 * sink will hear of the event exactly once, any other answer means it never will.
 *
 * <p>Caller bugs are typed exceptions, not answers: a {@code [offset, offset+length)} outside the
 * source throws {@link io.kairos.engine.core.ValidationException} {@code WRONG_LENGTH} (a missing
 * source {@code INVALID_VALUE}), and a submission before the pipeline was started throws
 * {@link PipelineException} {@code NOT_STARTED}.
 *
 * <p>Thread-safe: any number of threads may submit concurrently.
 */
public interface Ingress {
    /**
     * Submits the encoded transaction {@code src[offset, offset+length)} without waiting.
     *
     * @return {@code ACCEPTED}, {@code BUSY} if the ring is full, {@code OVERSIZED} if longer than the
     *     transaction limit (checked before copying), {@code SHUTDOWN} once stopping
     */
    SubmitResult trySubmit(byte[] src, int offset, int length, long correlationId);

    /** As {@link #trySubmit(byte[], int, int, long)}, from an Agrona buffer. */
    SubmitResult trySubmit(DirectBuffer src, int offset, int length, long correlationId);

    /**
     * As {@link #trySubmit(byte[], int, int, long)}, but waits up to {@code timeout} for a free slot,
     * spinning, then yielding, then parking; answers {@code BUSY} once the bound has passed.
     */
    SubmitResult submit(byte[] src, int offset, int length, long correlationId, long timeout, TimeUnit unit);

    /** As {@link #submit(byte[], int, int, long, long, TimeUnit)}, from an Agrona buffer. */
    SubmitResult submit(DirectBuffer src, int offset, int length, long correlationId, long timeout,
                        TimeUnit unit);

    /** Publishes a {@link EventKind#TICK} carrying {@code now} without waiting. */
    SubmitResult tryPublishTick(long now);

    /**
     * Publishes a {@link EventKind#CONTROL} event without waiting; the sink receives {@code code},
     * {@code value} and {@code attachment} untouched, in ring order with transactions.
     */
    SubmitResult tryPublishControl(int code, long value, Object attachment, long correlationId);

    /** As {@link #tryPublishControl}, but waits up to {@code timeout} for a free slot. */
    SubmitResult publishControl(int code, long value, Object attachment, long correlationId, long timeout,
                                TimeUnit unit);
}
