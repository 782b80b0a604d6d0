package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.state.LedgerState;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StateTreeTest {
    static Address addr(final int i) {
        return Address.of(ByteBuffer.allocate(Address.LENGTH).putInt(16, i).array());
    }

    @Test
    void emptyRootIsTheDocumentedConstant() {
        assertEquals(Hash.fromHex("0x" + java.util.HexFormat.of().formatHex(ReferenceStateRoot.empty())),
            StateTree.EMPTY_ROOT);
        assertEquals(Hash.fromHex("0xd3e38dfb640408c3108f8eb0fe00093cc62a6a68d92297721a929d9fed3a2ebd"),
            StateTree.EMPTY_ROOT);
        assertEquals(StateTree.EMPTY_ROOT, new StateTree().root());
        assertEquals(StateTree.EMPTY_ROOT, StateTree.fromAccounts(List.of()).root());
    }

    @Test
    void oneAccountRootIsItsLeaf() {
        final StateTree tree = new StateTree();
        tree.update(addr(7), 1_000, 3);
        assertEquals(Hash.of(ReferenceStateRoot.leaf(addr(7), 1_000, 3)), tree.root());
    }

    @Test
    void insertAndUpdateChangeTheRootAndRevertingRestoresIt() {
        final StateTree tree = new StateTree();
        tree.update(addr(1), 10, 0);
        final Hash one = tree.root();
        tree.update(addr(2), 20, 0);
        final Hash two = tree.root();
        assertNotEquals(one, two);
        tree.update(addr(2), 21, 0);
        final Hash changedBalance = tree.root();
        assertNotEquals(two, changedBalance);
        tree.update(addr(2), 20, 1);
        assertNotEquals(two, tree.root());
        assertNotEquals(changedBalance, tree.root());
        tree.update(addr(2), 20, 0);
        assertEquals(two, tree.root());
        assertEquals(2, tree.size());
    }

    @Test
    void zeroAccountIsAnOrdinaryLeafNotAnAbsence() {
        final StateTree tree = new StateTree();
        tree.update(addr(1), 10, 0);
        final Hash before = tree.root();
        tree.update(addr(2), 0, 0);
        assertNotEquals(before, tree.root());
        final ProofVerifier.Result r = ProofVerifier.verify(tree.root(), addr(2), tree.prove(addr(2)));
        assertEquals(new ProofVerifier.Result(true, true, 0, 0), r);
    }

    @Test
    void negativeValuesAndDuplicatesAreRefused() {
        final StateTree tree = new StateTree();
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> tree.update(addr(1), -1, 0)).error());
        assertEquals(ValidationError.INVALID_AMOUNT,
            assertThrows(ValidationException.class, () -> tree.update(addr(1), 0, -1)).error());
        assertEquals(ValidationError.INVALID_VALUE,
            assertThrows(ValidationException.class, () -> tree.update(null, 0, 0)).error());
        assertEquals(ValidationError.INVALID_VALUE, assertThrows(ValidationException.class,
            () -> StateTree.fromAccounts(List.of(new LedgerState.Account(addr(1), 1, 0),
                new LedgerState.Account(addr(1), 2, 0)))).error());
        assertEquals(StateTree.EMPTY_ROOT, tree.root());
    }

    @Test
    void aHundredThousandAccountsIncrementalAgreesWithBulkAndReference() {
        final int n = 100_000;
        final Random random = new Random(42);
        final Map<Address, ReferenceStateRoot.Account> model = new HashMap<>();
        final StateTree incremental = new StateTree();
        for (int i = 0; i < n; i++) {
            final long balance = random.nextLong(1L << 50);
            incremental.update(addr(i), balance, i % 7);
            model.put(addr(i), new ReferenceStateRoot.Account(balance, i % 7));
        }
        final Hash first = incremental.root();
        assertEquals(ReferenceStateRoot.root(model), first);
        assertEquals(first, StateTree.fromAccounts(accounts(model)).root());

        for (int i = 0; i < 1_000; i++) {
            final Address a = addr(random.nextInt(n + 500));
            final long balance = random.nextLong(1L << 50);
            incremental.update(a, balance, i);
            model.put(a, new ReferenceStateRoot.Account(balance, i));
        }
        final Hash second = incremental.root();
        assertNotEquals(first, second);
        assertEquals(model.size(), incremental.size());
        assertEquals(StateTree.fromAccounts(accounts(model)).root(), second);
        assertEquals(ReferenceStateRoot.root(model), second);

        for (int i = 0; i < 200; i++) {
            final Address present = addr(random.nextInt(n));
            final ReferenceStateRoot.Account v = model.get(present);
            assertEquals(new ProofVerifier.Result(true, true, v.balance(), v.nonce()),
                ProofVerifier.verify(second, present, Proof.decode(incremental.prove(present).encode())));
            final Address absent = addr(n + 1_000 + i);
            assertEquals(ProofVerifier.Result.ABSENT,
                ProofVerifier.verify(second, absent, Proof.decode(incremental.prove(absent).encode())));
        }
    }

    static List<LedgerState.Account> accounts(final Map<Address, ReferenceStateRoot.Account> model) {
        final List<LedgerState.Account> list = new ArrayList<>();
        model.forEach((a, v) -> list.add(new LedgerState.Account(a, v.balance(), v.nonce())));
        return list;
    }
}
