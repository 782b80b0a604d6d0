package io.kairos.engine.sequencer;

import io.kairos.engine.core.Hash;

/** Test store that holds nothing and refuses every append with one exception: a disk failing, or a kill. */
public final class RefusingBlockStore implements BlockStore {
    private final RuntimeException failure;

    public RefusingBlockStore(final RuntimeException failure) {
        this.failure = failure;
    }

    /** What every append throws. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void append(final CommittedBlock block) {
        throw failure;
    }

    @Override
    public CommittedBlock block(final long height) {
        return null;
    }

    @Override
    public long locate(final Hash hash) {
        return -1;
    }

    @Override
    public long height() {
        return 0;
    }
}
