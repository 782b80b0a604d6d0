package io.kairos.bench.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.execution.ReceiptStatus;
import io.kairos.engine.genesis.Allocation;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.TransactionView;
import io.kairos.engine.ledger.TxType;
import org.agrona.collections.Object2ObjectHashMap;

/**
 * E1's baseline: the same transfer rules written the straightforward way, an Agrona
 * {@code Object2ObjectHashMap} from {@link Address} to a mutable account object, the recipient decoded
 * into a new {@code Address} per transaction. It records receipts and checks the supply per block as
 * {@link io.kairos.engine.execution.BlockExecutor} does, so both do the same work. One thread.
 */
final class NaiveLedger {
    static final class Account {
        long balance;
        long nonce;
    }

    private final Object2ObjectHashMap<Address, Account> accounts;
    private final long blockReward;
    private final long bondedStake;
    private final ReceiptStatus[] statuses;
    private final long[] fees;
    private long totalBalances;
    private long expectedSupply;
    private Address proposer;
    private int count;

    NaiveLedger(final Genesis genesis) {
        accounts = new Object2ObjectHashMap<>(genesis.allocations().size() * 2, 0.6f);
        for (final Allocation a : genesis.allocations()) {
            account(a.address()).balance = a.balance();
            totalBalances += a.balance();
        }
        blockReward = genesis.blockReward();
        bondedStake = genesis.totalStake();
        expectedSupply = genesis.totalSupply();
        statuses = new ReceiptStatus[genesis.maxBlockTransactions()];
        fees = new long[genesis.maxBlockTransactions()];
    }

    private Account account(final Address address) {
        Account a = accounts.get(address);
        if (a == null) {
            a = new Account();
            accounts.put(address, a);
        }
        return a;
    }

    void beginBlock(final Address blockProposer) {
        proposer = blockProposer;
        account(blockProposer);
        count = 0;
    }

    ReceiptStatus execute(final TransactionView tx, final Address sender) {
        final ReceiptStatus status = transfer(tx, sender);
        statuses[count] = status;
        fees[count] = status == ReceiptStatus.SUCCESS ? tx.fee() : 0;
        count++;
        return status;
    }

    private ReceiptStatus transfer(final TransactionView tx, final Address sender) {
        if (tx.type() != TxType.TRANSFER) {
            return ReceiptStatus.UNSUPPORTED_TYPE;
        }
        final Account from = accounts.get(sender);
        final long nonce = from == null ? 0 : from.nonce;
        if (tx.nonce() != nonce) {
            return ReceiptStatus.NONCE_MISMATCH;
        }
        final long cost;
        try {
            cost = Math.addExact(tx.amount(), tx.fee());
        } catch (final ArithmeticException overflow) {
            return ReceiptStatus.INSUFFICIENT_BALANCE;
        }
        if ((from == null ? 0 : from.balance) < cost) {
            return ReceiptStatus.INSUFFICIENT_BALANCE;
        }
        final Account payer = from == null ? account(sender) : from;
        payer.balance -= cost;
        payer.nonce++;
        account(tx.recipient()).balance += tx.amount();
        accounts.get(proposer).balance += tx.fee();
        return ReceiptStatus.SUCCESS;
    }

    void endBlock() {
        accounts.get(proposer).balance += blockReward;
        totalBalances += blockReward;
        expectedSupply += blockReward;
        if (totalBalances + bondedStake != expectedSupply) {
            throw new IllegalStateException("supply mismatch");
        }
    }

    long balance(final Address address) {
        final Account a = accounts.get(address);
        return a == null ? 0 : a.balance;
    }

    long nonce(final Address address) {
        final Account a = accounts.get(address);
        return a == null ? 0 : a.nonce;
    }
}
