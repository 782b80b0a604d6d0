package io.kairos.node.rpc;

import io.kairos.engine.KairosEngine.CommittedTransaction;
import io.kairos.engine.TransactionRejectedException;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Amounts;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.Ed25519Scheme;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.genesis.NetworkPreset;
import io.kairos.engine.mempool.MempoolMetrics;
import io.kairos.engine.mempool.RejectReason;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.state.commitment.StateTree;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** An RpcBackend without an engine: an empty chain whose every submission is refused. For fuzzing. */
final class FakeBackend implements RpcBackend {
    private final Genesis genesis;

    FakeBackend() {
        try (SigningKey v = Ed25519Scheme.INSTANCE.fromSeed(TestNode.seed(9))) {
            genesis = Genesis.builder(NetworkPreset.DEVNET).genesisTimeMillis(1_700_000_000_000L)
                .validator("v", SchemeId.ED25519, v.publicKey(), Amounts.tokens(1_000), "127.0.0.1:7100")
                .remainderTo(v.address()).build();
        }
    }

    @Override
    public Genesis genesis() {
        return genesis;
    }

    @Override
    public long height() {
        return 0;
    }

    @Override
    public CompletableFuture<Long> balance(final Address address) {
        return CompletableFuture.completedFuture(0L);
    }

    @Override
    public CompletableFuture<Long> nonce(final Address address) {
        return CompletableFuture.completedFuture(0L);
    }

    @Override
    public CompletableFuture<Long> pendingNonce(final Address address) {
        return CompletableFuture.completedFuture(0L);
    }

    @Override
    public Submission submit(final byte[] encoded) {
        return new Submission(CompletableFuture.failedFuture(new TransactionRejectedException(RejectReason.BUSY)),
            CompletableFuture.failedFuture(new TransactionRejectedException(RejectReason.BUSY)));
    }

    @Override
    public CompletableFuture<Optional<CommittedTransaction>> transaction(final Hash hash) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<Optional<CommittedBlock>> block(final long height) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<Optional<CommittedBlock>> blockByHash(final Hash hash) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<AccountProof> proof(final Address address) {
        final StateTree tree = new StateTree();
        return CompletableFuture.completedFuture(new AccountProof(0, tree.root(), tree.prove(address)));
    }

    @Override
    public MempoolMetrics.Snapshot mempool() {
        final Map<RejectReason, Long> zero = new EnumMap<>(RejectReason.class);
        for (final RejectReason r : RejectReason.values()) {
            zero.put(r, 0L);
        }
        return new MempoolMetrics.Snapshot(0, 0, 0, 0, zero);
    }

    @Override
    public long minFee() {
        return 1;
    }

    @Override
    public long committedTransactions() {
        return 0;
    }

    @Override
    public NodeStatus status() {
        return new NodeStatus(0, 0, false, true, 0, 0, 0, 0);
    }

    @Override
    public void onBlock(final Consumer<CommittedBlock> listener) {
    }
}
