package io.kairos.engine.ledger;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MerkleTreeTest {
    private static final Hash A = tx(1);
    private static final Hash B = tx(2);
    private static final Hash C = tx(3);
    private static final Hash D = tx(4);
    private static final Hash E = tx(5);

    private static Hash tx(final int i) {
        return Hashing.hash(Hashing.Domain.TRANSACTION, new byte[] {(byte) i});
    }

    private static Hash leaf(final Hash h) {
        return Hashing.hash(Hashing.Domain.MERKLE_LEAF, h.toByteArray());
    }

    private static Hash node(final Hash l, final Hash r) {
        return Hashing.hash(Hashing.Domain.MERKLE_NODE, l.toByteArray(), r.toByteArray());
    }

    @Test
    void emptyRootIsTheChildlessNode() {
        assertEquals(Hashing.hash(Hashing.Domain.MERKLE_NODE, new byte[0]), MerkleTree.root(List.of()));
        assertEquals(MerkleTree.EMPTY_ROOT, MerkleTree.root(List.of()));
        assertEquals("0xd18b2be62781fa06ccdc86d5667bbc16ff158cacd384e0666c61a208427efe68",
            MerkleTree.EMPTY_ROOT.toHex());
    }

    @Test
    void singleTransactionRootIsItsLeaf() {
        assertEquals(leaf(A), MerkleTree.root(List.of(A)));
        assertNotEquals(A, MerkleTree.root(List.of(A)));
    }

    @Test
    void oddLastNodeIsPromotedNotDuplicated() {
        assertEquals(node(node(leaf(A), leaf(B)), leaf(C)), MerkleTree.root(List.of(A, B, C)));
        assertEquals(node(node(node(leaf(A), leaf(B)), node(leaf(C), leaf(D))), leaf(E)),
            MerkleTree.root(List.of(A, B, C, D, E)));
    }

    @Test
    void duplicatingTheLastTransactionChangesTheRoot() {
        assertNotEquals(MerkleTree.root(List.of(A, B, C)), MerkleTree.root(List.of(A, B, C, C)));
        assertNotEquals(MerkleTree.root(List.of(A, B, C, D, E)), MerkleTree.root(List.of(A, B, C, D, E, E)));
    }

    @Test
    void anInnerNodeCannotPassForATransaction() {
        // The two-leaf root taken as a "transaction hash" must not reproduce the same root.
        final Hash ab = MerkleTree.root(List.of(A, B));
        assertNotEquals(ab, MerkleTree.root(List.of(ab)));
    }

    @Test
    void orderMatters() {
        assertNotEquals(MerkleTree.root(List.of(A, B)), MerkleTree.root(List.of(B, A)));
    }

    @Test
    void computeRootRefusesTooSmallAWorkArray() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.computeRoot(new byte[31], 1, new byte[32], 0));
    }
}
