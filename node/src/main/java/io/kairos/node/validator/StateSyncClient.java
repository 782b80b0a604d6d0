package io.kairos.node.validator;

import io.kairos.transport.TransportAgent;
import io.kairos.transport.codec.BlockResponseDecoder;
import io.kairos.transport.codec.InnerDecoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * State sync, the fetching side: run once while a validator opens, before its engine exists, on the
 * opening thread, which drives the transport itself. It listens for the peers' status for a while
 * (announcing its own), and when a peer is further ahead than the configured gap it asks that peer
 * for its newest snapshot, chunk by chunk with a few requests in flight, then for the block at the
 * snapshot's height with its commit certificate (from the same peer or any other that has it), and
 * proves the lot with {@link SnapshotProof}. A peer whose data fails the proof is reported to the
 * transport's peer scoring and the next peer is tried; a peer that has no snapshot, or one no newer
 * than this node's journal, is passed over. When nothing can be proven the node opens on its own
 * journal and catches up by block sync.
 *
 * <p>Threading: confined to the thread that calls {@link #run}; the transport's handler forwards
 * snapshot chunks and block pages to {@link #onChunk} and {@link #onBlockResponse} on that thread.
 */
final class StateSyncClient {
    static final int MAX_CHUNKS = 16_384;
    static final long MAX_SNAPSHOT_BYTES = 1L << 30;
    static final int WINDOW = 8;
    static final long REQUEST_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
    static final int MAX_TRIES = 5;
    static final int MAX_RESTARTS = 3;
    private static final long STATUS_PERIOD_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long GRACE_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * What state sync found: the proven snapshot (null when none was installed), the peer that served
     * it, the highest height any peer announced, and what went wrong on the way, one line each.
     */
    record Outcome(SnapshotProof.Proven proven, int peer, long bestPeerHeight, List<String> notes) {
        Outcome {
            notes = List.copyOf(notes);
        }
    }

    /** A failed proof, with the peer whose data failed it. */
    private static final class Blame extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int peer;
        final StateSyncException cause;

        Blame(final int peer, final StateSyncException cause) {
            super(cause.getMessage(), null, false, false);
            this.peer = peer;
            this.cause = cause;
        }
    }

    private final int self;
    private final int quorumPeers;
    private final AtomicLongArray peerHeights;
    private final SnapshotProof proof;
    private final LongSupplier nanoClock;
    private final List<String> notes = new ArrayList<>();

    private int peer = -1;
    private long height;
    private byte[] root;
    private byte[][] chunks;
    private long[] requestedAt;
    private int[] tries;
    private int received;
    private long bytes;
    private boolean answered;
    private boolean noSnapshot;
    private boolean switched;
    private String invalid;

    private int blockPeer = -1;
    private boolean blockAnswered;
    private byte[] block;
    private byte[] certificate;

    /** @param quorum votes in a quorum of the validator set, this node's included */
    StateSyncClient(final int self, final int quorum, final AtomicLongArray peerHeights, final SnapshotProof proof,
                    final LongSupplier nanoClock) {
        this.self = self;
        this.quorumPeers = quorum - 1;
        this.peerHeights = peerHeights;
        this.proof = proof;
        this.nanoClock = nanoClock;
    }

    /**
     * Listens for up to {@code waitNs} (less once enough peers have been heard from: a quorum when
     * none is ahead), then state-syncs from the peers announcing more than {@code localHeight + gap},
     * best first.
     *
     * @param localHash the hash of this node's block at {@code localHeight} (the genesis hash at 0)
     */
    Outcome run(final TransportAgent transport, final long localHeight, final byte[] localHash, final long waitNs,
                final long gap) {
        final long start = nanoClock.getAsLong();
        long lastStatus = start - STATUS_PERIOD_NS;
        long aheadSince = -1;
        long best = -1;
        while (true) {
            final long now = nanoClock.getAsLong();
            final int work = transport.doWork(now);
            if (now - lastStatus >= STATUS_PERIOD_NS) {
                transport.broadcastStatus(localHeight, localHash);
                lastStatus = now;
            }
            int heard = 0;
            best = -1;
            for (int i = 0; i < peerHeights.length(); i++) {
                if (i != self && peerHeights.get(i) >= 0) {
                    heard++;
                    best = Math.max(best, peerHeights.get(i));
                }
            }
            if (best > localHeight + gap && aheadSince < 0) {
                aheadSince = now;
            }
            // Enough heard: with a peer ahead, all of them or a short grace (to pick the best);
            // with none ahead, a quorum (a peer that is down must not hold up every restart).
            if (now - start >= waitNs
                || aheadSince >= 0 && (heard == peerHeights.length() - 1 || now - aheadSince >= GRACE_NS)
                || aheadSince < 0 && heard >= quorumPeers) {
                break;
            }
            idle(work);
        }
        final List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < peerHeights.length(); i++) {
            if (i != self && peerHeights.get(i) > localHeight + gap) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingLong((Integer i) -> peerHeights.get(i)).reversed());
        for (final int p : candidates) {
            try {
                final SnapshotProof.Proven proven = fetch(transport, p, localHeight);
                if (proven != null) {
                    return new Outcome(proven, p, best, notes);
                }
            } catch (final Blame b) {
                notes.add("validator " + b.peer + ": " + b.cause.getMessage());
                transport.reportInvalidData(b.peer, nanoClock.getAsLong());
            } catch (final StateSyncException e) {
                notes.add("validator " + p + ": " + e.getMessage());
            }
        }
        return new Outcome(null, -1, best, notes);
    }

    /** The peer's newest snapshot, proven; null if it has none above {@code localHeight}. */
    private SnapshotProof.Proven fetch(final TransportAgent transport, final int p, final long localHeight) {
        for (int attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
            reset(p);
            if (!awaitFirstChunk(transport, p)) {
                throw new StateSyncException(StateSyncError.UNAVAILABLE, "no answer to a snapshot request in "
                    + MAX_TRIES * REQUEST_TIMEOUT_NS / 1_000_000_000L + " s");
            }
            if (noSnapshot) {
                notes.add("validator " + p + " has no snapshot");
                return null;
            }
            if (invalid != null) {
                throw new Blame(p, new StateSyncException(StateSyncError.CORRUPT_SNAPSHOT, invalid));
            }
            if (height <= localHeight) {
                notes.add("validator " + p + "'s newest snapshot, at height " + height + ", is not above this node's "
                    + localHeight);
                return null;
            }
            if (fetchChunks(transport, p)) {
                return prove(transport, p);
            }
        }
        throw new StateSyncException(StateSyncError.UNAVAILABLE, "the peer replaced its snapshot " + MAX_RESTARTS
            + " times during the transfer");
    }

    private void reset(final int p) {
        peer = p;
        height = 0;
        root = null;
        chunks = null;
        requestedAt = null;
        tries = null;
        received = 0;
        bytes = 0;
        answered = false;
        noSnapshot = false;
        switched = false;
        invalid = null;
    }

    private boolean awaitFirstChunk(final TransportAgent transport, final int p) {
        for (int attempt = 0; attempt < MAX_TRIES && !answered; attempt++) {
            transport.sendSnapshotRequest(p, 0, 0);
            final long sent = nanoClock.getAsLong();
            while (!answered && nanoClock.getAsLong() - sent < REQUEST_TIMEOUT_NS) {
                idle(transport.doWork(nanoClock.getAsLong()));
            }
        }
        return answered;
    }

    /** True when every chunk arrived; false when the peer switched to another snapshot (start over). */
    private boolean fetchChunks(final TransportAgent transport, final int p) {
        final int count = chunks.length;
        requestedAt = new long[count];
        tries = new int[count];
        while (received < count) {
            if (switched) {
                return false;
            }
            if (invalid != null) {
                throw new Blame(p, new StateSyncException(StateSyncError.CORRUPT_SNAPSHOT, invalid));
            }
            final long now = nanoClock.getAsLong();
            int inFlight = 0;
            for (int i = 0; i < count && inFlight < WINDOW; i++) {
                if (chunks[i] != null) {
                    continue;
                }
                if (tries[i] > 0 && now - requestedAt[i] < REQUEST_TIMEOUT_NS) {
                    inFlight++;
                    continue;
                }
                if (tries[i] == MAX_TRIES) {
                    throw new StateSyncException(StateSyncError.UNAVAILABLE, "chunk " + i + " of " + count
                        + " of the snapshot at height " + height + " did not come after " + MAX_TRIES + " requests");
                }
                transport.sendSnapshotRequest(p, height, i);
                tries[i]++;
                requestedAt[i] = now;
                inFlight++;
            }
            idle(transport.doWork(nanoClock.getAsLong()));
        }
        return true;
    }

    private SnapshotProof.Proven prove(final TransportAgent transport, final int p) {
        final byte[] whole = new byte[(int) bytes];
        int at = 0;
        for (final byte[] c : chunks) {
            System.arraycopy(c, 0, whole, at, c.length);
            at += c.length;
        }
        final List<Integer> sources = new ArrayList<>();
        sources.add(p);
        for (int i = 0; i < peerHeights.length(); i++) {
            if (i != self && i != p && peerHeights.get(i) >= height) {
                sources.add(i);
            }
        }
        for (final int q : sources) {
            block = null;
            certificate = null;
            blockAnswered = false;
            blockPeer = q;
            transport.sendBlockRequest(q, height, 1, height);
            final long sent = nanoClock.getAsLong();
            while (!blockAnswered && nanoClock.getAsLong() - sent < REQUEST_TIMEOUT_NS) {
                idle(transport.doWork(nanoClock.getAsLong()));
            }
            if (block == null) {
                notes.add("validator " + q + " did not serve block " + height);
                continue;
            }
            try {
                return proof.verify(height, whole, block, certificate, "validator " + p);
            } catch (final StateSyncException e) {
                final boolean blockAtFault = e.error() == StateSyncError.MALFORMED_BLOCK
                    || e.error() == StateSyncError.BAD_CERTIFICATE;
                if (!blockAtFault) {
                    throw new Blame(p, e);
                }
                notes.add("validator " + q + ": " + e.getMessage());
                transport.reportInvalidData(q, nanoClock.getAsLong());
            }
        }
        throw new StateSyncException(StateSyncError.UNAVAILABLE, "no peer served block " + height
            + " with a valid certificate to prove the snapshot against");
    }

    /** A snapshot chunk from a peer (transport handler). */
    void onChunk(final int from, final InnerDecoder c) {
        if (from != peer) {
            return;
        }
        final long h = c.snapshotChunkHeight();
        if (h == 0) {
            answered = true;
            noSnapshot = true;
            return;
        }
        final int count = c.snapshotChunkCount();
        final byte[] chunkRoot = new byte[32];
        c.buffer().getBytes(c.snapshotChunkStateRootOffset(), chunkRoot);
        if (chunks == null) {
            if (count > MAX_CHUNKS) {
                answered = true;
                invalid = "a snapshot of " + count + " chunks, above the limit of " + MAX_CHUNKS;
                return;
            }
            height = h;
            root = chunkRoot;
            chunks = new byte[count][];
            answered = true;
        } else if (h != height || count != chunks.length || !Arrays.equals(root, chunkRoot)) {
            switched = true;
            return;
        }
        final int i = c.snapshotChunkIndex();
        if (chunks[i] != null) {
            return;
        }
        final int length = c.snapshotChunkDataLength();
        if (length == 0 || bytes + length > MAX_SNAPSHOT_BYTES) {
            invalid = "chunk " + i + " of " + length + " bytes (snapshot so far " + bytes + " bytes, limit "
                + MAX_SNAPSHOT_BYTES + ")";
            return;
        }
        final byte[] data = new byte[length];
        c.buffer().getBytes(c.snapshotChunkDataOffset(), data);
        chunks[i] = data;
        received++;
        bytes += length;
    }

    /** A page of blocks (transport handler): the first entry is the block asked for. */
    void onBlockResponse(final int from, final BlockResponseDecoder page) {
        if (from != blockPeer || blockAnswered) {
            return;
        }
        blockAnswered = true;
        if (page.next()) {
            block = page.blockBytes();
            certificate = page.certificateBytes();
        }
    }

    private static void idle(final int work) {
        if (work == 0) {
            LockSupport.parkNanos(100_000);
        }
    }
}
