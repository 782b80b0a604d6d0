package io.kairos.engine.pipeline;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.mempool.RejectReason;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what the pipeline delivers, copying out of the event as the contract requires. Written on
 * the admission thread, read by the test after {@code stop()} (whose join orders the two).
 */
class RecordingSink implements IngressSink {
    /** One delivery: a transaction, a rejection or a control event, in arrival order. */
    record Delivery(long correlationId, EventKind kind, RejectReason reason, Address sender, Hash hash, long nonce,
                    long fee, long amount, int code, long value, Object attachment, String thread) {
    }

    final List<Delivery> deliveries = new ArrayList<>();
    int endsOfBatch;

    @Override
    public void onTransaction(final IngressEvent e) {
        deliveries.add(new Delivery(e.correlationId(), EventKind.TRANSACTION, null, e.sender(), e.hash(), e.nonce(),
            e.fee(), e.amount(), 0, 0, null, Thread.currentThread().getName()));
    }

    @Override
    public void onRejected(final long correlationId, final RejectReason reason) {
        deliveries.add(new Delivery(correlationId, EventKind.TRANSACTION, reason, null, null, 0, 0, 0, 0, 0, null,
            Thread.currentThread().getName()));
    }

    @Override
    public void onControl(final IngressEvent e) {
        deliveries.add(new Delivery(e.correlationId(), e.kind(), null, null, null, 0, 0, 0, e.code(), e.value(),
            e.attachment(), Thread.currentThread().getName()));
    }

    @Override
    public void onEndOfBatch() {
        endsOfBatch++;
    }

    Delivery byCorrelation(final long id) {
        Delivery found = null;
        for (final Delivery d : deliveries) {
            if (d.correlationId() == id) {
                if (found != null) {
                    throw new AssertionError("correlation id " + id + " delivered twice");
                }
                found = d;
            }
        }
        if (found == null) {
            throw new AssertionError("correlation id " + id + " never delivered");
        }
        return found;
    }
}
