package io.kairos.engine.state.snapshot;

import java.util.List;

/**
 * Where state snapshots are kept: the engine's port for durable snapshot storage (files in the
 * journal module). The engine never trusts a snapshot blindly: it checks the chain, the block and
 * the state root before using one (see {@code StateRecovery}).
 *
 * <p>Threading: {@link #save} is called from one background thread at a time; the reads come from
 * the thread recovering at start-up. Implementations must tolerate a save and a listing at once.
 */
public interface SnapshotStore {
    /**
     * Makes {@code snapshot} durable atomically (a reader sees all of it or none of it, also after a
     * crash mid-write), then prunes older snapshots beyond the store's retention.
     *
     * @throws SnapshotException {@link SnapshotError#IO_FAILURE} if it cannot
     */
    void save(StateSnapshot snapshot);

    /** Heights of the stored snapshots, newest first; cheap (no file is read). */
    List<Long> heights();

    /**
     * The snapshot at {@code height}, fully read and checked.
     *
     * @throws SnapshotException {@link SnapshotError#NOT_FOUND}, {@link SnapshotError#CORRUPT} naming
     *                           the file and what failed, or {@link SnapshotError#IO_FAILURE}
     */
    StateSnapshot load(long height);

    /** Where the store keeps its snapshots, for messages. */
    String describe();
}
