package io.kairos.engine.consensus;

import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.BatchVerifier;
import io.kairos.engine.crypto.VerificationBatch;

import java.util.Arrays;
import java.util.List;

/**
 * A quorum certificate: signatures of distinct validators on the same vote (step, height, round,
 * block hash, state root). With {@code PRECOMMIT} and a block it proves the block committed; with
 * {@code PREVOTE} it is a proof of lock (POL) that lets a later leader re-propose the block.
 * Immutable; {@link #verify} checks it against a validator set.
 */
public record Certificate(Step step, long height, int round, Hash blockHash, Hash stateRoot, int[] validators,
                          byte[][] signatures) {
    public Certificate {
        if (validators.length != signatures.length) {
            throw new IllegalArgumentException("one signature per validator");
        }
    }

    /** Builds a certificate from votes with the same step, position and target. */
    public static Certificate of(final List<Vote> votes) {
        final Vote first = votes.get(0);
        final int[] who = new int[votes.size()];
        final byte[][] sigs = new byte[votes.size()][];
        for (int i = 0; i < votes.size(); i++) {
            final Vote v = votes.get(i);
            if (!v.sameTarget(first) || v.step() != first.step() || v.height() != first.height()
                || v.round() != first.round()) {
                throw new IllegalArgumentException("a certificate's votes must agree: " + v + " vs " + first);
            }
            who[i] = v.validator();
            sigs[i] = v.signature();
        }
        return new Certificate(first.step(), first.height(), first.round(), first.blockHash(), first.stateRoot(),
            who, sigs);
    }

    public int size() {
        return validators.length;
    }

    /** The vote of the {@code i}-th signer. */
    public Vote vote(final int i) {
        return new Vote(step, height, round, blockHash, stateRoot, validators[i], signatures[i]);
    }

    /**
     * Checks that a quorum of distinct members signed this vote.
     *
     * @throws ConsensusException {@link ConsensusError#BAD_CERTIFICATE} saying what is wrong
     */
    public void verify(final Hash genesisHash, final ValidatorSet set, final SignatureVerifier verifier) {
        final byte[] message = checkSignersAndMessage(genesisHash, set);
        for (int i = 0; i < validators.length; i++) {
            final int v = validators[i];
            if (!verifier.verify(set.scheme(v), set.publicKey(v), message, signatures[i])) {
                throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "the signature of validator " + v
                    + " does not verify");
            }
        }
    }

    /**
     * {@link #verify} with every signature handed to {@code verifier} in one {@link VerificationBatch}
     * (an accelerator can check them together). Same checks and refusals.
     *
     * @throws ConsensusException {@link ConsensusError#BAD_CERTIFICATE} saying what is wrong
     */
    public void verify(final Hash genesisHash, final ValidatorSet set, final BatchVerifier verifier) {
        final byte[] message = checkSignersAndMessage(genesisHash, set);
        final VerificationBatch batch = new VerificationBatch(validators.length);
        for (int i = 0; i < validators.length; i++) {
            final int v = validators[i];
            if (signatures[i].length != set.scheme(v).signatureLength()) {
                throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "the signature of validator " + v
                    + " has " + signatures[i].length + " bytes, expected " + set.scheme(v).signatureLength());
            }
            batch.add(set.scheme(v).id(), set.publicKey(v), 0, message, 0, message.length, signatures[i], 0);
        }
        verifier.verify(batch);
        if (batch.validCount() != validators.length) {
            throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, (validators.length - batch.validCount())
                + " of " + validators.length + " signatures do not verify");
        }
    }

    /**
     * What both verifications check before any signature: a vote for a block, at least a quorum of
     * signers, each a member and none twice. Returns the bytes every signer signed.
     */
    private byte[] checkSignersAndMessage(final Hash genesisHash, final ValidatorSet set) {
        if (step == Step.PROPOSE || blockHash == null || blockHash.isZero()) {
            throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "a certificate is over prevotes or"
                + " precommits for a block, got " + step + (blockHash == null ? " for nil" : ""));
        }
        if (validators.length < set.quorum()) {
            throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "needs " + set.quorum()
                + " signatures, has " + validators.length);
        }
        final boolean[] seen = new boolean[set.size()];
        for (final int v : validators) {
            if (!set.isMember(v) || seen[v]) {
                throw new ConsensusException(ConsensusError.BAD_CERTIFICATE, "signer " + v
                    + " is not a member or signs twice");
            }
            seen[v] = true;
        }
        return Vote.signingBytes(genesisHash, step, height, round, blockHash, stateRoot);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Certificate c && step == c.step && height == c.height && round == c.round
            && java.util.Objects.equals(blockHash, c.blockHash) && stateRoot.equals(c.stateRoot)
            && Arrays.equals(validators, c.validators) && Arrays.deepEquals(signatures, c.signatures);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(step, height, round, blockHash, stateRoot) * 31 + Arrays.hashCode(validators);
    }

    @Override
    public String toString() {
        return "Certificate{" + step + " h " + height + " r " + round + " " + blockHash + " by "
            + Arrays.toString(validators) + "}";
    }
}
