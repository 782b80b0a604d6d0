package io.kairos.node.validator;

import io.kairos.engine.consensus.Certificate;
import io.kairos.engine.consensus.MessageCodec;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.consensus.Vote;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import io.kairos.engine.state.snapshot.StateSnapshot;
import io.kairos.journal.snapshot.SnapshotFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What state sync refuses: each link of the proof broken in turn. */
class SnapshotProofTest {
    private static final long HEIGHT = 5;
    private static final long TIME = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final List<SigningKey> keys = new ArrayList<>();
    private Genesis genesis;
    private ValidatorSet set;
    private SnapshotProof proof;
    private MessageCodec codec;
    private BlockHeader header;
    private StateSnapshot snapshot;

    @BeforeEach
    void setUp() {
        for (int i = 0; i < 4; i++) {
            keys.add(Ed25519Scheme.INSTANCE.fromSeed(LocalClusterTest.seed(300 + i)));
        }
        genesis = LocalClusterTest.genesis(keys, List.of(keys.get(0)));
        set = ValidatorSet.of(genesis);
        proof = new SnapshotProof(genesis, set, SignatureVerifier.DIRECT);
        codec = new MessageCodec(64 * 1024, set.size(), CodecLimits.DEFAULT);
        final LedgerState state = LedgerState.fromGenesis(genesis, 1);
        final Hash root = StateTree.fromAccounts(state.accountsSorted()).root();
        header = new BlockHeader(genesis.chainId(), HEIGHT, TIME, Hashing.hash(Hashing.Domain.GENESIS, new byte[1]),
            keys.get(1).address(), Hash.ZERO, root, 0, 0);
        snapshot = StateSnapshot.of(genesis.hash(), HEIGHT, header.hash(), TIME, root, state.image());
    }

    @AfterEach
    void tearDown() {
        keys.forEach(SigningKey::destroy);
    }

    private byte[] bytes(final StateSnapshot s) throws IOException {
        final SnapshotFiles files = SnapshotFiles.open(dir.resolve("s" + System.nanoTime()), 1);
        files.save(s);
        return Files.readAllBytes(files.file(s.height()));
    }

    private byte[] certificate(final Step step, final Hash blockHash, final Hash root, final int... signers) {
        final List<Vote> votes = new ArrayList<>();
        for (final int v : signers) {
            final byte[] sig = keys.get(v).sign(Vote.signingBytes(genesis.hash(), step, HEIGHT, 0, blockHash, root));
            votes.add(new Vote(step, HEIGHT, 0, blockHash, root, v, sig));
        }
        return codec.encodeCertificate(Certificate.of(votes));
    }

    private byte[] goodCertificate() {
        return certificate(Step.PRECOMMIT, header.hash(), header.stateRoot(), 0, 2, 3);
    }

    private StateSyncError refusal(final byte[] snapshotBytes, final byte[] block, final byte[] certificate) {
        return assertThrows(StateSyncException.class,
            () -> proof.verify(HEIGHT, snapshotBytes, block, certificate, "validator 1")).error();
    }

    @Test
    void acceptsASnapshotWhoseAccountsHashToTheCertifiedRoot() throws IOException {
        final SnapshotProof.Proven p = proof.verify(HEIGHT, bytes(snapshot), header.encode(), goodCertificate(),
            "validator 1");
        assertEquals(header, p.header());
        assertEquals(snapshot.accountCount(), p.snapshot().accountCount());
        assertEquals(header.stateRoot(), p.snapshot().stateRoot());
        assertEquals(3, p.certificate().size());
    }

    @Test
    void refusesAccountsThatDoNotHashToTheCertifiedRoot() throws IOException {
        final int n = snapshot.accountCount();
        final byte[] addresses = new byte[n * Address.LENGTH];
        final long[] balances = new long[n];
        final long[] nonces = new long[n];
        for (int i = 0; i < n; i++) {
            snapshot.copyAddress(i, addresses, i * Address.LENGTH);
            balances[i] = snapshot.balance(i);
            nonces[i] = snapshot.nonce(i);
        }
        // Moves one unit between two accounts: the supply still adds up, only the root can tell.
        balances[0] -= 1;
        balances[1] += 1;
        final StateSnapshot forged = new StateSnapshot(genesis.hash(), HEIGHT, header.hash(), TIME,
            header.stateRoot(), snapshot.bondedStake(), snapshot.supply(), addresses, balances, nonces);
        assertEquals(StateSyncError.ROOT_MISMATCH, refusal(bytes(forged), header.encode(), goodCertificate()));
    }

    @Test
    void refusesDamagedBytes() throws IOException {
        final byte[] b = bytes(snapshot);
        b[SnapshotFiles.HEADER_LENGTH + 25] ^= 1;
        assertEquals(StateSyncError.CORRUPT_SNAPSHOT, refusal(b, header.encode(), goodCertificate()));
        final byte[] truncated = Arrays.copyOf(bytes(snapshot), SnapshotFiles.HEADER_LENGTH + 10);
        assertEquals(StateSyncError.CORRUPT_SNAPSHOT, refusal(truncated, header.encode(), goodCertificate()));
    }

    @Test
    void refusesCertificatesThatDoNotCommitTheBlock() throws IOException {
        final byte[] s = bytes(snapshot);
        final byte[] block = header.encode();
        assertEquals(StateSyncError.BAD_CERTIFICATE,
            refusal(s, block, certificate(Step.PRECOMMIT, header.hash(), header.stateRoot(), 0, 2)), "no quorum");
        assertEquals(StateSyncError.BAD_CERTIFICATE,
            refusal(s, block, certificate(Step.PREVOTE, header.hash(), header.stateRoot(), 0, 2, 3)), "prevotes");
        assertEquals(StateSyncError.BAD_CERTIFICATE, refusal(s, block,
            certificate(Step.PRECOMMIT, Hashing.hash(Hashing.Domain.GENESIS, new byte[2]), header.stateRoot(), 0, 1, 2)),
            "another block");
        final byte[] forgedSignature = goodCertificate();
        forgedSignature[forgedSignature.length - 5] ^= 1;
        assertEquals(StateSyncError.BAD_CERTIFICATE, refusal(s, block, forgedSignature), "a signature fails");
        assertEquals(StateSyncError.BAD_CERTIFICATE, refusal(s, block, new byte[7]), "not a certificate");
    }

    @Test
    void refusesTheWrongBlockOrChain() throws IOException {
        final byte[] s = bytes(snapshot);
        final BlockHeader other = new BlockHeader(genesis.chainId(), HEIGHT + 1, TIME, header.parentHash(),
            header.proposer(), Hash.ZERO, header.stateRoot(), 0, 0);
        assertEquals(StateSyncError.MALFORMED_BLOCK, refusal(s, other.encode(), goodCertificate()));
        assertEquals(StateSyncError.MALFORMED_BLOCK, refusal(s, new byte[40], goodCertificate()));
        final StateSnapshot elsewhere = new StateSnapshot(Hashing.hash(Hashing.Domain.GENESIS, new byte[3]), HEIGHT,
            header.hash(), TIME, header.stateRoot(), snapshot.bondedStake(), snapshot.supply(), addresses(),
            balances(), nonces());
        assertEquals(StateSyncError.WRONG_GENESIS, refusal(bytes(elsewhere), header.encode(), goodCertificate()));
    }

    private byte[] addresses() {
        final byte[] a = new byte[snapshot.accountCount() * Address.LENGTH];
        for (int i = 0; i < snapshot.accountCount(); i++) {
            snapshot.copyAddress(i, a, i * Address.LENGTH);
        }
        return a;
    }

    private long[] balances() {
        final long[] b = new long[snapshot.accountCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = snapshot.balance(i);
        }
        return b;
    }

    private long[] nonces() {
        final long[] b = new long[snapshot.accountCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = snapshot.nonce(i);
        }
        return b;
    }
}
