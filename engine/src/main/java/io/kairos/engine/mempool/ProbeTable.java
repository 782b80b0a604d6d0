package io.kairos.engine.mempool;

/**
 * An open-addressing hash table with linear probing over caller-supplied 64-bit hashes, holding
 * values by identity. It knows nothing of keys: a lookup walks the probe sequence from
 * {@link #firstSlot} with {@link #nextSlot} until {@link #valueAt} is null, and the caller compares
 * {@link #hashAt} and then its full key. So a collision of the 64-bit hash, even one an attacker
 * ground out, costs one more comparison and never a wrong answer. Removal shifts later entries
 * back, so there are no tombstones and no operation allocates except growth, which doubles the
 * arrays and keeps the load at most one half. Confined to the pool's thread.
 */
final class ProbeTable<T> {
    private Object[] values;
    private long[] hashes;
    private int mask;
    private int size;

    ProbeTable(final int initialCapacity) {
        final int capacity = Math.max(16, Integer.highestOneBit(Math.max(1, initialCapacity - 1)) << 1);
        values = new Object[capacity];
        hashes = new long[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    int capacity() {
        return values.length;
    }

    int firstSlot(final long hash) {
        return (int) hash & mask;
    }

    int nextSlot(final int slot) {
        return (slot + 1) & mask;
    }

    @SuppressWarnings("unchecked")
    T valueAt(final int slot) {
        return (T) values[slot];
    }

    long hashAt(final int slot) {
        return hashes[slot];
    }

    void insert(final long hash, final T value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int slot = firstSlot(hash);
        while (values[slot] != null) {
            slot = nextSlot(slot);
        }
        values[slot] = value;
        hashes[slot] = hash;
        size++;
    }

    /** Removes {@code value}, which must be present under {@code hash}. */
    void remove(final long hash, final T value) {
        int slot = firstSlot(hash);
        while (values[slot] != value) {
            if (values[slot] == null) {
                throw new IllegalStateException("value missing from the index it was inserted into");
            }
            slot = nextSlot(slot);
        }
        values[slot] = null;
        size--;
        // Move back any later entry of the run whose home slot lies at or before the hole.
        int hole = slot;
        int probe = nextSlot(slot);
        while (values[probe] != null) {
            final int home = firstSlot(hashes[probe]);
            if (((probe - home) & mask) >= ((probe - hole) & mask)) {
                values[hole] = values[probe];
                hashes[hole] = hashes[probe];
                values[probe] = null;
                hole = probe;
            }
            probe = nextSlot(probe);
        }
    }

    private void grow() {
        final Object[] oldValues = values;
        final long[] oldHashes = hashes;
        values = new Object[oldValues.length * 2];
        hashes = new long[oldValues.length * 2];
        mask = values.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int slot = firstSlot(oldHashes[i]);
                while (values[slot] != null) {
                    slot = nextSlot(slot);
                }
                values[slot] = oldValues[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }
}
