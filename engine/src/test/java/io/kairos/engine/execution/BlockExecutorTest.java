package io.kairos.engine.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import io.kairos.engine.state.LedgerState;
import io.kairos.engine.state.StateTestHooks;
import io.kairos.engine.state.SupplyInvariantViolation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kairos.engine.execution.ExecutionFixtures.PROPOSER;
import static io.kairos.engine.execution.ExecutionFixtures.REWARD;
import static io.kairos.engine.execution.ExecutionFixtures.address;
import static io.kairos.engine.execution.ExecutionFixtures.block;
import static io.kairos.engine.execution.ExecutionFixtures.buffer;
import static io.kairos.engine.execution.ExecutionFixtures.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockExecutorTest {
    private static final Address ALICE = address(1);
    private static final Address BOB = address(2);
    private static final Address CAROL = address(0x33);

    private Genesis genesis;
    private BlockExecutor executor;
    private LedgerState state;

    @BeforeEach
    void setUp() {
        genesis = ExecutionFixtures.genesis(1_000, 50);
        executor = ExecutionFixtures.executor(genesis, 99);
        state = executor.state();
    }

    private ReceiptStatus one(final long height, final ExecutionFixtures.Transfer t) {
        return block(executor, height, PROPOSER, List.of(t)).getFirst();
    }

    private List<LedgerState.Account> snapshotWithoutProposer() {
        return state.accountsSorted().stream().filter(a -> !a.address().equals(PROPOSER)).toList();
    }

    @Test
    void aTransferMovesTheAmountPaysTheFeeToTheProposerAndAdvancesTheNonce() {
        assertEquals(ReceiptStatus.SUCCESS, one(1, new ExecutionFixtures.Transfer(ALICE, BOB, 0, 300, 7)));
        assertEquals(1_000 - 307, state.balance(ALICE));
        assertEquals(50 + 300, state.balance(BOB));
        assertEquals(7 + REWARD, state.balance(PROPOSER));
        assertEquals(1, state.nonce(ALICE));
        assertEquals(0, state.nonce(BOB));
        assertEquals(7, executor.receipts().feeCharged(0));
        assertEquals(genesis.totalSupply() + REWARD, executor.auditSupply());

        assertEquals(ReceiptStatus.SUCCESS, one(2, new ExecutionFixtures.Transfer(ALICE, BOB, 1, 0, 0)));
        assertEquals(2, state.nonce(ALICE));
        assertEquals(7 + 2 * REWARD, state.balance(PROPOSER));
    }

    @Test
    void aWrongNonceIsRefusedAndChangesNothing() {
        final List<LedgerState.Account> before = snapshotWithoutProposer();
        assertEquals(ReceiptStatus.NONCE_MISMATCH, one(1, new ExecutionFixtures.Transfer(ALICE, BOB, 1, 10, 1)));
        assertEquals(before, snapshotWithoutProposer());
        assertEquals(0, executor.receipts().feeCharged(0));
        assertEquals(REWARD, state.balance(PROPOSER));

        one(2, new ExecutionFixtures.Transfer(ALICE, BOB, 0, 10, 1));
        final List<LedgerState.Account> after = snapshotWithoutProposer();
        assertEquals(ReceiptStatus.NONCE_MISMATCH, one(3, new ExecutionFixtures.Transfer(ALICE, BOB, 0, 10, 1)),
            "a used nonce is refused too");
        assertEquals(after, snapshotWithoutProposer());
    }

    @Test
    void theBalanceMustCoverAmountPlusFeeExactly() {
        final List<LedgerState.Account> before = snapshotWithoutProposer();
        assertEquals(ReceiptStatus.INSUFFICIENT_BALANCE,
            one(1, new ExecutionFixtures.Transfer(ALICE, BOB, 0, 991, 10)));
        assertEquals(before, snapshotWithoutProposer());
        assertEquals(0, state.nonce(ALICE), "a refused transfer does not use its nonce");
        assertEquals(ReceiptStatus.SUCCESS, one(2, new ExecutionFixtures.Transfer(ALICE, BOB, 0, 990, 10)));
        assertEquals(0, state.balance(ALICE));
    }

    @Test
    void amountPlusFeeThatOverflowsIsInsufficientNotNegative() {
        final Address treasury = ExecutionFixtures.TREASURY;
        final long rich = state.balance(treasury);
        assertEquals(ReceiptStatus.INSUFFICIENT_BALANCE,
            one(1, new ExecutionFixtures.Transfer(treasury, BOB, 0, Long.MAX_VALUE, 1)));
        assertEquals(ReceiptStatus.INSUFFICIENT_BALANCE,
            one(2, new ExecutionFixtures.Transfer(treasury, BOB, 0, Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2 + 1)));
        assertEquals(ReceiptStatus.INSUFFICIENT_BALANCE,
            one(3, new ExecutionFixtures.Transfer(treasury, BOB, 0, rich, 1)));
        assertEquals(rich, state.balance(treasury));
        assertEquals(50, state.balance(BOB));
        executor.auditSupply();
    }

    @Test
    void aSelfTransferCostsOnlyTheFee() {
        assertEquals(ReceiptStatus.SUCCESS, one(1, new ExecutionFixtures.Transfer(ALICE, ALICE, 0, 600, 3)));
        assertEquals(997, state.balance(ALICE));
        assertEquals(1, state.nonce(ALICE));
        assertEquals(ReceiptStatus.INSUFFICIENT_BALANCE,
            one(2, new ExecutionFixtures.Transfer(ALICE, ALICE, 1, 997, 1)),
            "the whole amount plus fee must be covered even when it comes straight back");
    }

    @Test
    void aTransferToANewAccountCreatesIt() {
        final int accounts = state.accountCount();
        assertEquals(ReceiptStatus.SUCCESS, one(1, new ExecutionFixtures.Transfer(ALICE, CAROL, 0, 40, 1)));
        assertEquals(40, state.balance(CAROL));
        assertEquals(0, state.nonce(CAROL));
        assertEquals(accounts + 2, state.accountCount(), "the recipient and the proposer are new");
        assertEquals(ReceiptStatus.SUCCESS, one(2, new ExecutionFixtures.Transfer(CAROL, ALICE, 0, 39, 1)));
        assertEquals(0, state.balance(CAROL));
        assertEquals(1, state.nonce(CAROL));
    }

    @Test
    void anUnknownSenderHasNothingToSpend() {
        final int accounts = state.accountCount();
        assertEquals(ReceiptStatus.INSUFFICIENT_BALANCE, one(1, new ExecutionFixtures.Transfer(CAROL, BOB, 0, 1, 0)));
        assertEquals(ReceiptStatus.NONCE_MISMATCH, one(2, new ExecutionFixtures.Transfer(CAROL, BOB, 3, 0, 0)));
        assertEquals(accounts + 1, state.accountCount(), "only the proposer was created");
    }

    @Test
    void theProposerEarnsFeesAndTheRewardEvenWhenItSendsInItsOwnBlock() {
        final ExecutionFixtures.Transfer t = new ExecutionFixtures.Transfer(ALICE, BOB, 0, 100, 20);
        final List<ReceiptStatus> statuses = block(executor, 1, ALICE, List.of(t,
            new ExecutionFixtures.Transfer(ALICE, BOB, 1, 900, 0),
            new ExecutionFixtures.Transfer(ALICE, BOB, 2, 1, 0)));
        assertEquals(List.of(ReceiptStatus.SUCCESS, ReceiptStatus.SUCCESS, ReceiptStatus.INSUFFICIENT_BALANCE),
            statuses, "the fee of the first transfer came back to the proposer before the second");
        assertEquals(0 + REWARD, state.balance(ALICE));
        assertEquals(genesis.totalSupply() + REWARD, executor.auditSupply());
    }

    @Test
    void typesOtherThanTransferAreUnsupportedAndChangeNothing() {
        final List<LedgerState.Account> before = snapshotWithoutProposer();
        final List<ReceiptStatus> statuses = block(executor, 1, PROPOSER, List.of(
            new ExecutionFixtures.Transfer(ALICE, BOB, 0, 1, 1, TxType.STAKE),
            new ExecutionFixtures.Transfer(ALICE, BOB, 0, 1, 1, TxType.JOB_POST)));
        assertEquals(List.of(ReceiptStatus.UNSUPPORTED_TYPE, ReceiptStatus.UNSUPPORTED_TYPE), statuses);
        assertEquals(before, snapshotWithoutProposer());
    }

    @Test
    void receiptsRecordHashHeightIndexStatusAndFee() {
        final ExecutionFixtures.Transfer ok = new ExecutionFixtures.Transfer(ALICE, BOB, 0, 5, 2);
        final ExecutionFixtures.Transfer bad = new ExecutionFixtures.Transfer(BOB, ALICE, 9, 5, 2);
        block(executor, 4, PROPOSER, List.of(ok, bad));
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[512]);
        final TransactionView view = new TransactionView();
        final Hash okHash = Hash.read(encode(ok, scratch, view), 0);
        final Hash badHash = Hash.read(encode(bad, scratch, view), 0);
        final ReceiptBuffer receipts = executor.receipts();
        assertEquals(2, receipts.count());
        assertEquals(new Receipt(okHash, 4, 0, ReceiptStatus.SUCCESS, 2), receipts.receipt(0));
        assertEquals(new Receipt(badHash, 4, 1, ReceiptStatus.NONCE_MISMATCH, 0), receipts.receipt(1));
        assertThrows(IllegalArgumentException.class, () -> receipts.status(2));
    }

    @Test
    void theSupplyIsGenesisPlusRewardsAfterEveryBlock() {
        for (int h = 1; h <= 10; h++) {
            block(executor, h, address(h % 3 + 1), List.of(new ExecutionFixtures.Transfer(ALICE, BOB, h - 1, 1, 1)));
            assertEquals(genesis.totalSupply() + h * REWARD, executor.auditSupply());
            assertEquals(genesis.totalSupply() + h * REWARD, executor.expectedSupply());
        }
        assertEquals(10 * REWARD, executor.rewardsMinted());
        assertEquals(10, executor.lastHeight());
    }

    @Test
    void mintingOutsideTheRulesStopsTheBlock() {
        block(executor, 1, PROPOSER, List.of());
        state.credit(state.find(buffer(BOB), 0), 1);
        final SupplyInvariantViolation e = assertThrows(SupplyInvariantViolation.class,
            () -> block(executor, 2, PROPOSER, List.of()));
        assertTrue(e.getMessage().contains("expected genesis supply plus rewards"), e.getMessage());
    }

    @Test
    void aCorruptedBalanceIsCaughtByTheAudit() {
        block(executor, 1, PROPOSER, List.of(new ExecutionFixtures.Transfer(ALICE, BOB, 0, 1, 1)));
        StateTestHooks.corruptBalance(state, BOB, 1_000_000);
        final SupplyInvariantViolation e = assertThrows(SupplyInvariantViolation.class, executor::auditSupply);
        assertTrue(e.getMessage().contains("running total"), e.getMessage());
    }

    @Test
    void aStateOfAnotherGenesisIsRefusedAtConstruction() {
        final Genesis other = ExecutionFixtures.genesis(1_000, 50);
        final LedgerState s = LedgerState.fromGenesis(other, 1);
        s.credit(s.find(buffer(ALICE), 0), 1);
        assertThrows(SupplyInvariantViolation.class, () -> new BlockExecutor(other, s));
    }

    @Test
    void callsOutOfSequenceAreTypedErrorsThatChangeNothing() {
        final UnsafeBuffer hash = new UnsafeBuffer(new byte[32]);
        final TransactionView view = new TransactionView();
        final UnsafeBuffer tx = new UnsafeBuffer(new byte[512]);
        encode(new ExecutionFixtures.Transfer(ALICE, BOB, 0, 1, 1), tx, view);

        assertError(ExecutionError.BLOCK_SEQUENCE, () -> executor.execute(view, buffer(ALICE), 0, hash, 0));
        assertError(ExecutionError.BLOCK_SEQUENCE, executor::endBlock);
        assertError(ExecutionError.TOO_MANY_TRANSACTIONS,
            () -> executor.beginBlock(1, PROPOSER, ExecutionFixtures.MAX_BLOCK_TXS + 1));
        assertError(ExecutionError.TOO_MANY_TRANSACTIONS, () -> executor.beginBlock(1, PROPOSER, -1));
        assertFalse(executor.blockOpen());

        executor.beginBlock(5, PROPOSER, 1);
        assertError(ExecutionError.BLOCK_SEQUENCE, () -> executor.beginBlock(6, PROPOSER, 0));
        assertError(ExecutionError.BLOCK_SEQUENCE, executor::endBlock);
        assertEquals(ReceiptStatus.SUCCESS, executor.execute(view, buffer(ALICE), 0, hash, 0));
        assertError(ExecutionError.BLOCK_SEQUENCE, () -> executor.execute(view, buffer(ALICE), 0, hash, 0));
        executor.endBlock();
        assertEquals(999 - 1, state.balance(ALICE));

        assertError(ExecutionError.HEIGHT_NOT_INCREASING, () -> executor.beginBlock(5, PROPOSER, 0));
        executor.beginBlock(6, PROPOSER, 1);
        view.wrap(tx, 0, 10);
        final ExecutionException e = assertError(ExecutionError.INVALID_TRANSACTION_VIEW,
            () -> executor.execute(view, buffer(ALICE), 0, hash, 0));
        assertEquals("INVALID_TRANSACTION_VIEW", e.code());
        assertEquals(0, executor.receipts().count());
    }

    private static ExecutionException assertError(final ExecutionError expected,
                                                  final org.junit.jupiter.api.function.Executable call) {
        final ExecutionException e = assertThrows(ExecutionException.class, call);
        assertEquals(expected, e.error(), e.getMessage());
        return e;
    }
}
