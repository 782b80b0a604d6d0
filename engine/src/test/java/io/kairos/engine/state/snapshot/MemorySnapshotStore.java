package io.kairos.engine.state.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test double: snapshots kept in a map, all of them (no pruning). */
public final class MemorySnapshotStore implements SnapshotStore {
    public final Map<Long, StateSnapshot> snapshots = new ConcurrentHashMap<>();

    @Override
    public void save(final StateSnapshot snapshot) {
        snapshots.put(snapshot.height(), snapshot);
    }

    @Override
    public List<Long> heights() {
        final List<Long> h = new ArrayList<>(snapshots.keySet());
        h.sort(Comparator.reverseOrder());
        return h;
    }

    @Override
    public StateSnapshot load(final long height) {
        final StateSnapshot s = snapshots.get(height);
        if (s == null) {
            throw new SnapshotException(SnapshotError.NOT_FOUND, "no snapshot at height " + height);
        }
        return s;
    }

    @Override
    public String describe() {
        return "memory";
    }
}
