package io.kairos.bench.consensus;

import io.kairos.engine.consensus.Certificate;
import io.kairos.engine.consensus.ConsensusMessage;
import io.kairos.engine.consensus.MessageCodec;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.consensus.Vote;
import io.kairos.engine.consensus.sim.TransferPool;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.crypto.CpuBatchVerifier;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.CodecLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a vote and a quorum certificate cost a validator, per validator-set size: {@link #validateVote}
 * decodes one vote and checks its membership and signature (no cache: every vote is new);
 * {@link #certificateOneByOne} checks the 2f+1 signatures of a commit certificate one at a time, and
 * {@link #certificateBatched} hands them to the {@link CpuBatchVerifier} as one batch (the seam an
 * accelerator plugs into). Simulated commit latency in rounds and delays comes from
 * {@code kairos simulate --no-chaos} (see docs/consensus.md), not from JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class ConsensusBenchmark {
    @Param({"4", "7", "16", "31"})
    public int validators;

    private Hash genesisHash;
    private ValidatorSet set;
    private MessageCodec codec;
    private byte[][] votes;
    private Certificate certificate;
    private CpuBatchVerifier batch;
    private int index;

    @Setup(Level.Trial)
    public void setUp() {
        final Genesis genesis = TransferPool.genesis(validators);
        genesisHash = genesis.hash();
        set = ValidatorSet.of(genesis);
        codec = new MessageCodec(1 << 20, validators, CodecLimits.DEFAULT);
        final Hash block = Hashing.hash(Hashing.Domain.BLOCK_HEADER, new byte[] {1});
        final Hash root = Hashing.hash(Hashing.Domain.MERKLE_NODE, new byte[] {2});
        votes = new byte[256][];
        for (int i = 0; i < votes.length; i++) {
            final int v = i % validators;
            final SigningKey key = TransferPool.validatorKey(v);
            final Vote vote = new Vote(Step.PREVOTE, 1 + i, 0, block, root, v,
                key.sign(Vote.signingBytes(genesisHash, Step.PREVOTE, 1 + i, 0, block, root)));
            votes[i] = codec.encode(vote);
        }
        final List<Vote> quorum = new ArrayList<>();
        for (int v = 0; v < set.quorum(); v++) {
            quorum.add(new Vote(Step.PRECOMMIT, 9, 0, block, root, v, TransferPool.validatorKey(v).sign(
                Vote.signingBytes(genesisHash, Step.PRECOMMIT, 9, 0, block, root))));
        }
        certificate = Certificate.of(quorum);
        batch = new CpuBatchVerifier();
        certificate.verify(genesisHash, set, SignatureVerifier.DIRECT);
        certificate.verify(genesisHash, set, batch);
    }

    @Benchmark
    public boolean validateVote() {
        final byte[] bytes = votes[index++ & (votes.length - 1)];
        final ConsensusMessage m = codec.decode(bytes);
        final Vote v = (Vote) m;
        return set.isMember(v.validator()) && SignatureVerifier.DIRECT.verify(set.scheme(v.validator()),
            set.publicKeyCopy(v.validator()), v.signingBytes(genesisHash), v.signature());
    }

    @Benchmark
    public Certificate certificateOneByOne() {
        certificate.verify(genesisHash, set, SignatureVerifier.DIRECT);
        return certificate;
    }

    @Benchmark
    public Certificate certificateBatched() {
        certificate.verify(genesisHash, set, batch);
        return certificate;
    }
}
