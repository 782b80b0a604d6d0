package io.kairos.engine.consensus;

import io.kairos.engine.consensus.sim.TransferPool;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.InMemoryBlockStore;

import java.util.ArrayList;
import java.util.List;

/** Four Ed25519 validators, a replica under test and helpers that sign messages as the others. */
final class ConsensusFixture {
    static final long MS = 1_000_000L;
    static final ConsensusConfig CONFIG = new ConsensusConfig(100 * MS, 1_000 * MS, 150, 4, 16, 0);

    final Genesis genesis = TransferPool.genesis(4);
    final Hash g = genesis.hash();
    final ValidatorSet set = ValidatorSet.of(genesis);
    final SigningKey[] keys = new SigningKey[4];
    final InMemoryBlockStore store = new InMemoryBlockStore(Long.MAX_VALUE);
    final InMemorySafetyStore safety = new InMemorySafetyStore();
    final InMemoryCertificateStore certificates = new InMemoryCertificateStore(64);
    final int self;
    ConsensusCore core;
    /** A second ledger, on the same chain, that builds the blocks the other validators propose. */
    private final InMemoryBlockStore otherStore = new InMemoryBlockStore(Long.MAX_VALUE);
    private final LedgerExecution other;

    ConsensusFixture(final int self) {
        this.self = self;
        for (int i = 0; i < 4; i++) {
            keys[i] = TransferPool.validatorKey(i);
        }
        other = new LedgerExecution(genesis, otherStore, CodecLimits.DEFAULT, SignatureVerifier.DIRECT);
        restart();
    }

    /** A fresh core over the same block store and safety store, as after a crash. */
    ConsensusCore restart() {
        return restart(BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
    }

    /** {@link #restart()} with the clock the core stamps its blocks with. */
    ConsensusCore restart(final BlockClock clock) {
        core = new ConsensusCore(CONFIG, keys[self], safety, certificates,
            new LedgerExecution(genesis, store, CodecLimits.DEFAULT, SignatureVerifier.DIRECT), TransferPool.instance(),
            SignatureVerifier.DIRECT, clock);
        return core;
    }

    MessageCodec codec() {
        return core.codec();
    }

    /** A valid next block proposed by {@code proposer}, built at {@code millis}. */
    CommittedBlock block(final int proposer, final long millis) {
        return other.build(millis, set.address(proposer), TransferPool.instance());
    }

    /** Commits {@code block} on the builder ledger too, so later blocks extend it. */
    void advanceOther(final CommittedBlock block) {
        other.commit(block);
    }

    byte[] proposal(final int proposer, final long height, final int round, final CommittedBlock block) {
        final byte[] sig = keys[proposer].sign(Proposal.signingBytes(g, height, round, -1, block.hash()));
        return codec().encode(new Proposal(height, round, -1, proposer, block.header(), body(block), null, sig));
    }

    byte[] reproposal(final int proposer, final long height, final int round, final CommittedBlock block,
                      final int validRound, final Certificate pol) {
        final byte[] sig = keys[proposer].sign(Proposal.signingBytes(g, height, round, validRound, block.hash()));
        return codec().encode(new Proposal(height, round, validRound, proposer, block.header(), body(block), pol, sig));
    }

    Vote signedVote(final int validator, final Step step, final long height, final int round, final BlockHeader block) {
        final Hash hash = block == null ? null : block.hash();
        final Hash root = block == null ? Hash.ZERO : block.stateRoot();
        return new Vote(step, height, round, hash, root, validator,
            keys[validator].sign(Vote.signingBytes(g, step, height, round, hash, root)));
    }

    byte[] vote(final int validator, final Step step, final long height, final int round, final BlockHeader block) {
        return codec().encode(signedVote(validator, step, height, round, block));
    }

    Certificate certificate(final Step step, final long height, final int round, final BlockHeader block,
                            final int... validators) {
        final List<Vote> votes = new ArrayList<>();
        for (final int v : validators) {
            votes.add(signedVote(v, step, height, round, block));
        }
        return Certificate.of(votes);
    }

    static byte[] body(final CommittedBlock b) {
        final byte[] body = new byte[b.bodyLength()];
        b.copyBody(body, 0);
        return body;
    }

    /** The votes this replica broadcast in {@code out}. */
    List<Vote> votes(final ConsensusOutput out) {
        final List<Vote> votes = new ArrayList<>();
        for (final byte[] m : out.broadcasts()) {
            if (codec().decode(m) instanceof Vote v) {
                votes.add(v);
            }
        }
        return votes;
    }

    List<Proposal> proposals(final ConsensusOutput out) {
        final List<Proposal> ps = new ArrayList<>();
        for (final byte[] m : out.broadcasts()) {
            if (codec().decode(m) instanceof Proposal p) {
                ps.add(p);
            }
        }
        return ps;
    }
}
