package io.kairos.engine.consensus;

import io.kairos.engine.consensus.sim.TransferPool;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.mempool.ReadyTxConsumer;
import io.kairos.engine.sequencer.InMemoryBlockStore;
import io.kairos.engine.sequencer.RefusingBlockStore;
import io.kairos.engine.state.AccountView;
import org.junit.jupiter.api.Test;

import static io.kairos.engine.consensus.ConsensusFixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A round-0 leader proposes when its transaction source is ready or the empty-block interval is over. */
class ProposeWhenReadyTest {
    /** The simulator's pool, switched on and off by the test: off, it is ready with nothing and offers nothing. */
    private static final class Switch implements TransactionSource {
        boolean ready;

        @Override
        public void fill(final ReadyTxConsumer consumer, final AccountView state, final int maxTransactions,
                         final long maxBytes) {
            if (ready) {
                TransferPool.instance().fill(consumer, state, maxTransactions, maxBytes);
            }
        }

        @Override
        public boolean ready() {
            return ready;
        }
    }

    private final Switch source = new Switch();
    /** The safety store of the core made last (each replica has its own). */
    private InMemorySafetyStore safety;
    private final InMemoryCertificateStore certificates = new InMemoryCertificateStore(16);

    private ConsensusCore core(final int validators, final int self, final ConsensusConfig config) {
        final Genesis genesis = TransferPool.genesis(validators);
        safety = new InMemorySafetyStore();
        final LedgerExecution ledger = new LedgerExecution(genesis, new InMemoryBlockStore(Long.MAX_VALUE),
            CodecLimits.DEFAULT, SignatureVerifier.DIRECT);
        return new ConsensusCore(config, TransferPool.validatorKey(self), safety, certificates, ledger, source,
            SignatureVerifier.DIRECT, BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
    }

    @Test
    void aSingleValidatorDecidesABlockOnlyWhenTransactionsAreReadyAndNeverAnEmptyOne() {
        final ConsensusCore core = core(1, 0, ConsensusFixture.CONFIG.withEmptyBlockInterval(Long.MAX_VALUE));
        final ConsensusOutput start = core.start(0);
        assertTrue(start.commits().isEmpty() && start.broadcasts().isEmpty(), "nothing to propose yet");
        assertEquals(Long.MAX_VALUE, start.wakeAtNs(), "an idle single validator sets no timer");
        assertTrue(core.onTick(3_600_000 * MS).commits().isEmpty(), "an hour idle: still no empty block");

        source.ready = true;
        final ConsensusOutput first = core.onTick(3_600_001 * MS);
        assertEquals(1, first.commits().size(), "its own three votes are the quorum of one");
        final ConsensusOutput.Commit c = first.commits().get(0);
        assertEquals(1, c.block().height());
        assertTrue(c.block().transactionCount() > 0);
        assertEquals(1, c.certificate().size());
        c.certificate().verify(core.ledger().genesis().hash(), core.validators(), SignatureVerifier.DIRECT);
        assertEquals(c.certificate(), certificates.get(1));
        assertEquals(1, safety.current().height());
        // The source still offers what block 1 took until the driver tells it: the next block waits a tick.
        assertEquals(2, core.height());
        assertEquals(1, core.ledger().height());

        final ConsensusOutput second = core.onTick(3_600_002 * MS);
        assertEquals(1, second.commits().size());
        assertEquals(2, second.commits().get(0).block().height());
    }

    @Test
    void aLeaderWithNothingReadyProposesAnEmptyBlockAfterTheIntervalAndFollowersWaitThatLong() {
        final ConsensusConfig config = ConsensusFixture.CONFIG.withEmptyBlockInterval(300 * MS);
        // Height 1, round 0: validator 1 leads.
        final ConsensusCore leader = core(4, 1, config);
        final ConsensusOutput start = leader.start(0);
        assertTrue(start.broadcasts().isEmpty(), "no proposal while nothing is ready");
        assertEquals(300 * MS, start.wakeAtNs(), "wakes when the empty-block interval is over");
        assertTrue(leader.onTick(299 * MS).broadcasts().isEmpty());

        final Proposal p = proposal(leader, leader.onTick(300 * MS));
        assertTrue(p.header().transactionCount() == 0 && p.round() == 0, "an empty block in round 0: " + p);

        final ConsensusCore follower = core(4, 2, config);
        assertEquals((300 + 100) * MS, follower.start(0).wakeAtNs(),
            "round 0's propose timeout waits out the leader's interval as well");
        assertEquals(config.timeoutNs(1), config.proposeTimeoutNs(1), "later rounds do not");
    }

    /**
     * A single validator killed after it signed its precommit but before the block reached the
     * journal: restarted, it must not wait for transactions in a round it already signed in (what it
     * would propose conflicts with what it signed), and it goes on to decide the block it is locked on.
     */
    @Test
    void aSingleValidatorRestartedMidHeightMovesOnAndDecidesTheBlockItIsLockedOn() {
        final ConsensusConfig config = ConsensusFixture.CONFIG.withEmptyBlockInterval(Long.MAX_VALUE);
        final Genesis genesis = TransferPool.genesis(1);
        final InMemorySafetyStore kept = new InMemorySafetyStore();
        final InMemoryBlockStore store = new InMemoryBlockStore(Long.MAX_VALUE);
        // Signs propose, prevote and precommit for a block, but the store refuses the append (the "kill").
        final RefusingBlockStore failing = new RefusingBlockStore(new IllegalStateException("killed before the append"));
        final ConsensusCore first = new ConsensusCore(config, TransferPool.validatorKey(0), kept, certificates,
            new LedgerExecution(genesis, failing, CodecLimits.DEFAULT, SignatureVerifier.DIRECT), source,
            SignatureVerifier.DIRECT, BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
        first.start(0);
        source.ready = true;
        try {
            first.onTick(MS);
        } catch (final IllegalStateException expected) {
            // the crash
        }
        assertEquals(Step.PRECOMMIT, kept.current().step());
        assertEquals(1, kept.current().lockHeight());

        source.ready = false;
        final ConsensusCore restarted = new ConsensusCore(config, TransferPool.validatorKey(0), kept, certificates,
            new LedgerExecution(genesis, store, CodecLimits.DEFAULT, SignatureVerifier.DIRECT), source,
            SignatureVerifier.DIRECT, BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
        final ConsensusOutput resumed = restarted.start(10 * MS);
        assertEquals(1, resumed.commits().size(), "it re-proposes the locked block and decides it at once");
        assertEquals(1, resumed.commits().get(0).certificate().round(),
            "in round 1: nothing is left to sign in round 0 after a precommit");
        assertEquals(kept.current().lockTarget(), resumed.commits().get(0).block().hash());
    }

    @Test
    void aLeaderProposesAsSoonAsItsSourceTurnsReady() {
        final ConsensusCore leader = core(4, 1, ConsensusFixture.CONFIG.withEmptyBlockInterval(300 * MS));
        leader.start(0);
        source.ready = true;
        assertTrue(proposal(leader, leader.onTick(7 * MS)).header().transactionCount() > 0);
    }

    /** The one proposal among what the leader broadcast (its own prevote follows it). */
    private static Proposal proposal(final ConsensusCore leader, final ConsensusOutput out) {
        Proposal found = null;
        for (final byte[] m : out.broadcasts()) {
            if (leader.codec().decode(m) instanceof Proposal p) {
                assertEquals(null, found, "one proposal");
                found = p;
            }
        }
        assertTrue(found != null, "a proposal was broadcast");
        return found;
    }
}
