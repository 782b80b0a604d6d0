package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;
import io.kairos.engine.state.LedgerState;

import java.util.Arrays;
import java.util.Collection;

/**
 * The state commitment: a binary sparse Merkle tree over 256-bit keys, key = SHA-256 of the tagged
 * address (see {@code docs/state-commitment.md} for every byte). A subtree holding one account is
 * represented by that account's leaf, placed at the first depth where its key's prefix is unique; a
 * subtree holding none is the constant empty hash. The root therefore depends only on the set of
 * accounts, never on the order of updates.
 *
 * <p>Incremental: {@link #update} walks one path (about log2(n) nodes for n accounts) and marks it
 * dirty; {@link #root()} rehashes only the dirty nodes, so a block touching k accounts costs about
 * k * log2(n) SHA-256 compressions, shared prefixes hashed once. Updating an existing account
 * allocates nothing; inserting one allocates a leaf and, on average, about one inner node.
 *
 * <p>Deletion: none. Kairos never deletes accounts, so an account with balance 0 and nonce 0 is an
 * ordinary leaf, distinct from an absent address.
 *
 * <p>Threading: owned by one thread; no method is safe for concurrent use, reads included.
 */
public final class StateTree {
    /** The root of the tree with no accounts: SHA-256("kairos/smt-empty/v1\0"). */
    public static final Hash EMPTY_ROOT = SmtHasher.emptyRoot();

    private abstract static sealed class Node permits Leaf, Inner {
        final byte[] hash = new byte[Hash.LENGTH];
        boolean dirty = true;
    }

    private static final class Leaf extends Node {
        final byte[] key;
        final Address address;
        long balance;
        long nonce;

        Leaf(final byte[] key, final Address address, final long balance, final long nonce) {
            this.key = key;
            this.address = address;
            this.balance = balance;
            this.nonce = nonce;
        }
    }

    private static final class Inner extends Node {
        Node left;
        Node right;

        Node child(final int bit) {
            return bit == 0 ? left : right;
        }

        void set(final int bit, final Node child) {
            if (bit == 0) {
                left = child;
            } else {
                right = child;
            }
        }
    }

    private final SmtHasher hasher = new SmtHasher();
    private final byte[] keyScratch = new byte[Hash.LENGTH];
    private Node root;
    private int size;

    public StateTree() {
    }

    /**
     * A tree holding exactly {@code accounts}, built bottom-up from the sorted keys without the
     * per-insert path walks; for snapshots and genesis.
     *
     * @throws ValidationException INVALID_VALUE if an address appears twice, INVALID_AMOUNT if a
     *     balance or nonce is negative
     */
    public static StateTree fromAccounts(final Collection<LedgerState.Account> accounts) {
        final StateTree tree = new StateTree();
        final Leaf[] leaves = new Leaf[accounts.size()];
        int n = 0;
        for (final LedgerState.Account a : accounts) {
            checkValues(a.address(), a.balance(), a.nonce());
            final byte[] key = new byte[Hash.LENGTH];
            tree.hasher.key(a.address(), key);
            leaves[n++] = new Leaf(key, a.address(), a.balance(), a.nonce());
        }
        Arrays.sort(leaves, (x, y) -> Arrays.compareUnsigned(x.key, y.key));
        for (int i = 1; i < n; i++) {
            if (Arrays.equals(leaves[i - 1].key, leaves[i].key)) {
                throw new ValidationException(ValidationError.INVALID_VALUE,
                    "address " + leaves[i].address + " appears more than once");
            }
        }
        tree.root = build(leaves, 0, n, 0);
        tree.size = n;
        tree.commit();
        return tree;
    }

    private static Node build(final Leaf[] sorted, final int from, final int to, final int depth) {
        if (to == from) {
            return null;
        }
        if (to - from == 1) {
            return sorted[from];
        }
        int lo = from;
        int hi = to;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (SmtHasher.bit(sorted[mid].key, depth) == 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        final Inner inner = new Inner();
        inner.left = build(sorted, from, lo, depth + 1);
        inner.right = build(sorted, lo, to, depth + 1);
        return inner;
    }

    /** The number of accounts in the tree. */
    public int size() {
        return size;
    }

    /**
     * Sets the account at {@code address}, creating it if absent. The root is not rehashed until
     * {@link #root()}, {@link #commit()} or {@link #prove} asks for it.
     *
     * @throws ValidationException INVALID_AMOUNT if balance or nonce is negative
     */
    public void update(final Address address, final long balance, final long nonce) {
        checkValues(address, balance, nonce);
        hasher.key(address, keyScratch);
        if (root == null) {
            root = newLeaf(address, balance, nonce);
            return;
        }
        Inner parent = null;
        int parentBit = 0;
        Node node = root;
        int depth = 0;
        while (node instanceof Inner inner) {
            inner.dirty = true;
            final int bit = SmtHasher.bit(keyScratch, depth);
            final Node child = inner.child(bit);
            if (child == null) {
                inner.set(bit, newLeaf(address, balance, nonce));
                return;
            }
            parent = inner;
            parentBit = bit;
            node = child;
            depth++;
        }
        final Leaf leaf = (Leaf) node;
        if (Arrays.equals(leaf.key, keyScratch)) {
            leaf.balance = balance;
            leaf.nonce = nonce;
            leaf.dirty = true;
            return;
        }
        final Leaf fresh = newLeaf(address, balance, nonce);
        int split = depth;
        while (SmtHasher.bit(leaf.key, split) == SmtHasher.bit(fresh.key, split)) {
            split++;
        }
        Inner sub = new Inner();
        sub.set(SmtHasher.bit(fresh.key, split), fresh);
        sub.set(SmtHasher.bit(leaf.key, split), leaf);
        for (int d = split - 1; d >= depth; d--) {
            final Inner up = new Inner();
            up.set(SmtHasher.bit(fresh.key, d), sub);
            sub = up;
        }
        if (parent == null) {
            root = sub;
        } else {
            parent.set(parentBit, sub);
        }
    }

    private Leaf newLeaf(final Address address, final long balance, final long nonce) {
        size++;
        return new Leaf(keyScratch.clone(), address, balance, nonce);
    }

    private static void checkValues(final Address address, final long balance, final long nonce) {
        if (address == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "an account needs an address");
        }
        if (balance < 0 || nonce < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT,
                "balance and nonce are non-negative, got " + balance + " and " + nonce + " for " + address);
        }
    }

    /** Rehashes the nodes touched since the last commit. */
    public void commit() {
        if (root != null) {
            rehash(root);
        }
    }

    private void rehash(final Node node) {
        if (!node.dirty) {
            return;
        }
        switch (node) {
            case Leaf leaf -> hasher.leaf(leaf.address, leaf.balance, leaf.nonce, leaf.hash);
            case Inner inner -> {
                if (inner.left != null) {
                    rehash(inner.left);
                }
                if (inner.right != null) {
                    rehash(inner.right);
                }
                final byte[] l = inner.left == null ? SmtHasher.EMPTY : inner.left.hash;
                final byte[] r = inner.right == null ? SmtHasher.EMPTY : inner.right.hash;
                hasher.node(l, 0, r, 0, inner.hash);
            }
        }
        node.dirty = false;
    }

    /** The commitment to every account now in the tree; rehashes the dirty paths first. */
    public Hash root() {
        commit();
        return root == null ? EMPTY_ROOT : Hash.of(root.hash);
    }

    /**
     * A proof for {@code address} against {@link #root()}: inclusion with its balance and nonce when
     * present, exclusion otherwise.
     */
    public Proof prove(final Address address) {
        if (address == null) {
            throw new ValidationException(ValidationError.INVALID_VALUE, "a proof needs an address");
        }
        commit();
        final byte[] key = new byte[Hash.LENGTH];
        hasher.key(address, key);
        final byte[] path = new byte[Proof.MAX_DEPTH * Hash.LENGTH];
        int depth = 0;
        Node node = root;
        while (node instanceof Inner inner) {
            final int bit = SmtHasher.bit(key, depth);
            final Node sibling = inner.child(bit ^ 1);
            System.arraycopy(sibling == null ? SmtHasher.EMPTY : sibling.hash, 0, path, depth * Hash.LENGTH,
                Hash.LENGTH);
            node = inner.child(bit);
            depth++;
        }
        final byte[] siblings = Arrays.copyOf(path, depth * Hash.LENGTH);
        if (node == null) {
            return new Proof(Proof.Kind.EXCLUSION_EMPTY, siblings, null, 0, 0);
        }
        final Leaf leaf = (Leaf) node;
        if (Arrays.equals(leaf.key, key)) {
            return new Proof(Proof.Kind.INCLUSION, siblings, null, leaf.balance, leaf.nonce);
        }
        return new Proof(Proof.Kind.EXCLUSION_LEAF, siblings, leaf.address, leaf.balance, leaf.nonce);
    }
}
