package io.kairos.engine.execution;

import io.kairos.engine.core.Address;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.state.LedgerState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random blocks of random transfers, many of them invalid (wrong nonces, overspends, amounts near
 * {@link Long#MAX_VALUE}, unknown senders, new recipients), checked against a plain reference model
 * of the rules, for conservation of supply, for non-negative balances and for determinism.
 */
class ExecutionPropertiesTest {
    /** One generated transaction, by role; turned into addresses and a nonce when its block is built. */
    record Spec(int sender, int recipient, int nonceOffset, long amount, long fee) {
    }

    record Scenario(long[] balances, List<List<Spec>> blocks, List<Integer> proposers) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        final Arbitrary<long[]> balances = Arbitraries.longs().between(1, 10_000).array(long[].class).ofMinSize(2)
            .ofMaxSize(6);
        final Arbitrary<Long> amounts = Arbitraries.oneOf(
            Arbitraries.longs().between(0, 3_000),
            Arbitraries.longs().between(Long.MAX_VALUE - 10, Long.MAX_VALUE),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.of(0L, 1L, 999_999_999_999_999_999L));
        final Arbitrary<Long> fees = Arbitraries.oneOf(Arbitraries.longs().between(0, 50),
            Arbitraries.longs().between(Long.MAX_VALUE - 5, Long.MAX_VALUE));
        final Arbitrary<Integer> nonceOffsets = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.just(0),
            Arbitraries.just(0), Arbitraries.integers().between(-2, 3));
        // Roles: 0..5 funded accounts (wrapped to the genesis size), 6 the treasury, 7 a stranger,
        // 8 a fresh address per transaction (recipients only).
        final Arbitrary<Spec> specs = Combinators.combine(Arbitraries.integers().between(0, 7),
            Arbitraries.integers().between(0, 8), nonceOffsets, amounts, fees).as(Spec::new);
        final Arbitrary<List<List<Spec>>> blocks = specs.list().ofMaxSize(ExecutionFixtures.MAX_BLOCK_TXS / 4)
            .list().ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(balances, blocks, Arbitraries.integers().between(0, 7).list().ofSize(8))
            .as(Scenario::new);
    }

    private static Address role(final int role, final int funded, final int fresh) {
        if (role < 6) {
            return ExecutionFixtures.address(role % funded + 1);
        }
        return switch (role) {
            case 6 -> ExecutionFixtures.TREASURY;
            case 7 -> ExecutionFixtures.address(0x55);
            default -> ExecutionFixtures.address(0x80 + fresh % 0x70);
        };
    }

    /** The rules written as plainly as possible, over a HashMap. */
    private static final class Model {
        final Map<Address, long[]> accounts = new HashMap<>();

        long balance(final Address a) {
            return accounts.getOrDefault(a, new long[2])[0];
        }

        long nonce(final Address a) {
            return accounts.getOrDefault(a, new long[2])[1];
        }

        ReceiptStatus apply(final ExecutionFixtures.Transfer t, final Address proposer) {
            if (t.nonce() != nonce(t.sender())) {
                return ReceiptStatus.NONCE_MISMATCH;
            }
            final java.math.BigInteger cost = java.math.BigInteger.valueOf(t.amount()).add(
                java.math.BigInteger.valueOf(t.fee()));
            if (cost.compareTo(java.math.BigInteger.valueOf(balance(t.sender()))) > 0) {
                return ReceiptStatus.INSUFFICIENT_BALANCE;
            }
            account(t.sender())[0] -= t.amount() + t.fee();
            account(t.sender())[1]++;
            account(t.recipient())[0] += t.amount();
            account(proposer)[0] += t.fee();
            return ReceiptStatus.SUCCESS;
        }

        long[] account(final Address a) {
            return accounts.computeIfAbsent(a, k -> new long[2]);
        }
    }

    record Executed(List<List<ExecutionFixtures.Transfer>> blocks, List<List<ReceiptStatus>> statuses) {
    }

    /** Runs the scenario, checking each block against the model; returns the blocks as executed. */
    private static Executed run(final Scenario s, final BlockExecutor executor, final Genesis genesis) {
        final Model model = new Model();
        for (final LedgerState.Account a : executor.state().accountsSorted()) {
            model.account(a.address())[0] = a.balance();
        }
        final int funded = s.balances().length;
        final List<List<ExecutionFixtures.Transfer>> executed = new ArrayList<>();
        final List<List<ReceiptStatus>> statuses = new ArrayList<>();
        int fresh = 0;
        for (int b = 0; b < s.blocks().size(); b++) {
            final Address proposer = role(s.proposers().get(b), funded, 0);
            final List<ExecutionFixtures.Transfer> block = new ArrayList<>();
            final List<ReceiptStatus> expected = new ArrayList<>();
            for (final Spec spec : s.blocks().get(b)) {
                final Address sender = role(spec.sender(), funded, 0);
                final Address recipient = role(spec.recipient(), funded, fresh++);
                final long nonce = Math.max(0, model.nonce(sender) + spec.nonceOffset());
                final ExecutionFixtures.Transfer t = new ExecutionFixtures.Transfer(sender, recipient, nonce,
                    spec.amount(), spec.fee());
                block.add(t);
                expected.add(model.apply(t, proposer));
            }
            model.account(proposer)[0] += ExecutionFixtures.REWARD;
            final List<ReceiptStatus> actual = ExecutionFixtures.block(executor, b + 1, proposer, block);
            assertEquals(expected, actual, "block " + (b + 1));
            executed.add(block);
            statuses.add(actual);

            assertEquals(genesis.totalSupply() + (b + 1) * ExecutionFixtures.REWARD, executor.auditSupply());
            assertEquals(model.accounts.size(), executor.state().accountCount());
            for (final LedgerState.Account a : executor.state().accountsSorted()) {
                assertTrue(a.balance() >= 0, a.toString());
                assertEquals(model.balance(a.address()), a.balance(), a.address().toString());
                assertEquals(model.nonce(a.address()), a.nonce(), a.address().toString());
            }
        }
        return new Executed(executed, statuses);
    }

    @Property(tries = 150)
    void randomBlocksFollowTheRulesConserveSupplyAndReplayIdentically(@ForAll("scenarios") final Scenario s,
                                                                      @ForAll final long seedA,
                                                                      @ForAll final long seedB) {
        final Genesis genesis = ExecutionFixtures.genesis(s.balances());
        final BlockExecutor first = ExecutionFixtures.executor(genesis, seedA);
        final Executed executed = run(s, first, genesis);
        final List<List<ExecutionFixtures.Transfer>> blocks = executed.blocks();

        // Replay on a fresh state with another hash seed (and a table that must grow): same
        // receipts, same accounts, same supply.
        final BlockExecutor replay = new BlockExecutor(genesis, LedgerState.fromGenesis(genesis, seedB, 1));
        for (int b = 0; b < blocks.size(); b++) {
            final Address proposer = role(s.proposers().get(b), s.balances().length, 0);
            final List<ReceiptStatus> statuses = ExecutionFixtures.block(replay, b + 1, proposer, blocks.get(b));
            assertEquals(executed.statuses().get(b), statuses, "block " + (b + 1));
        }
        assertEquals(first.state().accountsSorted(), replay.state().accountsSorted());
        assertEquals(first.auditSupply(), replay.auditSupply());
    }
}
