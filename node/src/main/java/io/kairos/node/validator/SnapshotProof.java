package io.kairos.node.validator;

import io.kairos.engine.consensus.Certificate;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.MessageCodec;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.engine.state.snapshot.SnapshotException;
import io.kairos.engine.state.snapshot.StateSnapshot;
import io.kairos.journal.snapshot.SnapshotFiles;

import java.util.Arrays;

/**
 * Proves a snapshot received from a peer before a node installs it (state sync). The peer is not
 * trusted; the proof rests on the validator set alone:
 * <ol>
 *   <li>the block at the snapshot's height decodes, is on this chain, and a commit certificate
 *       (precommits of a quorum of the genesis validators, every signature checked) names its hash
 *       and state root;</li>
 *   <li>the snapshot's bytes pass every check a local snapshot file passes (format, ascending
 *       addresses, CRC), were taken on this genesis after that very block;</li>
 *   <li>its accounts, hashed into the state tree here, give the certified state root.</li>
 * </ol>
 * Stateless apart from its inputs; any thread.
 */
public final class SnapshotProof {
    /** What a proof established: the state at {@code header.height()} and the certificate that commits it. */
    public record Proven(StateSnapshot snapshot, BlockHeader header, Certificate certificate) {
    }

    private final Genesis genesis;
    private final ValidatorSet validators;
    private final MessageCodec codec;
    private final SignatureVerifier verifier;

    public SnapshotProof(final Genesis genesis, final ValidatorSet validators, final SignatureVerifier verifier) {
        this.genesis = genesis;
        this.validators = validators;
        this.verifier = verifier;
        final int certBytes = 64 + validators.size() * (4 + MessageCodec.MAX_SIGNATURE_BYTES);
        this.codec = new MessageCodec(certBytes + 256, validators.size(), CodecLimits.DEFAULT);
    }

    /**
     * Checks {@code snapshot} (a whole snapshot file's bytes) against {@code block} (header and body as
     * a block-sync page carries them) and {@code certificate} (its encoded commit certificate).
     *
     * @param source the peer, for messages
     * @throws StateSyncException saying which check failed
     */
    public Proven verify(final long height, final byte[] snapshot, final byte[] block, final byte[] certificate,
                         final String source) {
        final BlockHeader header = header(height, block, source);
        final Certificate c;
        try {
            c = codec.decodeCertificate(certificate);
        } catch (final ConsensusException e) {
            throw new StateSyncException(StateSyncError.BAD_CERTIFICATE, "the certificate of block " + height + " from "
                + source + " does not decode: " + e.getMessage());
        }
        if (c.step() != Step.PRECOMMIT || c.height() != height || !header.hash().equals(c.blockHash())
            || !header.stateRoot().equals(c.stateRoot())) {
            throw new StateSyncException(StateSyncError.BAD_CERTIFICATE, "the certificate from " + source + " is "
                + c.step() + " at height " + c.height() + " for block " + c.blockHash() + ", root " + c.stateRoot()
                + "; expected PRECOMMIT at " + height + " for " + header.hash() + ", root " + header.stateRoot());
        }
        try {
            c.verify(genesis.hash(), validators, verifier);
        } catch (final ConsensusException e) {
            throw new StateSyncException(StateSyncError.BAD_CERTIFICATE, "the certificate of block " + height + " from "
                + source + ": " + e.getMessage());
        }
        final StateSnapshot s;
        try {
            s = SnapshotFiles.parse(snapshot, height, "from " + source);
        } catch (final SnapshotException e) {
            throw new StateSyncException(StateSyncError.CORRUPT_SNAPSHOT, e.getMessage());
        }
        if (!s.genesisHash().equals(genesis.hash())) {
            throw new StateSyncException(StateSyncError.WRONG_GENESIS, "the snapshot from " + source
                + " was taken on genesis " + s.genesisHash() + ", this chain's is " + genesis.hash());
        }
        if (!s.blockHash().equals(header.hash()) || s.timestampMillis() != header.timestampMillis()) {
            throw new StateSyncException(StateSyncError.ROOT_MISMATCH, "the snapshot from " + source
                + " names block " + s.blockHash() + " at time " + s.timestampMillis() + ", the certified block is "
                + header.hash() + " at " + header.timestampMillis());
        }
        final Hash root = StateTree.fromAccounts(s.accounts()).root();
        if (!root.equals(header.stateRoot()) || !root.equals(s.stateRoot())) {
            throw new StateSyncException(StateSyncError.ROOT_MISMATCH, "the snapshot from " + source + " has "
                + s.accountCount() + " accounts hashing to " + root + "; it claims " + s.stateRoot()
                + " and the certified block " + height + " commits to " + header.stateRoot());
        }
        return new Proven(s, header, c);
    }

    private BlockHeader header(final long height, final byte[] block, final String source) {
        if (block.length < BlockHeader.LENGTH) {
            throw new StateSyncException(StateSyncError.MALFORMED_BLOCK, "block " + height + " from " + source
                + " is " + block.length + " bytes, shorter than a header");
        }
        final BlockHeader header;
        try {
            header = BlockHeader.decode(Arrays.copyOf(block, BlockHeader.LENGTH), CodecLimits.DEFAULT);
        } catch (final ValidationException e) {
            throw new StateSyncException(StateSyncError.MALFORMED_BLOCK, "block " + height + " from " + source
                + ": " + e.getMessage());
        }
        if (header.height() != height || header.chainId() != genesis.chainId()) {
            throw new StateSyncException(StateSyncError.MALFORMED_BLOCK, "the block from " + source + " is block "
                + header.height() + " of chain " + header.chainId() + ", expected block " + height + " of chain "
                + genesis.chainId());
        }
        return header;
    }
}
