package io.kairos.engine.ledger;

import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.List;

/**
 * The transactions root: a binary Merkle tree over transaction hashes.
 * <ul>
 *   <li>leaf = SHA-256(tag("kairos/merkle-leaf/v1") || tx hash)</li>
 *   <li>node = SHA-256(tag("kairos/merkle-node/v1") || left || right)</li>
 *   <li>each level pairs neighbours left to right; an odd last node is promoted to the next level
 *       unchanged (never paired with a copy of itself, which would let [a, b, c] and
 *       [a, b, c, c] share a root, as in Bitcoin)</li>
 *   <li>the root of no transactions is {@link #EMPTY_ROOT} = SHA-256(tag("kairos/merkle-node/v1")),
 *       a node with no children</li>
 * </ul>
 * Distinct tags for leaves and nodes mean an inner node can never pass for a leaf, so the root
 * fixes the tree's shape and with it the number and order of the transactions.
 *
 * <p>Stateless and thread-safe; {@link #computeRoot} is allocation-free given a work array.
 */
public final class MerkleTree {
    private static final byte[] LEAF_TAG = Hashing.Domain.MERKLE_LEAF.tag();
    private static final byte[] NODE_TAG = Hashing.Domain.MERKLE_NODE.tag();

    public static final Hash EMPTY_ROOT = Hashing.hash(Hashing.Domain.MERKLE_NODE, new byte[0]);

    private MerkleTree() {
    }

    /** The root over {@code txHashes} in order. */
    public static Hash root(final List<Hash> txHashes) {
        final byte[] work = new byte[txHashes.size() * Hash.LENGTH];
        for (int i = 0; i < txHashes.size(); i++) {
            txHashes.get(i).copyTo(work, i * Hash.LENGTH);
        }
        final byte[] out = new byte[Hash.LENGTH];
        computeRoot(work, txHashes.size(), out, 0);
        return Hash.of(out);
    }

    /**
     * Computes the root over the {@code count} transaction hashes packed in {@code work} (32 bytes
     * each, from index 0) and writes it to {@code out[outOffset]}. Overwrites {@code work}.
     */
    public static void computeRoot(final byte[] work, final int count, final byte[] out, final int outOffset) {
        if (count < 0 || work.length < (long) count * Hash.LENGTH) {
            throw new IllegalArgumentException("work holds " + work.length / Hash.LENGTH + " hashes, not " + count);
        }
        if (count == 0) {
            EMPTY_ROOT.copyTo(out, outOffset);
            return;
        }
        final MessageDigest md = Hashing.sha256();
        for (int i = 0; i < count; i++) {
            md.update(LEAF_TAG);
            md.update(work, i * Hash.LENGTH, Hash.LENGTH);
            digestInto(md, work, i * Hash.LENGTH);
        }
        int n = count;
        while (n > 1) {
            final int pairs = n / 2;
            for (int i = 0; i < pairs; i++) {
                // Node i reads slots 2i and 2i+1 before it overwrites slot i <= 2i: in place is safe.
                md.update(NODE_TAG);
                md.update(work, 2 * i * Hash.LENGTH, 2 * Hash.LENGTH);
                digestInto(md, work, i * Hash.LENGTH);
            }
            if ((n & 1) != 0) {
                System.arraycopy(work, (n - 1) * Hash.LENGTH, work, pairs * Hash.LENGTH, Hash.LENGTH);
            }
            n = pairs + (n & 1);
        }
        System.arraycopy(work, 0, out, outOffset, Hash.LENGTH);
    }

    private static void digestInto(final MessageDigest md, final byte[] dst, final int offset) {
        try {
            md.digest(dst, offset, Hash.LENGTH);
        } catch (final DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output slot", e);
        }
    }
}
