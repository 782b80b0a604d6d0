package io.kairos.engine.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.SupplyInvariantViolation;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Applies the transactions of each block to a {@link LedgerState}, in block order, as a pure
 * function of (state, block): the same genesis and the same blocks give the same balances, nonces
 * and receipts on every node.
 *
 * <pre>
 *   beginBlock(height, proposer, n) ─► execute(tx 0) ... execute(tx n-1) ─► endBlock()
 *                                          │ one receipt each                 │ reward to proposer,
 *                                          ▼                                  ▼ supply check
 *                                    receipts() (ReceiptBuffer, reused per block)
 * </pre>
 *
 * <p>Rules of a transfer: its nonce must equal the sender's next nonce ({@code NONCE_MISMATCH}
 * otherwise) and the sender's balance must cover amount plus fee, the sum computed without overflow
 * ({@code INSUFFICIENT_BALANCE} otherwise). If both hold, the sender pays amount plus fee, the
 * recipient (created if new) receives the amount, the block's proposer receives the fee and the
 * sender's nonce advances by one. A refused transaction changes no state and is charged no fee; its
 * receipt says why. Any type but {@code TRANSFER} is {@code UNSUPPORTED_TYPE}. Signatures, chain id
 * and encoding were checked by the pipeline before execution and are not checked again.
 *
 * <p>At the end of each block the proposer receives {@link Genesis#blockReward()}, and the executor
 * checks in O(1) that the sum of balances plus the bonded stake equals the genesis supply plus all
 * rewards minted so far; {@link #auditSupply()} checks the same in O(n) by visiting every account.
 * A failed check throws {@link SupplyInvariantViolation}, an {@link Error}, because the state can no
 * longer be trusted.
 *
 * <p>Allocation: in steady state (a state sized for its accounts) nothing on the
 * begin/execute/end path allocates; receipts go into a {@link ReceiptBuffer} sized at construction
 * for {@link Genesis#maxBlockTransactions()}.
 *
 * <p>Threading: one thread, the execution thread, owns the executor, its state and its receipt
 * buffer, and makes every call; nothing here is safe for concurrent use. Determinism needs that
 * single thread anyway: execution order is block order.
 */
public final class BlockExecutor {
    private final LedgerState state;
    private final long blockReward;
    private final ReceiptBuffer receipts;
    private final UnsafeBuffer proposer = new UnsafeBuffer(new byte[Address.LENGTH]);
    private long expectedSupply;
    private long rewardsMinted;
    private long lastHeight = -1;
    private boolean open;
    private int declaredTransactions;
    private int proposerSlot;

    /**
     * An executor for {@code state}, which must be the state of {@code genesis} (or one reached from
     * it by this executor's rules with no reward minted yet).
     *
     * @throws SupplyInvariantViolation if the state's supply is not the genesis supply
     */
    public BlockExecutor(final Genesis genesis, final LedgerState state) {
        this(genesis, state, 0);
    }

    /**
     * An executor for {@code state} reached from {@code genesis} by {@code blocksExecuted} blocks (a
     * state loaded from a snapshot): each of those blocks minted the block reward, so the supply
     * must be the genesis supply plus that many rewards.
     *
     * @throws SupplyInvariantViolation if the state's supply is not that
     */
    public BlockExecutor(final Genesis genesis, final LedgerState state, final long blocksExecuted) {
        this.state = state;
        this.blockReward = genesis.blockReward();
        this.receipts = new ReceiptBuffer(genesis.maxBlockTransactions());
        if (blocksExecuted < 0) {
            throw new IllegalArgumentException("blocks executed must not be negative, got " + blocksExecuted);
        }
        try {
            this.expectedSupply = Math.addExact(genesis.totalSupply(), Math.multiplyExact(blockReward, blocksExecuted));
        } catch (final ArithmeticException e) {
            throw new SupplyInvariantViolation("the supply after " + blocksExecuted + " rewards of " + blockReward
                + " units overflows");
        }
        checkSupply(state.totalBalances(), "at construction", -1);
    }

    /**
     * Opens block {@code height}, proposed by the 20-byte address at {@code proposerBuffer[offset]},
     * which will carry exactly {@code transactionCount} transactions. Creates the proposer's account
     * if it is new, and clears the receipt buffer.
     *
     * @throws ExecutionException {@code BLOCK_SEQUENCE} if a block is open, {@code HEIGHT_NOT_INCREASING}
     *                            if {@code height} is not above the last executed block's,
     *                            {@code TOO_MANY_TRANSACTIONS} if the count is negative or over the
     *                            genesis limit; nothing changes then
     */
    public void beginBlock(final long height, final DirectBuffer proposerBuffer, final int proposerOffset,
                           final int transactionCount) {
        if (open) {
            throw new ExecutionException(ExecutionError.BLOCK_SEQUENCE,
                "block " + receipts.blockHeight() + " is still open; end it before beginning block " + height);
        }
        if (height <= lastHeight) {
            throw new ExecutionException(ExecutionError.HEIGHT_NOT_INCREASING,
                "block height " + height + " must be above the last executed height " + lastHeight);
        }
        if (transactionCount < 0 || transactionCount > receipts.capacity()) {
            throw new ExecutionException(ExecutionError.TOO_MANY_TRANSACTIONS,
                "a block carries 0 to " + receipts.capacity() + " transactions, block " + height + " declares "
                    + transactionCount);
        }
        proposerBuffer.getBytes(proposerOffset, proposer, 0, Address.LENGTH);
        state.reserve(1);
        proposerSlot = state.findOrCreate(proposer, 0);
        receipts.reset(height);
        declaredTransactions = transactionCount;
        open = true;
    }

    /** {@link #beginBlock(long, DirectBuffer, int, int)} with the proposer as a value; allocates a little. */
    public void beginBlock(final long height, final Address proposerAddress, final int transactionCount) {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Address.LENGTH]);
        proposerAddress.write(bytes, 0);
        beginBlock(height, bytes, 0, transactionCount);
    }

    /**
     * Applies the next transaction of the open block: {@code tx} wrapped around its valid encoding,
     * its sender's 20-byte address at {@code senderBuffer[senderOffset]} and its 32-byte hash at
     * {@code hashBuffer[hashOffset]}, both computed by the pipeline. Records a receipt.
     *
     * @return the receipt status
     * @throws ExecutionException {@code BLOCK_SEQUENCE} with no open block or beyond the declared
     *                            count, {@code INVALID_TRANSACTION_VIEW} if {@code tx} holds no valid
     *                            transaction; this call then changes nothing
     */
    public ReceiptStatus execute(final TransactionView tx, final DirectBuffer senderBuffer, final int senderOffset,
                                 final DirectBuffer hashBuffer, final int hashOffset) {
        if (!tx.isValid()) {
            throw new ExecutionException(ExecutionError.INVALID_TRANSACTION_VIEW,
                "transaction " + receipts.count() + " of block " + receipts.blockHeight()
                    + " is not a valid encoding: " + tx.errorMessage());
        }
        return apply(tx.type(), tx.nonce(), tx.fee(), tx.amount(), senderBuffer, senderOffset, tx.buffer(),
            tx.recipientOffset(), hashBuffer, hashOffset);
    }

    /** The rules over decoded fields; package-private so that tests reach types no encoding admits yet. */
    ReceiptStatus apply(final TxType type, final long nonce, final long fee, final long amount,
                        final DirectBuffer senderBuffer, final int senderOffset,
                        final DirectBuffer recipientBuffer, final int recipientOffset,
                        final DirectBuffer hashBuffer, final int hashOffset) {
        if (!open || receipts.count() == declaredTransactions) {
            throw new ExecutionException(ExecutionError.BLOCK_SEQUENCE, open
                ? "block " + receipts.blockHeight() + " declared " + declaredTransactions
                    + " transactions; no more may be executed"
                : "no block is open: call beginBlock first");
        }
        final ReceiptStatus status = transfer(type, nonce, fee, amount, senderBuffer, senderOffset,
            recipientBuffer, recipientOffset);
        receipts.add(hashBuffer, hashOffset, status, status == ReceiptStatus.SUCCESS ? fee : 0);
        return status;
    }

    private ReceiptStatus transfer(final TxType type, final long nonce, final long fee, final long amount,
                                   final DirectBuffer senderBuffer, final int senderOffset,
                                   final DirectBuffer recipientBuffer, final int recipientOffset) {
        if (type != TxType.TRANSFER) {
            return ReceiptStatus.UNSUPPORTED_TYPE;
        }
        int senderSlot = state.find(senderBuffer, senderOffset);
        final long senderNonce = senderSlot < 0 ? 0 : state.nonceAt(senderSlot);
        // The last nonce is never usable, so an account's nonce cannot wrap to a negative value.
        if (nonce != senderNonce || nonce == Long.MAX_VALUE) {
            return ReceiptStatus.NONCE_MISMATCH;
        }
        final long cost = amount + fee;
        final long senderBalance = senderSlot < 0 ? 0 : state.balanceAt(senderSlot);
        if (amount < 0 || fee < 0 || cost < 0 || cost > senderBalance) {
            return ReceiptStatus.INSUFFICIENT_BALANCE;
        }
        // Up to two new accounts (a sender of a free transfer at nonce 0, and the recipient): grow
        // first if needed so that the slots used below stay valid.
        if (state.reserve(2)) {
            proposerSlot = state.find(proposer, 0);
            senderSlot = -1;
        }
        if (senderSlot < 0) {
            senderSlot = state.findOrCreate(senderBuffer, senderOffset);
        }
        final int recipientSlot = state.findOrCreate(recipientBuffer, recipientOffset);
        state.debit(senderSlot, cost);
        state.credit(recipientSlot, amount);
        state.credit(proposerSlot, fee);
        state.setNonce(senderSlot, nonce + 1);
        return ReceiptStatus.SUCCESS;
    }

    /**
     * Closes the open block: credits the block reward to the proposer and checks the supply.
     *
     * @throws ExecutionException       {@code BLOCK_SEQUENCE} with no open block or fewer transactions
     *                                  executed than declared; nothing changes then
     * @throws SupplyInvariantViolation if the balances plus bonded stake differ from the expected supply
     */
    public void endBlock() {
        if (!open) {
            throw new ExecutionException(ExecutionError.BLOCK_SEQUENCE, "no block is open: nothing to end");
        }
        if (receipts.count() != declaredTransactions) {
            throw new ExecutionException(ExecutionError.BLOCK_SEQUENCE, "block " + receipts.blockHeight()
                + " declared " + declaredTransactions + " transactions but " + receipts.count()
                + " were executed");
        }
        final long supply = expectedSupply + blockReward;
        if (supply < 0) {
            throw new SupplyInvariantViolation("minting the reward of block " + receipts.blockHeight()
                + " overflows the supply of " + expectedSupply + " units");
        }
        state.credit(proposerSlot, blockReward);
        expectedSupply = supply;
        rewardsMinted += blockReward;
        lastHeight = receipts.blockHeight();
        open = false;
        checkSupply(state.totalBalances(), "after block ", lastHeight);
    }

    /** {@code height} is appended to {@code when} if not negative; the message is built only on failure. */
    private void checkSupply(final long balances, final String when, final long height) {
        final long supply = balances + state.bondedStake();
        if (supply < 0 || supply != expectedSupply) {
            throw new SupplyInvariantViolation("supply " + when + (height < 0 ? "" : Long.toString(height))
                + ": balances " + balances + " + bonded stake "
                + state.bondedStake() + " = " + supply + " units, expected genesis supply plus rewards = "
                + expectedSupply);
        }
    }

    /**
     * Recomputes the supply from every account (O(n)) and checks it against both the running sum of
     * balances and the expected supply.
     *
     * @return the supply, balances plus bonded stake, in units
     * @throws SupplyInvariantViolation if any of them disagree or a balance is negative
     */
    public long auditSupply() {
        final long balances = state.sumBalances();
        if (balances != state.totalBalances()) {
            throw new SupplyInvariantViolation("the balances add up to " + balances
                + " units, but the running total says " + state.totalBalances());
        }
        checkSupply(balances, "at audit", -1);
        return balances + state.bondedStake();
    }

    /** The receipts of the open block, or of the last block once it has ended. */
    public ReceiptBuffer receipts() {
        return receipts;
    }

    public LedgerState state() {
        return state;
    }

    /** Genesis supply plus every block reward minted so far, in units. */
    public long expectedSupply() {
        return expectedSupply;
    }

    public long rewardsMinted() {
        return rewardsMinted;
    }

    /** Height of the last ended block, -1 before the first. */
    public long lastHeight() {
        return lastHeight;
    }

    public boolean blockOpen() {
        return open;
    }
}
