package io.kairos.node.validator;

import io.kairos.engine.KairosEngine;
import io.kairos.engine.consensus.BlockSync;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.transport.TransportAgent;
import io.kairos.transport.codec.BlockResponseDecoder;
import io.kairos.transport.codec.BlockResponseEncoder;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Block sync between validators over the transport: a node more than {@link #GAP} blocks behind the
 * highest height a peer announced asks that peer for the blocks after its own, a page of at most 100
 * at a time ({@link BlockSync}), and hands each block with its certificate to its engine as a
 * decision, which consensus checks (certificate, then the block executed and its state root) before
 * it commits anything. Serving is the mirror: a request is read on the engine's sequencer thread
 * ({@link KairosEngine#syncPage}) and the page goes back from the transport thread. A smaller gap is
 * left to consensus, which hands a lagging peer decisions itself.
 *
 * <p>Threading: every method runs on the transport thread except the completion of a page read,
 * which only enqueues it.
 */
final class BlockSyncer {
    /** Heights behind the best peer before syncing by pages instead of by consensus alone. */
    static final long GAP = 3;
    /** A request unanswered this long is given up and may go to another peer. */
    static final long REQUEST_TIMEOUT_NS = 2_000_000_000L;
    static final long PAGE_BYTES = 512 * 1024;
    /** How long a peer that answered with an empty page is passed over. */
    static final long CANNOT_SERVE_BACKOFF_NS = 10_000_000_000L;

    private record PageOut(int peer, List<BlockSync.Entry> entries, long nextHeight) {
    }

    private final KairosEngine engine;
    private final AtomicLongArray peerHeights;
    private final int self;
    private final LongSupplier height;
    private final ManyToOneConcurrentArrayQueue<PageOut> pages = new ManyToOneConcurrentArrayQueue<>(64);
    private final AtomicLong blocksDelivered = new AtomicLong();
    private final AtomicLong pagesServed = new AtomicLong();
    private final AtomicLong badEntries = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final long[] cannotServeUntilNs;
    private boolean inFlight;
    private int inFlightPeer = -1;
    private long requestedAtNs;
    private long nextFrom;

    BlockSyncer(final KairosEngine engine, final AtomicLongArray peerHeights, final int self,
                final LongSupplier height) {
        this.engine = engine;
        this.peerHeights = peerHeights;
        this.self = self;
        this.height = height;
        this.cannotServeUntilNs = new long[peerHeights.length()];
    }

    /** A peer asks for blocks: read them on the sequencer thread, send them from {@link #doWork}. */
    void onBlockRequest(final int peer, final long fromHeight, final int maxBlocks) {
        if (fromHeight < 1 || maxBlocks < 1) {
            return;
        }
        engine.syncPage(fromHeight, Math.min(maxBlocks, BlockSync.MAX_BLOCKS_PER_PAGE), PAGE_BYTES)
            .thenAccept(entries -> pages.offer(new PageOut(peer, entries, fromHeight + entries.size())));
    }

    /** A page arrived: every entry goes to consensus in order; the next page is asked for at once. */
    void onBlockResponse(final int peer, final BlockResponseDecoder page, final long nowNs) {
        if (peer != inFlightPeer) {
            return;
        }
        inFlight = false;
        inFlightPeer = -1;
        int delivered = 0;
        while (page.next()) {
            try {
                if (!engine.deliverSyncedBlock(page.blockBytes(), page.certificateBytes())) {
                    break;
                }
                delivered++;
            } catch (final ConsensusException e) {
                badEntries.incrementAndGet();
                transport.reportInvalidData(peer, nowNs);
                break;
            }
        }
        if (page.count() == 0) {
            // A peer begun from a snapshot holds no blocks below it: ask another for a while.
            cannotServeUntilNs[peer] = nowNs + CANNOT_SERVE_BACKOFF_NS;
        }
        blocksDelivered.addAndGet(delivered);
        nextFrom = delivered > 0 ? page.nextCursor() : 0;
        if (delivered > 0 && !page.end()) {
            request(peer, nextFrom, nowNs);
        }
    }

    /** Sends the pages read since the last call, and asks for blocks when this node is behind. */
    int doWork(final TransportAgent transport, final long nowNs) {
        int work = 0;
        PageOut out;
        while ((out = pages.poll()) != null) {
            work++;
            final BlockResponseEncoder enc = transport.beginBlockResponse();
            int added = 0;
            for (final BlockSync.Entry e : out.entries()) {
                if (!enc.tryAdd(e.block(), e.certificate())) {
                    break;
                }
                added++;
            }
            final long next = out.nextHeight() - out.entries().size() + added;
            transport.commitBlockResponse(out.peer(), next, added == 0);
            pagesServed.incrementAndGet();
        }
        if (inFlight && nowNs - requestedAtNs < REQUEST_TIMEOUT_NS) {
            return work;
        }
        inFlight = false;
        final long mine = height.getAsLong();
        int best = -1;
        long bestHeight = mine + GAP;
        for (int i = 0; i < peerHeights.length(); i++) {
            final long h = peerHeights.get(i);
            if (i != self && h > bestHeight && (cannotServeUntilNs[i] == 0 || nowNs - cannotServeUntilNs[i] >= 0)) {
                best = i;
                bestHeight = h;
            }
        }
        if (best >= 0) {
            // Pages delivered but not yet applied are still in the ring: continue after them.
            request(best, Math.max(mine + 1, nextFrom), nowNs);
            work++;
        }
        return work;
    }

    private void request(final int peer, final long from, final long nowNs) {
        transport.sendBlockRequest(peer, from, BlockSync.MAX_BLOCKS_PER_PAGE, from);
        requests.incrementAndGet();
        inFlight = true;
        inFlightPeer = peer;
        requestedAtNs = nowNs;
    }

    private TransportAgent transport;

    /** The agent to send requests through (set once, before the transport thread starts). */
    void attach(final TransportAgent agent) {
        this.transport = agent;
    }

    long blocksDelivered() {
        return blocksDelivered.get();
    }

    long pagesServed() {
        return pagesServed.get();
    }

    long badEntries() {
        return badEntries.get();
    }

    long requests() {
        return requests.get();
    }
}
