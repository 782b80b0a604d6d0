package io.kairos.node.rpc;

import io.kairos.engine.KairosEngine.CommittedTransaction;
import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.execution.Receipt;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.mempool.MempoolMetrics;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.state.commitment.Proof;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the RPC server needs from a node. {@link EngineRpcBackend} implements it over one embedded
 * {@link io.kairos.engine.KairosEngine}; a multi-validator node implements it over its engine and
 * transport, which is why status and peers come from here and not from the engine.
 *
 * <p>Threading: every method may be called from any thread, including the server's event loops, so
 * none may block: slow work returns a future. Futures may complete on any thread.
 */
public interface RpcBackend {
    Genesis genesis();

    /** Height of the last committed block. */
    long height();

    CompletableFuture<Long> balance(Address address);

    /** The next nonce the committed state expects from {@code address}. */
    CompletableFuture<Long> nonce(Address address);

    /**
     * The next nonce counting the sender's transactions waiting in the pool that are ready (their
     * nonces follow the committed one without a gap).
     */
    CompletableFuture<Long> pendingNonce(Address address);

    /**
     * Submits an encoded transaction. {@link Submission#admitted()} completes once the pool has
     * taken it (or it has already committed), or fails with
     * {@link io.kairos.engine.TransactionRejectedException} when it was refused;
     * {@link Submission#committed()} completes with the receipt when its block commits.
     */
    Submission submit(byte[] encoded);

    CompletableFuture<Optional<CommittedTransaction>> transaction(Hash hash);

    CompletableFuture<Optional<CommittedBlock>> block(long height);

    CompletableFuture<Optional<CommittedBlock>> blockByHash(Hash hash);

    /** A proof of {@code address}'s account (or its absence) against the state root at a height. */
    CompletableFuture<AccountProof> proof(Address address);

    /** The pool's counters now. */
    MempoolMetrics.Snapshot mempool();

    /** Smallest fee, in units, the pool accepts. */
    long minFee();

    /** Transactions committed since the node started. */
    long committedTransactions();

    NodeStatus status();

    /** Calls {@code listener} with every committed block, in order, on a backend thread. */
    void onBlock(Consumer<CommittedBlock> listener);

    /** The two moments of a submission; see {@link #submit}. */
    record Submission(CompletableFuture<Void> admitted, CompletableFuture<Receipt> committed) {
    }

    /**
     * An account proof as of the state after block {@code height}, whose header carries
     * {@code stateRoot}.
     */
    record AccountProof(long height, Hash stateRoot, Proof proof) {
    }
}
