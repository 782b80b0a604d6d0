package io.kairos.engine.consensus;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.KairosException;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.crypto.SchemeId;
import io.kairos.engine.crypto.SignatureSchemes;
import io.kairos.engine.execution.BlockExecutor;
import io.kairos.engine.execution.ReceiptBuffer;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.ledger.MerkleTree;
import io.kairos.engine.ledger.Transaction;
import io.kairos.engine.ledger.TransactionVerifier;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.sequencer.BlockAssembly;
import io.kairos.engine.sequencer.BlockStore;
import io.kairos.engine.sequencer.CommittedBlock;
import io.kairos.engine.sequencer.Replayer;
import io.kairos.engine.sequencer.StateRecovery;
import io.kairos.engine.state.AccountView;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.commitment.StateTree;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ledger as consensus sees it: the committed chain in a {@link BlockStore}, the state after its
 * last block, and the execution of candidate blocks on top of it, with the same
 * {@link BlockAssembly}, {@link BlockExecutor} and {@link StateTree} the sequencer and the
 * {@link Replayer} use. A candidate (one the leader {@link #build builds} or a proposal to
 * {@link #validate}) is executed for real to learn its state root; the state then holds that
 * candidate speculatively. If a different block is committed instead, the committed state is rebuilt
 * by replaying the store (rare: it takes a round change with a new block).
 *
 * <p>Single-threaded: the consensus thread owns it, its state and its store's appends.
 */
public final class LedgerExecution {
    private final Genesis genesis;
    private final BlockStore store;
    private final CodecLimits limits;
    private final SignatureVerifier verifier;
    private final BlockAssembly assembly;
    private final TransactionView view;
    private final TransactionVerifier ethVerifier;
    private final int maxTransactions;
    private final byte[] rootWork;
    private final byte[] hash = new byte[Hash.LENGTH];
    private final UnsafeBuffer hashBuffer = new UnsafeBuffer(hash);
    private final Map<Hash, CommittedBlock> valid = new HashMap<>();
    private final Map<Hash, ConsensusException> invalid = new HashMap<>();

    private LedgerState state;
    private BlockExecutor executor;
    private StateTree tree;
    private Hash tipHash;
    private long tipTimestamp;
    private long height;
    /** The block applied on top of the committed state, or null when the state is the committed one. */
    private Hash speculative;
    private Hash committedRoot;
    private long rebuilds;
    private final Supplier<StateRecovery.Result> recover;
    private VerifiedTransactions known;
    private volatile long signaturesKnown;

    /**
     * Transactions whose signatures this node already checked (its pool's, checked at ingress), so
     * that a candidate block carrying them is not checked twice. Consensus thread.
     */
    @FunctionalInterface
    public interface VerifiedTransactions {
        /** Whether the transaction with the 32-byte hash at {@code offset} passed this node's signature check. */
        boolean verified(DirectBuffer hash, int offset);
    }

    /** Consults {@code verified} before checking a candidate's signatures (e.g. the pool's contents). */
    public void verifiedBy(final VerifiedTransactions verified) {
        this.known = verified;
    }

    /** Signatures of candidate blocks not checked again because {@link #verifiedBy} knew them; any thread. */
    public long signaturesKnown() {
        return signaturesKnown;
    }

    /**
     * Replays {@code store} from the genesis (proving every block, see {@link Replayer}) and stands on
     * its last block.
     */
    public LedgerExecution(final Genesis genesis, final BlockStore store, final CodecLimits limits,
                           final SignatureVerifier verifier) {
        this(genesis, store, limits, verifier, null);
    }

    /**
     * Stands on the state {@code recovered} left (a snapshot plus the blocks after it, every root
     * checked: see {@link StateRecovery}), so that a node with a long journal starts without a full
     * replay; {@code null} replays {@code store} from the genesis.
     */
    public LedgerExecution(final Genesis genesis, final BlockStore store, final CodecLimits limits,
                           final SignatureVerifier verifier, final StateRecovery.Result recovered) {
        this(genesis, store, limits, verifier, recovered, null);
    }

    /**
     * As {@link #LedgerExecution(Genesis, BlockStore, CodecLimits, SignatureVerifier, StateRecovery.Result)},
     * and when a speculative execution must be undone, the committed state is recovered with
     * {@code recover} (the newest snapshot plus the blocks after it) instead of a replay from the
     * genesis: a store begun from a snapshot holds no blocks below it, and a long one replays slowly.
     */
    public LedgerExecution(final Genesis genesis, final BlockStore store, final CodecLimits limits,
                           final SignatureVerifier verifier, final StateRecovery.Result recovered,
                           final Supplier<StateRecovery.Result> recover) {
        this.recover = recover;
        this.genesis = genesis;
        this.store = store;
        this.limits = limits;
        this.verifier = verifier;
        this.maxTransactions = genesis.maxBlockTransactions();
        this.assembly = new BlockAssembly(maxTransactions, genesis.maxBlockBytes(), limits);
        this.view = new TransactionView(limits);
        this.ethVerifier = new TransactionVerifier(limits);
        this.rootWork = new byte[Hash.LENGTH * Math.max(1, maxTransactions)];
        if (recovered == null) {
            rebuild();
            rebuilds = 0;
        } else {
            standOn(recovered);
        }
    }

    /** Takes the state, executor, tree and tip a recovery left as the committed state. */
    private void standOn(final StateRecovery.Result r) {
        state = r.state();
        executor = r.executor();
        tree = r.tree();
        tipHash = r.replay().lastBlockHash();
        tipTimestamp = r.replay().lastTimestampMillis();
        height = r.replay().height();
        speculative = null;
        committedRoot = tree.root();
    }

    private void rebuild() {
        if (recover != null) {
            standOn(recover.get());
            rebuilds++;
            return;
        }
        state = LedgerState.fromGenesis(genesis, 1);
        executor = new BlockExecutor(genesis, state);
        final Replayer.Result r = Replayer.replay(genesis, store, executor, limits);
        tree = StateTree.fromAccounts(state.accountsSorted());
        tipHash = r.lastBlockHash();
        tipTimestamp = r.lastTimestampMillis();
        height = r.height();
        speculative = null;
        committedRoot = tree.root();
        rebuilds++;
    }

    private void ensureCommittedState() {
        if (speculative != null) {
            rebuild();
        }
    }

    /** Height of the last committed block (0: genesis). */
    public long height() {
        return height;
    }

    public Hash tipHash() {
        return tipHash;
    }

    public long tipTimestampMillis() {
        return tipTimestamp;
    }

    public Genesis genesis() {
        return genesis;
    }

    public BlockStore store() {
        return store;
    }

    /** Times the state was rebuilt from the store because another block than the executed one won. */
    public long rebuilds() {
        return rebuilds;
    }

    /** The root of the state tree as computed when the last block was committed (or replayed). */
    public Hash committedStateRoot() {
        return committedRoot;
    }

    /**
     * Builds, executes and returns the next block with the transactions {@code source} offers, proposed
     * by {@code proposer} at {@code timestampMillis} (raised to the parent's if earlier).
     */
    public CommittedBlock build(final long timestampMillis, final Address proposer, final TransactionSource source) {
        ensureCommittedState();
        assembly.reset();
        source.fill(assembly, state, maxTransactions, genesis.maxBlockBytes());
        final int count = assembly.count();
        final UnsafeBuffer proposerBuffer = new UnsafeBuffer(proposer.toByteArray());
        final long next = height + 1;
        speculative = Hash.ZERO;
        assembly.execute(executor, next, proposerBuffer, 0);
        final Hash root = assembly.commitTouched(tree, state, proposerBuffer);
        assembly.hashes().getBytes(0, rootWork, 0, count * Hash.LENGTH);
        final byte[] txRoot = new byte[Hash.LENGTH];
        MerkleTree.computeRoot(rootWork, count, txRoot, 0);
        final BlockHeader header = new BlockHeader(genesis.chainId(), next, Math.max(timestampMillis, tipTimestamp),
            tipHash, proposer, Hash.of(txRoot), root, count, assembly.bodyLength());
        final CommittedBlock block = snapshot(header, count);
        speculative = block.hash();
        valid.put(block.hash(), block);
        return block;
    }

    /**
     * Checks that {@code header} and {@code body} form a valid next block (chain, height, parent, time,
     * transactions and their signatures, transactions root), executes it and checks that the state root
     * it computes equals the header's. Results are remembered for the current height.
     *
     * @return the executed block, ready to commit
     * @throws ConsensusException {@link ConsensusError#BAD_BLOCK}, {@link ConsensusError#BAD_TRANSACTIONS},
     *     {@link ConsensusError#STATE_ROOT_MISMATCH} or {@link ConsensusError#EXECUTION_FAILED}
     */
    public CommittedBlock validate(final BlockHeader header, final byte[] body) {
        final Hash blockHash = header.hash();
        final CommittedBlock known = valid.get(blockHash);
        if (known != null) {
            return known;
        }
        final ConsensusException refused = invalid.get(blockHash);
        if (refused != null) {
            throw refused;
        }
        try {
            final CommittedBlock block = check(header, body);
            valid.put(blockHash, block);
            return block;
        } catch (final ConsensusException e) {
            if (e.error() != ConsensusError.BODY_MISMATCH) {
                invalid.put(blockHash, e);
            }
            throw e;
        }
    }

    private CommittedBlock check(final BlockHeader header, final byte[] body) {
        if (header.chainId() != genesis.chainId() || header.height() != height + 1
            || !header.parentHash().equals(tipHash) || header.timestampMillis() < tipTimestamp) {
            throw new ConsensusException(ConsensusError.BAD_BLOCK, "block " + header.height() + " on parent "
                + header.parentHash() + " at time " + header.timestampMillis() + " does not extend block " + height
                + " " + tipHash + " at time " + tipTimestamp + " on chain " + genesis.chainId());
        }
        final int count = header.transactionCount();
        if (count > maxTransactions || body.length != header.bodyLength() || body.length > genesis.maxBlockBytes()) {
            throw new ConsensusException(ConsensusError.BAD_TRANSACTIONS, "block of " + count + " transactions and "
                + body.length + " body bytes exceeds the limits or disagrees with its header");
        }
        assembly.reset();
        final UnsafeBuffer b = new UnsafeBuffer(body);
        final int[] starts = new int[count];
        final int[] lengths = new int[count];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            if (body.length - offset < Integer.BYTES) {
                throw bodyMismatch(i, "body ends before its length prefix");
            }
            final int length = b.getInt(offset, ByteOrder.LITTLE_ENDIAN);
            if (length < 0 || length > body.length - offset - Integer.BYTES) {
                throw bodyMismatch(i, "length " + length + " runs past the body");
            }
            final int at = offset + Integer.BYTES;
            if (view.wrap(b, at, length) != null) {
                throw bodyMismatch(i, view.errorMessage());
            }
            view.hashInto(rootWork, i * Hash.LENGTH);
            starts[i] = at;
            lengths[i] = length;
            offset = at + length;
        }
        if (offset != body.length) {
            throw new ConsensusException(ConsensusError.BODY_MISMATCH, (body.length - offset)
                + " bytes after the last transaction");
        }
        final byte[] txRoot = new byte[Hash.LENGTH];
        MerkleTree.computeRoot(rootWork, count, txRoot, 0);
        if (!Hash.of(txRoot).equals(header.transactionsRoot())) {
            throw new ConsensusException(ConsensusError.BODY_MISMATCH, "transactions root " + Hash.of(txRoot)
                + " but the header says " + header.transactionsRoot());
        }
        // The body is the one the header commits to: from here on, every fault is the proposer's.
        for (int i = 0; i < count; i++) {
            view.wrap(b, starts[i], lengths[i]);
            if (view.chainId() != genesis.chainId()) {
                throw badTx(i, "chain " + view.chainId() + ", expected " + genesis.chainId());
            }
            final Transaction tx = Transaction.from(view);
            view.hashInto(hash, 0);
            if (tx.scheme() == SchemeId.SECP256K1_ETH) {
                // Its signature is the Ethereum transaction in the payload, which every field must match.
                final ValidationError ethError = ethVerifier.check(view, genesis.chainId());
                if (ethError != null) {
                    throw badTx(i, "its Ethereum transaction does not check (" + ethError + ")");
                }
            } else if (known != null && known.verified(hashBuffer, 0)) {
                // The same bytes (the hash covers the signature) passed this node's ingress checks.
                signaturesKnown++;
            } else if (!verifier.verify(SignatureSchemes.of(tx.scheme()), tx.publicKey(), tx.signingBytes(),
                tx.signature())) {
                throw badTx(i, "its signature does not verify");
            }
            if (!assembly.accept(b, starts[i], lengths[i], hashBuffer, 0)) {
                throw badTx(i, "it does not fit the block");
            }
        }
        ensureCommittedState();
        final UnsafeBuffer proposerBuffer = new UnsafeBuffer(header.proposer().toByteArray());
        final Hash root;
        speculative = Hash.ZERO;
        try {
            assembly.execute(executor, header.height(), proposerBuffer, 0);
            root = assembly.commitTouched(tree, state, proposerBuffer);
        } catch (final KairosException e) {
            throw new ConsensusException(ConsensusError.EXECUTION_FAILED, "block " + header.height() + ": "
                + e.getMessage());
        }
        speculative = header.hash();
        if (!root.equals(header.stateRoot())) {
            throw new ConsensusException(ConsensusError.STATE_ROOT_MISMATCH, "block " + header.height()
                + " executes to state root " + root + " but its header says " + header.stateRoot());
        }
        return snapshot(header, count);
    }

    private static ConsensusException bodyMismatch(final int index, final String why) {
        return new ConsensusException(ConsensusError.BODY_MISMATCH, "transaction " + index + ": " + why);
    }

    private static ConsensusException badTx(final int index, final String why) {
        return new ConsensusException(ConsensusError.BAD_TRANSACTIONS, "transaction " + index + ": " + why);
    }

    private CommittedBlock snapshot(final BlockHeader header, final int count) {
        final byte[] body = new byte[assembly.bodyLength()];
        assembly.body().getBytes(0, body);
        final byte[] hashes = new byte[count * Hash.LENGTH];
        assembly.hashes().getBytes(0, hashes);
        final ReceiptBuffer receipts = executor.receipts();
        final byte[] statuses = new byte[count];
        final long[] fees = new long[count];
        for (int i = 0; i < count; i++) {
            statuses[i] = (byte) receipts.status(i).ordinal();
            fees[i] = receipts.feeCharged(i);
        }
        return CommittedBlock.of(header, body, hashes, statuses, fees);
    }

    /**
     * Commits {@code block} (one {@link #build} or {@link #validate} returned at this height): makes
     * the state the state after it, appends it to the store and moves the tip.
     */
    public void commit(final CommittedBlock block) {
        if (block.height() != height + 1 || !block.header().parentHash().equals(tipHash)) {
            throw new IllegalStateException("block " + block.height() + " does not extend " + height);
        }
        if (!block.hash().equals(speculative)) {
            ensureCommittedState();
            final UnsafeBuffer proposerBuffer = new UnsafeBuffer(block.header().proposer().toByteArray());
            assembly.load(block);
            speculative = Hash.ZERO;
            assembly.execute(executor, block.height(), proposerBuffer, 0);
            final Hash root = assembly.commitTouched(tree, state, proposerBuffer);
            if (!root.equals(block.header().stateRoot())) {
                throw new ConsensusException(ConsensusError.STATE_ROOT_MISMATCH, "committing block " + block.height()
                    + ": executes to " + root + ", header says " + block.header().stateRoot());
            }
        }
        committedRoot = tree.root();
        store.append(block);
        speculative = null;
        height = block.height();
        tipHash = block.hash();
        tipTimestamp = block.header().timestampMillis();
        valid.clear();
        invalid.clear();
    }

    /** The committed state (rebuilt first if a candidate is applied). */
    public LedgerState state() {
        ensureCommittedState();
        return state;
    }

    /** The state tree over {@link #state()} (rebuilt first if a candidate is applied). */
    public StateTree stateTree() {
        ensureCommittedState();
        return tree;
    }

    /** The executor over {@link #state()}. */
    public BlockExecutor executor() {
        ensureCommittedState();
        return executor;
    }

    /**
     * The senders of the block {@link #commit} committed last, 20 bytes each in transaction order:
     * valid until the next call into this object (the mempool needs them to re-check those senders).
     */
    public DirectBuffer committedSenders() {
        return assembly.senders();
    }

    /**
     * Balances and nonces of whatever state this object holds now, without rebuilding: the committed
     * state except while a candidate is applied. For admission checks on the consensus thread, which
     * a driver runs between calls into consensus (with one validator a candidate is built and
     * committed within one call, so admission always sees the committed state).
     */
    public AccountView accounts() {
        return accounts;
    }

    private final AccountView accounts = new AccountView() {
        @Override
        public long balance(final DirectBuffer buffer, final int offset) {
            return state.balance(buffer, offset);
        }

        @Override
        public long nonce(final DirectBuffer buffer, final int offset) {
            return state.nonce(buffer, offset);
        }

        @Override
        public long balance(final Address address) {
            return state.balance(address);
        }

        @Override
        public long nonce(final Address address) {
            return state.nonce(address);
        }
    };
}
