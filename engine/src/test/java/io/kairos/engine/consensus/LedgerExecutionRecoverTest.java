package io.kairos.engine.consensus;

import io.kairos.engine.consensus.sim.TransferPool;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import io.kairos.engine.sequencer.StateRecovery;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Undoing a speculative execution recovers the committed state through the supplier, not from the genesis. */
class LedgerExecutionRecoverTest {
    private final Genesis genesis = TransferPool.genesis(4);
    private final ValidatorSet set = ValidatorSet.of(genesis);

    private static byte[] body(final CommittedBlock b) {
        final byte[] out = new byte[b.header().bodyLength()];
        b.copyBody(out, 0);
        return out;
    }

    @Test
    void aSecondCandidateAtTheSameHeightRecoversTheCommittedStateOnce() {
        final LedgerExecution builder = new LedgerExecution(genesis, new InMemoryBlockStore(Long.MAX_VALUE),
            CodecLimits.DEFAULT, SignatureVerifier.DIRECT);
        final CommittedBlock first = builder.build(genesis.genesisTimeMillis() + 1_000, set.address(1),
            TransferPool.instance());
        final CommittedBlock second = builder.build(genesis.genesisTimeMillis() + 2_000, set.address(2),
            TransferPool.instance());
        assertNotEquals(first.hash(), second.hash());

        final InMemoryBlockStore store = new InMemoryBlockStore(Long.MAX_VALUE);
        final AtomicInteger recoveries = new AtomicInteger();
        final LedgerExecution ledger = new LedgerExecution(genesis, store, CodecLimits.DEFAULT,
            SignatureVerifier.DIRECT, StateRecovery.recover(genesis, store, null, 1, CodecLimits.DEFAULT, () -> 0),
            () -> {
                recoveries.incrementAndGet();
                return StateRecovery.recover(genesis, store, null, 1, CodecLimits.DEFAULT, () -> 0);
            });
        assertEquals(first.hash(), ledger.validate(first.header(), body(first)).hash());
        assertEquals(0, recoveries.get(), "the first candidate runs on the committed state as it is");
        final CommittedBlock chosen = ledger.validate(second.header(), body(second));
        assertEquals(second.hash(), chosen.hash());
        assertEquals(1, recoveries.get(), "the second one needs the committed state back");
        assertEquals(1, ledger.rebuilds());
        ledger.commit(chosen);
        assertEquals(1, ledger.height());
        assertEquals(second.header().stateRoot(), ledger.committedStateRoot());
    }
}
