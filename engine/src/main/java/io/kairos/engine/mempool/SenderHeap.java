package io.kairos.engine.mempool;

/**
 * An indexed binary heap of senders: each sender stores its own position, so removal and re-keying
 * from the middle cost O(log n) and nothing allocates except growth of the array. Subclasses say
 * which sender belongs nearer the top. Confined to the pool's thread.
 */
abstract class SenderHeap {
    private SenderQueue[] heap = new SenderQueue[64];
    private int size;

    /** Whether {@code a} belongs above {@code b}. */
    abstract boolean above(SenderQueue a, SenderQueue b);

    abstract int indexOf(SenderQueue s);

    abstract void setIndex(SenderQueue s, int index);

    final int size() {
        return size;
    }

    final boolean isEmpty() {
        return size == 0;
    }

    final boolean contains(final SenderQueue s) {
        return indexOf(s) >= 0;
    }

    final SenderQueue peek() {
        return size == 0 ? null : heap[0];
    }

    final SenderQueue at(final int index) {
        return heap[index];
    }

    final void add(final SenderQueue s) {
        if (size == heap.length) {
            heap = java.util.Arrays.copyOf(heap, size * 2);
        }
        heap[size] = s;
        setIndex(s, size);
        size++;
        siftUp(size - 1);
    }

    final void remove(final SenderQueue s) {
        final int i = indexOf(s);
        setIndex(s, -1);
        size--;
        if (i != size) {
            final SenderQueue moved = heap[size];
            heap[i] = moved;
            setIndex(moved, i);
            heap[size] = null;
            siftUp(i);
            siftDown(indexOf(moved));
        } else {
            heap[size] = null;
        }
    }

    /** Restores the order after {@code s}'s key changed, or adds it if absent. */
    final void update(final SenderQueue s) {
        final int i = indexOf(s);
        if (i < 0) {
            add(s);
        } else {
            siftUp(i);
            siftDown(indexOf(s));
        }
    }

    private void siftUp(int i) {
        final SenderQueue s = heap[i];
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            final SenderQueue p = heap[parent];
            if (!above(s, p)) {
                break;
            }
            heap[i] = p;
            setIndex(p, i);
            i = parent;
        }
        heap[i] = s;
        setIndex(s, i);
    }

    private void siftDown(int i) {
        final SenderQueue s = heap[i];
        while (true) {
            final int left = 2 * i + 1;
            if (left >= size) {
                break;
            }
            final int right = left + 1;
            final int child = right < size && above(heap[right], heap[left]) ? right : left;
            if (!above(heap[child], s)) {
                break;
            }
            heap[i] = heap[child];
            setIndex(heap[i], i);
            i = child;
        }
        heap[i] = s;
        setIndex(s, i);
    }
}
