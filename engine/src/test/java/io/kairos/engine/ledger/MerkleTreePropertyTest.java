package io.kairos.engine.ledger;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MerkleTreePropertyTest {
    private static final List<Hash> ALPHABET = List.of(
        Hashing.hash(Hashing.Domain.TRANSACTION, new byte[] {1}),
        Hashing.hash(Hashing.Domain.TRANSACTION, new byte[] {2}),
        Hashing.hash(Hashing.Domain.TRANSACTION, new byte[] {3}));

    @Provide
    Arbitrary<List<Hash>> lists() {
        return LedgerArbitraries.hashes().list().ofMaxSize(40);
    }

    /** Lists over three hashes: small enough that near-misses such as [a,b,c] and [a,b,c,c] come up often. */
    @Provide
    Arbitrary<List<Hash>> smallAlphabetLists() {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(9);
    }

    @Property(tries = 300)
    void agreesWithARecursiveReference(@ForAll("lists") final List<Hash> txHashes) {
        assertEquals(reference(txHashes), MerkleTree.root(txHashes));
    }

    @Property(tries = 500)
    void differentListsGiveDifferentRoots(@ForAll("smallAlphabetLists") final List<Hash> a,
                                          @ForAll("smallAlphabetLists") final List<Hash> b) {
        Assume.that(!a.equals(b));
        assertNotEquals(MerkleTree.root(a), MerkleTree.root(b));
    }

    /** The rule written the obvious way, level by level over values, independent of the in-place code. */
    private static Hash reference(final List<Hash> txHashes) {
        if (txHashes.isEmpty()) {
            return Hashing.hash(Hashing.Domain.MERKLE_NODE);
        }
        List<Hash> level = new ArrayList<>();
        for (final Hash h : txHashes) {
            level.add(Hashing.hash(Hashing.Domain.MERKLE_LEAF, h.toByteArray()));
        }
        while (level.size() > 1) {
            final List<Hash> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size()
                    ? Hashing.hash(Hashing.Domain.MERKLE_NODE, level.get(i).toByteArray(),
                        level.get(i + 1).toByteArray())
                    : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }
}
