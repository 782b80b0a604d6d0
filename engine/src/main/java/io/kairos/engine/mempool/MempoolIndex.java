package io.kairos.engine.mempool;

import io.kairos.engine.core.Hash;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The pool's three hash indexes: transactions by hash, transactions by (sender, nonce), and senders
 * by address. Keys are mixed with a per-node secret seed before they pick a bucket, and every hit is
 * confirmed on the full key (32 hash bytes, 20 address bytes), so neither ground prefixes nor bucket
 * collisions can make two keys one. Confined to the pool's thread.
 */
final class MempoolIndex {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    final ProbeTable<PooledTx> byHash = new ProbeTable<>(1024);
    final ProbeTable<PooledTx> bySlot = new ProbeTable<>(1024);
    final ProbeTable<SenderQueue> senders = new ProbeTable<>(256);
    private final long seed;
    private final UnsafeBuffer addressScratch = new UnsafeBuffer(PooledTx.NO_BYTES);

    MempoolIndex(final long seed) {
        this.seed = seed;
    }

    void add(final PooledTx e) {
        byHash.insert(e.hashKey, e);
        bySlot.insert(e.slotKey, e);
    }

    void remove(final PooledTx e) {
        byHash.remove(e.hashKey, e);
        bySlot.remove(e.slotKey, e);
    }

    PooledTx findByHash(final DirectBuffer hash, final int offset) {
        final long key = hashKey(hash, offset);
        for (int i = byHash.firstSlot(key); ; i = byHash.nextSlot(i)) {
            final PooledTx e = byHash.valueAt(i);
            if (e == null) {
                return null;
            }
            if (byHash.hashAt(i) == key && sameHash(e, hash, offset)) {
                return e;
            }
        }
    }

    private static boolean sameHash(final PooledTx e, final DirectBuffer hash, final int offset) {
        for (int i = 0; i < Hash.LENGTH; i += Long.BYTES) {
            if (e.hashBuffer.getLong(i) != hash.getLong(offset + i)) {
                return false;
            }
        }
        return true;
    }

    SenderQueue findSender(final DirectBuffer address, final int offset, final long key) {
        for (int i = senders.firstSlot(key); ; i = senders.nextSlot(i)) {
            final SenderQueue s = senders.valueAt(i);
            if (s == null) {
                return null;
            }
            if (senders.hashAt(i) == key && sameAddress(s.address, address, offset)) {
                return s;
            }
        }
    }

    private boolean sameAddress(final byte[] mine, final DirectBuffer address, final int offset) {
        addressScratch.wrap(mine);
        return addressScratch.getLong(0) == address.getLong(offset)
            && addressScratch.getLong(8) == address.getLong(offset + 8)
            && addressScratch.getInt(16) == address.getInt(offset + 16);
    }

    PooledTx findSlot(final SenderQueue s, final long nonce) {
        final long key = slotKey(s, nonce);
        for (int i = bySlot.firstSlot(key); ; i = bySlot.nextSlot(i)) {
            final PooledTx e = bySlot.valueAt(i);
            if (e == null) {
                return null;
            }
            if (e.sender == s && e.nonce == nonce) {
                return e;
            }
        }
    }

    long hashKey(final DirectBuffer hash, final int offset) {
        return mix(hash.getLong(offset, ByteOrder.LITTLE_ENDIAN) ^ seed);
    }

    long addressKey(final DirectBuffer address, final int offset) {
        long h = mix(address.getLong(offset, ByteOrder.LITTLE_ENDIAN) ^ seed);
        h = mix(h ^ address.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN));
        return mix(h ^ address.getInt(offset + 16, ByteOrder.LITTLE_ENDIAN));
    }

    static long slotKey(final SenderQueue s, final long nonce) {
        return mix(s.addressKey ^ (nonce * GOLDEN));
    }

    /** A 64-bit finaliser (the one from MurmurHash3): every input bit affects every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
