package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.sequencer.CommittedBlock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kairos.engine.consensus.ConsensusFixture.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine driven by hand: validator 0 of four, the others' messages signed by the test. */
class ConsensusCoreTest {
    private final ConsensusFixture f = new ConsensusFixture(0);

    @Test
    void proposalThenQuorumsCommitTheBlockWithItsCertificate() {
        final ConsensusCore core = f.core;
        final ConsensusOutput start = core.start(0);
        assertEquals(1, core.height());
        assertEquals(100 * MS, start.wakeAtNs(), "the propose timeout of round 0 is the base timeout");

        final CommittedBlock b = f.block(1, 5);
        final ConsensusOutput afterProposal = core.onMessage(f.proposal(1, 1, 0, b), MS);
        assertNull(afterProposal.refusal());
        final List<Vote> prevote = f.votes(afterProposal);
        assertEquals(1, prevote.size());
        assertEquals(Step.PREVOTE, prevote.get(0).step());
        assertEquals(b.hash(), prevote.get(0).blockHash(), "prevotes the block it executed itself");
        assertEquals(b.header().stateRoot(), prevote.get(0).stateRoot());

        core.onMessage(f.vote(1, Step.PREVOTE, 1, 0, b.header()), 2 * MS);
        final ConsensusOutput locked = core.onMessage(f.vote(2, Step.PREVOTE, 1, 0, b.header()), 3 * MS);
        assertEquals(Step.PRECOMMIT, f.votes(locked).get(0).step());
        assertEquals(0, core.lockedRound(), "2f+1 prevotes lock the block");
        assertEquals(b.hash(), core.lockedHash());

        core.onMessage(f.vote(1, Step.PRECOMMIT, 1, 0, b.header()), 4 * MS);
        final ConsensusOutput decided = core.onMessage(f.vote(3, Step.PRECOMMIT, 1, 0, b.header()), 5 * MS);
        assertEquals(1, decided.commits().size());
        final ConsensusOutput.Commit c = decided.commits().get(0);
        assertEquals(b.hash(), c.block().hash());
        assertEquals(3, c.certificate().size());
        c.certificate().verify(f.g, f.set, SignatureVerifier.DIRECT);
        assertEquals(1, f.store.height(), "the block is in the store before the output is returned");
        assertEquals(2, core.height());
        assertEquals(0, core.round());
        assertEquals(-1, core.lockedRound(), "a new height starts unlocked");
        assertEquals(1, f.safety.current().height(), "the committed height is recorded");
        assertEquals(Integer.MAX_VALUE, f.safety.current().round());
    }

    @Test
    void aLockedReplicaPrevotesNilForAnotherBlockUntilAProofOfLockForALaterRound() {
        final ConsensusCore core = f.core;
        core.start(0);
        final CommittedBlock b = f.block(1, 5);
        core.onMessage(f.proposal(1, 1, 0, b), MS);
        core.onMessage(f.vote(1, Step.PREVOTE, 1, 0, b.header()), MS);
        core.onMessage(f.vote(2, Step.PREVOTE, 1, 0, b.header()), MS);
        assertEquals(0, core.lockedRound());
        // No precommit quorum: the precommit step times out and round 1 begins (leader 2).
        final ConsensusOutput next = core.onTick(core.stepDeadlineNs());
        assertEquals(1, core.round());
        assertTrue(next.broadcasts().stream().anyMatch(m -> f.codec().decode(m) instanceof RoundChange rc
            && rc.round() == 1 && rc.pol() != null && rc.pol().blockHash().equals(b.hash())),
            "the round change carries the proof of lock");

        final CommittedBlock other = f.block(2, 9);
        final ConsensusOutput nil = core.onMessage(f.proposal(2, 1, 1, other), 300 * MS);
        assertTrue(f.votes(nil).get(0).isNil(), "locked on b, it will not prevote another fresh block");

        // Round 2 (leader 3) re-proposes 'other' with 2f+1 prevotes from round 1: that unlocks.
        core.onTick(core.stepDeadlineNs());
        core.onTick(core.stepDeadlineNs());
        assertEquals(2, core.round());
        final Certificate pol = f.certificate(Step.PREVOTE, 1, 1, other.header(), 1, 2, 3);
        final ConsensusOutput again = core.onMessage(f.reproposal(3, 1, 2, other, 1, pol), 900 * MS);
        final Vote v = f.votes(again).get(0);
        assertEquals(other.hash(), v.blockHash(), "a proof of lock from a later round than the lock releases it");
    }

    @Test
    void timeoutsGrowPerFailedRoundUpToTheCapAndResetOnCommit() {
        final ConsensusConfig c = ConsensusFixture.CONFIG;
        assertEquals(100 * MS, c.timeoutNs(0));
        assertEquals(150 * MS, c.timeoutNs(1));
        assertEquals(225 * MS, c.timeoutNs(2));
        assertEquals(1_000 * MS, c.timeoutNs(30));

        final ConsensusCore core = f.core;
        long now = 0;
        core.start(now);
        for (int round = 0; round < 3; round++) {
            for (int step = 0; step < 3; step++) {
                final long deadline = core.stepDeadlineNs();
                assertEquals(c.timeoutNs(round), deadline - now, "round " + round + " step " + step);
                assertTrue(core.onTick(deadline - 1).broadcasts().isEmpty(), "nothing fires before the deadline");
                now = deadline;
                core.onTick(now);
            }
        }
        assertEquals(3, core.round());
        assertEquals(0, f.core.validators().leader(1, 3), "validator 0 leads round 3 and proposed at once");
    }

    @Test
    void theLeaderProposesAndRecordsTheProposalBeforeSigningIt() {
        final ConsensusFixture leader = new ConsensusFixture(1);
        final ConsensusOutput out = leader.core.start(0);
        final List<Proposal> ps = leader.proposals(out);
        assertEquals(1, ps.size());
        assertEquals(-1, ps.get(0).validRound());
        assertEquals(2, leader.safety.writes(), "the proposal, then the leader's own prevote, were recorded");
        assertEquals(Step.PREVOTE, leader.safety.current().step());
        assertEquals(ps.get(0).blockHash(), leader.safety.current().target());
        assertEquals(ps.get(0).blockHash(), leader.votes(out).get(0).blockHash());
        assertTrue(ps.get(0).header().transactionCount() > 0, "blocks carry real signed transfers");
    }

    @Test
    void aProposalIsStampedWithTheEpochClockNotTheMonotonicOne() {
        final ConsensusFixture leader = new ConsensusFixture(1);
        final long[] asked = {-1};
        leader.restart(nowNs -> {
            asked[0] = nowNs;
            return 1_700_000_000_000L + nowNs / MS;
        });
        final Proposal p = leader.proposals(leader.core.start(7 * MS)).get(0);
        assertEquals(7 * MS, asked[0], "the clock is read at the input's monotonic time");
        assertEquals(1_700_000_000_007L, p.header().timestampMillis());
    }

    @Test
    void anEpochClockBehindTheParentStillStampsAtLeastTheParentsTime() {
        final ConsensusFixture leader = new ConsensusFixture(2);
        final CommittedBlock parent = leader.block(0, 90_000);
        leader.advanceOther(parent);
        leader.store.append(parent);
        leader.restart(nowNs -> 5);
        final Proposal p = leader.proposals(leader.core.start(0)).get(0);
        assertEquals(2, p.height());
        assertEquals(90_000, p.header().timestampMillis());
    }

    @Test
    void aWrongStateRootIsDetectedAndVotedNil() {
        final ConsensusCore core = f.core;
        core.start(0);
        final CommittedBlock good = f.block(1, 5);
        final BlockHeader h = good.header();
        final BlockHeader lying = new BlockHeader(h.chainId(), h.height(), h.timestampMillis(), h.parentHash(),
            h.proposer(), h.transactionsRoot(), Hash.of(new byte[32]).equals(h.stateRoot()) ? h.parentHash()
            : Hash.ZERO, h.transactionCount(), h.bodyLength());
        final byte[] sig = f.keys[1].sign(Proposal.signingBytes(f.g, 1, 0, -1, lying.hash()));
        final ConsensusOutput out = core.onMessage(f.codec().encode(new Proposal(1, 0, -1, 1, lying,
            ConsensusFixture.body(good), null, sig)), MS);
        assertEquals(ConsensusError.STATE_ROOT_MISMATCH, out.refusal());
        assertEquals(1, core.refusals(ConsensusError.STATE_ROOT_MISMATCH));
        assertTrue(f.votes(out).get(0).isNil());
    }

    @Test
    void fPlusOneValidatorsInALaterRoundPullTheReplicaThereEvenBeyondTheWindow() {
        final ConsensusCore core = f.core;
        core.start(0);
        core.onMessage(f.vote(1, Step.PREVOTE, 1, 2, null), MS);
        assertEquals(0, core.round(), "one validator may be faulty: not enough to move");
        core.onMessage(f.vote(2, Step.PRECOMMIT, 1, 3, null), MS);
        assertEquals(2, core.round(), "f+1 validators have reached round 2 or later: one of them is correct");

        final ConsensusOutput far = core.onMessage(f.vote(1, Step.PREVOTE, 1, 40, null), 2 * MS);
        assertEquals(ConsensusError.ROUND_TOO_FAR, far.refusal(), "not kept beyond the window");
        assertEquals(3, core.round(), "validators 1 and 2 have both reached round 3");
        final byte[] forged = f.vote(3, Step.PREVOTE, 1, 40, null);
        forged[forged.length - 1] ^= 1;
        core.onMessage(forged, 2 * MS);
        assertEquals(3, core.round(), "a forged far message proves nothing");
        core.onMessage(f.vote(3, Step.PREVOTE, 1, 41, null), 3 * MS);
        assertEquals(40, core.round(), "but f+1 signed ones do, however far ahead");
    }

    @Test
    void aCopyWithACorruptedBodyDoesNotShadowTheRealProposal() {
        final ConsensusCore core = f.core;
        core.start(0);
        final CommittedBlock b = f.block(1, 5);
        final byte[] real = f.proposal(1, 1, 0, b);
        final Proposal p = (Proposal) f.codec().decode(real);
        final byte[] body = p.body().clone();
        body[body.length - 1] ^= 1;
        final byte[] forged = f.codec().encode(new Proposal(1, 0, -1, 1, p.header(), body, null, p.signature()));
        final ConsensusOutput refused = core.onMessage(forged, MS);
        assertEquals(ConsensusError.BODY_MISMATCH, refused.refusal());
        assertTrue(f.votes(refused).isEmpty());
        final ConsensusOutput accepted = core.onMessage(real, 2 * MS);
        assertNull(accepted.refusal());
        assertEquals(b.hash(), f.votes(accepted).get(0).blockHash());
    }

    @Test
    void everyBadInputIsRefusedWithItsTypedReason() {
        final ConsensusCore core = f.core;
        core.start(0);
        final CommittedBlock b = f.block(1, 5);
        assertEquals(ConsensusError.MALFORMED, core.onMessage(new byte[] {1, 1, 2}, 0).refusal());
        assertEquals(ConsensusError.MALFORMED, core.onMessage(new byte[0], 0).refusal());
        assertEquals(ConsensusError.OVERSIZED, core.onMessage(new byte[f.codec().maxMessageBytes() + 1], 0).refusal());

        final byte[] bad = f.vote(2, Step.PREVOTE, 1, 0, b.header());
        bad[bad.length - 1] ^= 1;
        assertEquals(ConsensusError.BAD_SIGNATURE, core.onMessage(bad, 0).refusal());

        final Vote v = f.signedVote(2, Step.PREVOTE, 1, 0, b.header());
        final byte[] stranger = f.codec().encode(new Vote(Step.PREVOTE, 1, 0, v.blockHash(), v.stateRoot(), 9,
            v.signature()));
        assertEquals(ConsensusError.NOT_A_VALIDATOR, core.onMessage(stranger, 0).refusal());
        assertEquals(ConsensusError.ROUND_TOO_FAR, core.onMessage(f.vote(2, Step.PREVOTE, 1, 5, null), 0).refusal());
        assertEquals(ConsensusError.FUTURE_HEIGHT, core.onMessage(f.vote(2, Step.PREVOTE, 3, 0, null), 0).refusal());
        assertEquals(ConsensusError.WRONG_PROPOSER, core.onMessage(f.proposal(2, 1, 0, b), 0).refusal());

        final byte[] ok = f.vote(2, Step.PREVOTE, 1, 0, b.header());
        assertNull(core.onMessage(ok, 0).refusal());
        assertEquals(ConsensusError.DUPLICATE, core.onMessage(ok, 0).refusal());
        assertEquals(1, core.refusals(ConsensusError.DUPLICATE));
        assertEquals(1, core.refusals(ConsensusError.BAD_SIGNATURE));
        assertEquals(2, core.refusals(ConsensusError.MALFORMED));
    }

    @Test
    void conflictingVotesAndProposalsBecomeEvidenceWithBothSignedMessages() {
        final ConsensusCore core = f.core;
        core.start(0);
        final CommittedBlock a = f.block(1, 5);
        final CommittedBlock b = f.block(1, 6);
        core.onMessage(f.vote(2, Step.PREVOTE, 1, 0, a.header()), 0);
        final ConsensusOutput out = core.onMessage(f.vote(2, Step.PREVOTE, 1, 0, null), 0);
        assertEquals(ConsensusError.EQUIVOCATION, out.refusal());
        assertEquals(1, out.evidence().size());
        final Evidence e = core.evidence().get(0);
        assertEquals(2, e.validator());
        assertEquals(Step.PREVOTE, e.step());
        final Vote first = (Vote) e.first();
        final Vote second = (Vote) e.second();
        assertTrue(first.conflictsWith(second));
        assertTrue(SignatureVerifier.DIRECT.verify(f.set.scheme(2), f.set.publicKeyCopy(2), first.signingBytes(f.g),
            first.signature()));
        assertTrue(SignatureVerifier.DIRECT.verify(f.set.scheme(2), f.set.publicKeyCopy(2), second.signingBytes(f.g),
            second.signature()));

        core.onMessage(f.proposal(1, 1, 0, a), 0);
        assertEquals(ConsensusError.EQUIVOCATION, core.onMessage(f.proposal(1, 1, 0, b), 0).refusal());
        assertEquals(2, core.evidence().size());
        assertEquals(Step.PROPOSE, core.evidence().get(1).step());
        assertEquals(2, core.evidence().size(), "kept once per validator and position");
    }

    @Test
    void aRestartedReplicaNeverSignsAConflictingVote() {
        f.core.start(0);
        final CommittedBlock a = f.block(1, 5);
        final Vote first = f.votes(f.core.onMessage(f.proposal(1, 1, 0, a), MS)).get(0);
        assertEquals(a.hash(), first.blockHash());

        final ConsensusCore restarted = f.restart();
        restarted.start(2 * MS);
        assertEquals(0, restarted.round(), "resumes in the round it last signed in");
        final CommittedBlock b = f.block(1, 6);
        final ConsensusOutput out = restarted.onMessage(f.proposal(1, 1, 0, b), 3 * MS);
        assertTrue(f.votes(out).isEmpty(), "a prevote for another block at the same position is never signed");
        assertEquals(1, restarted.refusals(ConsensusError.WOULD_DOUBLE_SIGN));

        final ConsensusFixture g = new ConsensusFixture(0);
        g.core.start(0);
        final CommittedBlock c = g.block(1, 5);
        g.core.onMessage(g.proposal(1, 1, 0, c), MS);
        g.core.onMessage(g.vote(1, Step.PREVOTE, 1, 0, c.header()), MS);
        g.core.onMessage(g.vote(2, Step.PREVOTE, 1, 0, c.header()), MS);
        final ConsensusCore again = g.restart();
        again.start(2 * MS);
        assertEquals(0, again.lockedRound(), "the lock survives the restart");
        assertEquals(c.hash(), again.lockedHash());
        assertEquals(0, again.validRound(), "and so does the block with its proof of lock");
    }

    @Test
    void aReplicaThatFellBehindCatchesUpFromADecision() {
        final ConsensusFixture ahead = new ConsensusFixture(1);
        // Validator 1 leads height 1 round 0: its proposal and the others' votes decide block 1 there.
        final BlockHeader header = ahead.proposals(ahead.core.start(0)).get(0).header();
        for (final int v : new int[] {0, 2}) {
            ahead.core.onMessage(ahead.vote(v, Step.PREVOTE, 1, 0, header), MS);
        }
        for (final int v : new int[] {0, 2}) {
            ahead.core.onMessage(ahead.vote(v, Step.PRECOMMIT, 1, 0, header), MS);
        }
        assertEquals(2, ahead.core.height());

        f.core.start(0);
        // A message from the lagging replica 0 at height 1 makes replica 1 send it the decision.
        final ConsensusOutput help = ahead.core.onMessage(f.vote(0, Step.PREVOTE, 1, 3, null), 10 * MS);
        assertEquals(ConsensusError.STALE_HEIGHT, help.refusal());
        assertEquals(1, help.sends().size());
        assertEquals(0, help.sends().get(0).validator());
        final ConsensusOutput caughtUp = f.core.onMessage(help.sends().get(0).message(), 11 * MS);
        assertEquals(1, caughtUp.commits().size());
        assertEquals(header.hash(), caughtUp.commits().get(0).block().hash());
        assertEquals(2, f.core.height());
        assertArrayEquals(ahead.store.block(1).header().encode(), f.store.block(1).header().encode());
        assertFalse(f.core.ledger().rebuilds() > 1);
    }
}
