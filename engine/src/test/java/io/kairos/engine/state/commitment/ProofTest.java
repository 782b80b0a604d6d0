package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.kairos.engine.state.commitment.StateTreeTest.addr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProofTest {
    private static final int ACCOUNTS = 64;
    private StateTree tree;
    private Hash root;

    @BeforeEach
    void fill() {
        tree = new StateTree();
        for (int i = 0; i < ACCOUNTS; i++) {
            tree.update(addr(i), 1_000L * i, i);
        }
        root = tree.root();
    }

    @Test
    void inclusionVerifiesWithTheRightValuesOnly() {
        for (int i = 0; i < ACCOUNTS; i++) {
            final Proof p = tree.prove(addr(i));
            assertEquals(Proof.Kind.INCLUSION, p.kind());
            assertEquals(new ProofVerifier.Result(true, true, 1_000L * i, i), ProofVerifier.verify(root, addr(i), p));
            assertTrue(ProofVerifier.verifyInclusion(root, addr(i), 1_000L * i, i, p));
            assertFalse(ProofVerifier.verifyInclusion(root, addr(i), 1_000L * i + 1, i, p));
            assertFalse(ProofVerifier.verifyInclusion(root, addr(i), 1_000L * i, i + 1, p));
            assertFalse(ProofVerifier.verifyExclusion(root, addr(i), p));
            assertFalse(ProofVerifier.verify(root, addr(i + 1), p).valid(), "another address's proof");
        }
    }

    @Test
    void aProofAgainstTheWrongRootFails() {
        final Proof p = tree.prove(addr(3));
        final Hash other = new StateTree().root();
        assertFalse(ProofVerifier.verify(other, addr(3), p).valid());
        tree.update(addr(3), 1, 1);
        assertFalse(ProofVerifier.verify(tree.root(), addr(3), p).valid(), "stale proof after an update");
        assertTrue(ProofVerifier.verify(root, addr(3), p).valid());
    }

    @Test
    void exclusionVerifiesForAbsentAddressesOfBothKinds() {
        boolean sawEmpty = false;
        boolean sawLeaf = false;
        for (int i = ACCOUNTS; i < ACCOUNTS + 200; i++) {
            final Proof p = tree.prove(addr(i));
            assertTrue(ProofVerifier.verifyExclusion(root, addr(i), p), "absent " + i);
            assertEquals(ProofVerifier.Result.ABSENT, ProofVerifier.verify(root, addr(i), p.encode()));
            sawEmpty |= p.kind() == Proof.Kind.EXCLUSION_EMPTY;
            sawLeaf |= p.kind() == Proof.Kind.EXCLUSION_LEAF;
        }
        assertTrue(sawEmpty && sawLeaf, "both exclusion kinds exercised");
    }

    @Test
    void anExclusionProofCannotBeUsedForAPresentAddress() {
        for (int i = ACCOUNTS; i < ACCOUNTS + 50; i++) {
            final Proof absentProof = tree.prove(addr(i));
            for (int j = 0; j < ACCOUNTS; j++) {
                assertFalse(ProofVerifier.verifyExclusion(root, addr(j), absentProof));
            }
            final StateTree grown = copyPlus(i);
            assertFalse(ProofVerifier.verify(grown.root(), addr(i), absentProof).valid(),
                "an exclusion proof from before the insertion");
            assertTrue(ProofVerifier.verifyInclusion(grown.root(), addr(i), 5, 0, grown.prove(addr(i))));
        }
    }

    private StateTree copyPlus(final int extra) {
        final StateTree t = new StateTree();
        for (int i = 0; i < ACCOUNTS; i++) {
            t.update(addr(i), 1_000L * i, i);
        }
        t.update(addr(extra), 5, 0);
        return t;
    }

    @Test
    void exclusionLeafNamingTheAddressItselfIsRefused() {
        final StateTree single = new StateTree();
        single.update(addr(1), 9, 9);
        final Proof p = single.prove(addr(2));
        assertEquals(Proof.Kind.EXCLUSION_LEAF, p.kind());
        assertEquals(0, p.depth());
        assertEquals(addr(1), p.otherAddress());
        assertTrue(ProofVerifier.verifyExclusion(single.root(), addr(2), p));
        assertFalse(ProofVerifier.verify(single.root(), addr(1), p).valid());
    }

    @Test
    void emptyTreeExclusionIsFourBytes() {
        final Proof p = new StateTree().prove(addr(1));
        assertArrayEquals(new byte[] {1, 1, 0, 0}, p.encode());
        assertTrue(ProofVerifier.verifyExclusion(StateTree.EMPTY_ROOT, addr(1), p));
        assertFalse(ProofVerifier.verifyExclusion(root, addr(1), p));
    }

    @Test
    void encodingRoundTripsForEveryKind() {
        for (int i = 0; i < ACCOUNTS + 100; i++) {
            final Proof p = tree.prove(addr(i));
            final byte[] bytes = p.encode();
            assertEquals(p.encodedLength(), bytes.length);
            final Proof back = Proof.decode(bytes);
            assertEquals(p, back);
            assertArrayEquals(bytes, back.encode());
            for (int level = 0; level < p.depth(); level++) {
                assertEquals(p.sibling(level), back.sibling(level));
            }
        }
    }

    @Test
    void everySingleBitFlipIsRefusedOrFailsToVerify() {
        for (final int who : new int[] {5, ACCOUNTS + 1, ACCOUNTS + 2, ACCOUNTS + 3}) {
            final byte[] good = tree.prove(addr(who)).encode();
            assertTrue(ProofVerifier.verify(root, addr(who), good).valid());
            for (int i = 0; i < good.length; i++) {
                for (int b = 0; b < 8; b++) {
                    final byte[] bad = good.clone();
                    bad[i] ^= (byte) (1 << b);
                    try {
                        assertFalse(ProofVerifier.verify(root, addr(who), bad).valid(),
                            "flip of byte " + i + " bit " + b);
                    } catch (final ValidationException expected) {
                        // a refused encoding is as good as a failed verification
                    }
                }
            }
        }
    }

    @Test
    void malformedBytesGetTypedErrors() {
        final byte[] good = tree.prove(addr(5)).encode();
        assertEquals(ValidationError.TRUNCATED, error(null));
        for (int len = 0; len < good.length; len++) {
            assertEquals(ValidationError.TRUNCATED, error(Arrays.copyOf(good, len)), "prefix " + len);
        }
        assertEquals(ValidationError.TRAILING_BYTES, error(Arrays.copyOf(good, good.length + 1)));
        assertEquals(ValidationError.OVERSIZED, error(new byte[Proof.MAX_ENCODED_LENGTH + 1]));
        assertEquals(ValidationError.UNKNOWN_VERSION, error(with(good, 0, 2)));
        assertEquals(ValidationError.UNKNOWN_VERSION, error(with(good, 0, 0)));
        assertEquals(ValidationError.UNKNOWN_TYPE, error(with(good, 1, 3)));
        assertEquals(ValidationError.INVALID_VALUE, error(new byte[] {1, 1, 1, 1}));
        assertEquals(ValidationError.RESERVED_NOT_ZERO, error(new byte[] {1, 1, 1, 0, (byte) 0x02}));

        final byte[] explicitEmpty = new byte[4 + 1 + 32];
        explicitEmpty[0] = 1;
        explicitEmpty[1] = 1;
        explicitEmpty[2] = 1;
        explicitEmpty[4] = 1;
        System.arraycopy(ReferenceStateRoot.empty(), 0, explicitEmpty, 5, 32);
        assertEquals(ValidationError.INVALID_ENCODING, error(explicitEmpty));

        final byte[] negative = new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(ValidationError.INVALID_AMOUNT, error(negative));
        negative[11] = 0;
        assertEquals(Proof.Kind.INCLUSION, Proof.decode(negative).kind());
    }

    @Test
    void theLargestProofDecodesAndIsTheLimit() {
        final byte[] max = new byte[Proof.MAX_ENCODED_LENGTH];
        max[0] = 1;
        max[1] = 2;
        max[3] = 1;
        Arrays.fill(max, 4, 4 + 32, (byte) 0xFF);
        Arrays.fill(max, 4 + 32, 4 + 32 + 256 * 32, (byte) 0x11);
        final Proof p = Proof.decode(max);
        assertEquals(Proof.MAX_DEPTH, p.depth());
        assertEquals(Proof.Kind.EXCLUSION_LEAF, p.kind());
        assertArrayEquals(max, p.encode());
        assertFalse(ProofVerifier.verify(root, addr(1), p).valid());

        final byte[] allEmpty = new byte[4 + 32];
        allEmpty[0] = 1;
        allEmpty[1] = 1;
        allEmpty[3] = 1;
        final Proof deep = Proof.decode(allEmpty);
        assertEquals(Hash.of(ReferenceStateRoot.empty()), deep.sibling(255));
        assertFalse(ProofVerifier.verify(root, addr(1), deep).valid());
    }

    private static byte[] with(final byte[] src, final int index, final int value) {
        final byte[] copy = src.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static ValidationError error(final byte[] bytes) {
        return assertThrows(ValidationException.class, () -> Proof.decode(bytes)).error();
    }

    @Test
    void verifierNeverThrowsOnNulls() {
        final Proof p = tree.prove(addr(1));
        assertEquals(ProofVerifier.Result.INVALID, ProofVerifier.verify(null, addr(1), p));
        assertEquals(ProofVerifier.Result.INVALID, ProofVerifier.verify(root, (Address) null, p));
        assertEquals(ProofVerifier.Result.INVALID, ProofVerifier.verify(root, addr(1), (Proof) null));
    }
}
