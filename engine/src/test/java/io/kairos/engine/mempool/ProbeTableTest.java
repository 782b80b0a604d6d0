package io.kairos.engine.mempool;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index under every pool lookup, driven hard: many values under few hashes (the shape of a
 * collision attack), runs that wrap around the end of the array, growth, and removal from the middle
 * of runs, checked against a list.
 */
class ProbeTableTest {
    private static boolean contains(final ProbeTable<Object> table, final long hash, final Object value) {
        for (int i = table.firstSlot(hash); table.valueAt(i) != null; i = table.nextSlot(i)) {
            if (table.valueAt(i) == value) {
                assertEquals(hash, table.hashAt(i));
                return true;
            }
        }
        return false;
    }

    @Test
    void staysConsistentUnderCollisionsGrowthAndRemoval() {
        final Random random = new Random(1234);
        final ProbeTable<Object> table = new ProbeTable<>(4);
        final List<Object> values = new ArrayList<>();
        final List<Long> hashes = new ArrayList<>();
        final List<Object> removed = new ArrayList<>();
        final List<Long> removedHashes = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (values.isEmpty() || random.nextInt(3) > 0) {
                // Few distinct hashes, some landing in the last slots so that runs wrap around.
                final long hash = random.nextBoolean() ? random.nextInt(4) : -1L - random.nextInt(3);
                final Object v = new Object();
                table.insert(hash, v);
                values.add(v);
                hashes.add(hash);
            } else {
                final int i = random.nextInt(values.size());
                table.remove(hashes.get(i), values.get(i));
                removed.add(values.remove(i));
                removedHashes.add(hashes.remove(i));
            }
            if (step % 997 == 0) {
                assertEquals(values.size(), table.size());
                for (int i = 0; i < values.size(); i++) {
                    assertTrue(contains(table, hashes.get(i), values.get(i)));
                }
                for (int i = Math.max(0, removed.size() - 50); i < removed.size(); i++) {
                    assertFalse(contains(table, removedHashes.get(i), removed.get(i)));
                }
            }
        }
        assertTrue(table.capacity() >= 2 * table.size());
    }
}
