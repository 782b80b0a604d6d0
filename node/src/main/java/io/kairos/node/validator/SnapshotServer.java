package io.kairos.node.validator;

import io.kairos.engine.state.snapshot.SnapshotException;
import io.kairos.journal.snapshot.SnapshotFiles;
import io.kairos.transport.TransportAgent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves this node's snapshot files to peers that state-sync, a chunk per request: a request names
 * a height (0 for the newest) and a chunk index; the answer carries the height actually served, the
 * snapshot's state root, the chunk index and count and at most {@link #chunkBytes()} bytes of the
 * file. A request for a height no longer kept is answered from the newest snapshot (the peer sees
 * the new height and starts over); a node without snapshots answers height 0 with no data. The
 * files are proved by the receiver against a certified state root, so nothing here is trusted.
 *
 * <p>Threading: {@link #onRequest} and {@link #doWork} on the transport thread; the snapshot files
 * are written by the sequencer thread (atomic renames, so a read sees a whole file or none).
 */
final class SnapshotServer {
    /** Requests answered per duty cycle, so that a syncing peer cannot crowd out consensus traffic. */
    static final int PER_CYCLE = 4;
    static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    private static final byte[] NO_ROOT = new byte[32];

    private record Request(int peer, long height, int chunk) {
    }

    private final SnapshotFiles files;
    private final int chunkBytes;
    private final byte[] chunk;
    private final UnsafeBuffer chunkBuffer;
    private final byte[] header = new byte[SnapshotFiles.HEADER_LENGTH];
    private final byte[] root = new byte[32];
    private final ManyToOneConcurrentArrayQueue<Request> requests = new ManyToOneConcurrentArrayQueue<>(64);
    private final AtomicLong chunksServed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    SnapshotServer(final SnapshotFiles files, final int chunkBytes) {
        if (chunkBytes < 1024) {
            throw new IllegalArgumentException("snapshot chunks of at least 1 KiB, got " + chunkBytes);
        }
        this.files = files;
        this.chunkBytes = chunkBytes;
        this.chunk = new byte[chunkBytes];
        this.chunkBuffer = new UnsafeBuffer(chunk);
    }

    int chunkBytes() {
        return chunkBytes;
    }

    void onRequest(final int peer, final long height, final int chunkIndex) {
        if (!requests.offer(new Request(peer, height, chunkIndex))) {
            dropped.incrementAndGet();
        }
    }

    int doWork(final TransportAgent transport) {
        int work = 0;
        Request r;
        while (work < PER_CYCLE && (r = requests.poll()) != null) {
            work++;
            serve(transport, r);
        }
        return work;
    }

    private void serve(final TransportAgent transport, final Request r) {
        final List<Long> heights;
        try {
            heights = files.heights();
        } catch (final SnapshotException e) {
            dropped.incrementAndGet();
            return;
        }
        if (heights.isEmpty()) {
            transport.sendSnapshotChunk(r.peer(), 0, NO_ROOT, 0, 1, chunkBuffer, 0, 0);
            return;
        }
        final long height = r.height() != 0 && heights.contains(r.height()) ? r.height() : heights.getFirst();
        try {
            final long size = files.size(height);
            final long count = (size + chunkBytes - 1) / chunkBytes;
            if (count > Integer.MAX_VALUE || files.read(height, 0, header, header.length) != header.length) {
                dropped.incrementAndGet();
                return;
            }
            System.arraycopy(header, SnapshotFiles.STATE_ROOT_OFFSET, root, 0, root.length);
            final int index = height == r.height() && r.chunk() < count ? r.chunk() : 0;
            final long position = (long) index * chunkBytes;
            final int length = files.read(height, position, chunk, (int) Math.min(chunkBytes, size - position));
            transport.sendSnapshotChunk(r.peer(), height, root, index, (int) count, chunkBuffer, 0, length);
            chunksServed.incrementAndGet();
        } catch (final SnapshotException e) {
            // Pruned between the listing and the read: the peer times out and asks again.
            dropped.incrementAndGet();
        }
    }

    long chunksServed() {
        return chunksServed.get();
    }

    long dropped() {
        return dropped.get();
    }
}
