package io.kairos.engine.sequencer;

import io.kairos.engine.core.Hash;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the most recent committed blocks in memory, up to a byte budget, with an index from
 * transaction hash to location. Until the journal arrives this is the node's block store; it is also
 * what an embedder that needs no history can use. Block hashes of the retained blocks map to their
 * heights ({@link #blockHeight}).
 *
 * <p>The index is keyed by the first 8 bytes of the hash and checked against the full hash; a prefix
 * collision (which an attacker can grind for) goes to a small overflow map, so lookups stay exact.
 * Thread-safe: the sequencer appends, any thread reads (synchronized; reads are queries, not
 * hot-path work).
 */
public final class InMemoryBlockStore implements BlockStore {
    private final long maxRetainedBytes;
    private final List<CommittedBlock> blocks = new ArrayList<>();
    private final Long2LongHashMap index = new Long2LongHashMap(-1L);
    private final Map<Hash, Long> overflow = new HashMap<>();
    private final Map<Hash, Long> blockHeights = new HashMap<>();
    private final byte[] probe = new byte[Hash.LENGTH];
    private int head;
    private long retainedBytes;
    private long height;

    /** @param maxRetainedBytes body bytes kept before the oldest blocks are dropped (one block is always kept) */
    public InMemoryBlockStore(final long maxRetainedBytes) {
        if (maxRetainedBytes < 1) {
            throw new IllegalArgumentException("retention must be positive");
        }
        this.maxRetainedBytes = maxRetainedBytes;
    }

    @Override
    public synchronized void append(final CommittedBlock block) {
        if (block.height() != height + 1) {
            throw new IllegalStateException("block " + block.height() + " appended after " + height);
        }
        blocks.add(block);
        retainedBytes += block.bodyLength();
        height = block.height();
        blockHeights.put(block.hash(), block.height());
        for (int i = 0; i < block.transactionCount(); i++) {
            final long key = block.transactionHashPrefix(i);
            final long location = block.height() << 32 | i;
            if (index.containsKey(key)) {
                overflow.put(block.transactionHash(i), location);
            } else {
                index.put(key, location);
            }
        }
        while (retainedBytes > maxRetainedBytes && blocks.size() - head > 1) {
            drop();
        }
    }

    private void drop() {
        final CommittedBlock old = blocks.set(head++, null);
        retainedBytes -= old.bodyLength();
        blockHeights.remove(old.hash(), old.height());
        for (int i = 0; i < old.transactionCount(); i++) {
            final long key = old.transactionHashPrefix(i);
            if (index.get(key) == (old.height() << 32 | i)) {
                index.remove(key);
            } else {
                overflow.remove(old.transactionHash(i));
            }
        }
        if (head > 1024 && head > blocks.size() / 2) {
            blocks.subList(0, head).clear();
            head = 0;
        }
    }

    @Override
    public synchronized CommittedBlock block(final long h) {
        if (head >= blocks.size()) {
            return null;
        }
        final long first = blocks.get(head).height();
        if (h < first || h > height) {
            return null;
        }
        return blocks.get(head + (int) (h - first));
    }

    @Override
    public synchronized long locate(final Hash hash) {
        hash.copyTo(probe, 0);
        long key = 0;
        for (int b = 0; b < Long.BYTES; b++) {
            key = key << 8 | (probe[b] & 0xFF);
        }
        final long location = index.get(key);
        if (location >= 0) {
            final CommittedBlock b = block(location >>> 32);
            if (b != null && b.transactionHashEquals((int) location, probe)) {
                return location;
            }
        }
        final Long other = overflow.get(hash);
        return other == null ? -1 : other;
    }

    @Override
    public synchronized long blockHeight(final Hash blockHash) {
        final Long h = blockHeights.get(blockHash);
        return h == null ? -1 : h;
    }

    @Override
    public synchronized long height() {
        return height;
    }

    /** Blocks currently retained. */
    public synchronized int retainedBlocks() {
        return blocks.size() - head;
    }
}
