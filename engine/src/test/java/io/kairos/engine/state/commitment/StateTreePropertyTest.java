package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kairos.engine.state.commitment.StateTreeTest.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateTreePropertyTest {
    /** One step: set account {@code who} (from a small pool, so steps revisit accounts) or read the root. */
    record Op(int who, long balance, long nonce, boolean commit) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<Op> op = Combinators.combine(
            Arbitraries.integers().between(0, 40),
            Arbitraries.longs().between(0, Long.MAX_VALUE).edgeCases(c -> c.includeOnly(0L, Long.MAX_VALUE)),
            Arbitraries.longs().between(0, 5),
            Arbitraries.integers().between(0, 9).map(x -> x == 0)).as(Op::new);
        return op.list().ofMaxSize(120);
    }

    @Provide
    Arbitrary<Map<Address, ReferenceStateRoot.Account>> accountSets() {
        final Arbitrary<Address> address = Arbitraries.bytes().array(byte[].class).ofSize(Address.LENGTH)
            .map(Address::of);
        final Arbitrary<ReferenceStateRoot.Account> value = Combinators.combine(
            Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(ReferenceStateRoot.Account::new);
        return Arbitraries.maps(address, value).ofMaxSize(80);
    }

    @Property(tries = 200)
    void incrementalRootEqualsAFreshBuildAndTheReference(@ForAll("ops") final List<Op> ops) {
        final StateTree tree = new StateTree();
        final Map<Address, ReferenceStateRoot.Account> model = new HashMap<>();
        for (final Op op : ops) {
            tree.update(addr(op.who()), op.balance(), op.nonce());
            model.put(addr(op.who()), new ReferenceStateRoot.Account(op.balance(), op.nonce()));
            if (op.commit()) {
                assertEquals(ReferenceStateRoot.root(model), tree.root());
            }
        }
        final Hash expected = ReferenceStateRoot.root(model);
        assertEquals(expected, tree.root());
        assertEquals(expected, StateTree.fromAccounts(StateTreeTest.accounts(model)).root());
        assertEquals(model.size(), tree.size());
    }

    @Property(tries = 200)
    void rootDoesNotDependOnInsertionOrder(@ForAll("accountSets") final Map<Address, ReferenceStateRoot.Account> set,
                                           @ForAll final long seed) {
        final List<Address> order = new ArrayList<>(set.keySet());
        final StateTree a = new StateTree();
        for (final Address address : order) {
            a.update(address, set.get(address).balance(), set.get(address).nonce());
        }
        Collections.shuffle(order, new Random(seed));
        final StateTree b = new StateTree();
        for (final Address address : order) {
            b.update(address, 0, 0);
        }
        for (final Address address : order) {
            b.update(address, set.get(address).balance(), set.get(address).nonce());
        }
        assertEquals(a.root(), b.root());
        assertEquals(ReferenceStateRoot.root(set), a.root());
    }

    @Property(tries = 200)
    void everyProofVerifiesForWhatItShowsAndNothingElse(
        @ForAll("accountSets") final Map<Address, ReferenceStateRoot.Account> set,
        @ForAll @IntRange(min = 0, max = 1_000) final int probe) {
        final Map<Address, ReferenceStateRoot.Account> ordered = new LinkedHashMap<>(set);
        final StateTree tree = StateTree.fromAccounts(StateTreeTest.accounts(ordered));
        final Hash root = tree.root();
        for (final Map.Entry<Address, ReferenceStateRoot.Account> e : ordered.entrySet()) {
            final Proof p = Proof.decode(tree.prove(e.getKey()).encode());
            assertEquals(new ProofVerifier.Result(true, true, e.getValue().balance(), e.getValue().nonce()),
                ProofVerifier.verify(root, e.getKey(), p));
        }
        final Address absent = addr(probe);
        if (!set.containsKey(absent)) {
            final Proof p = Proof.decode(tree.prove(absent).encode());
            assertTrue(ProofVerifier.verifyExclusion(root, absent, p));
            for (final Address present : set.keySet()) {
                assertEquals(ProofVerifier.Result.INVALID, ProofVerifier.verify(root, present, p));
            }
        }
    }
}
