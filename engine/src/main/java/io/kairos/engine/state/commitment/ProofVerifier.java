package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;

import java.util.Arrays;

/**
 * Checks a {@link Proof} against a state root, with nothing of the tree at hand: a light client's
 * whole view of state is a root from a header it trusts.
 *
 * <p>Soundness rests on SHA-256 collision resistance and the distinct leaf, node and empty tags: a
 * root then opens into exactly one tree, the key's bits fix one path through it, and that path ends
 * in the account, in an empty subtree, or in the one other account whose key shares the path so far.
 * So no address has both a valid inclusion and a valid exclusion proof against one root, nor two
 * inclusion proofs with different values.
 *
 * <p>Stateless and thread-safe; each call allocates its own digest.
 */
public final class ProofVerifier {
    /** What a proof showed. {@code valid} false means it showed nothing and the rest is zero. */
    public record Result(boolean valid, boolean present, long balance, long nonce) {
        public static final Result INVALID = new Result(false, false, 0, 0);
        public static final Result ABSENT = new Result(true, false, 0, 0);
    }

    private ProofVerifier() {
    }

    /** What {@code proof} shows about {@code address} under {@code root}; never throws. */
    public static Result verify(final Hash root, final Address address, final Proof proof) {
        if (root == null || address == null || proof == null) {
            return Result.INVALID;
        }
        final SmtHasher hasher = new SmtHasher();
        final byte[] key = new byte[Hash.LENGTH];
        hasher.key(address, key);
        final int depth = proof.depth();
        final byte[] h = new byte[Hash.LENGTH];
        switch (proof.kind()) {
            case INCLUSION -> hasher.leaf(address, proof.balance(), proof.nonce(), h);
            case EXCLUSION_EMPTY -> System.arraycopy(SmtHasher.EMPTY, 0, h, 0, Hash.LENGTH);
            case EXCLUSION_LEAF -> {
                final Address other = proof.otherAddress();
                if (other.equals(address)) {
                    return Result.INVALID;
                }
                final byte[] otherKey = new byte[Hash.LENGTH];
                hasher.key(other, otherKey);
                for (int i = 0; i < depth; i++) {
                    if (SmtHasher.bit(otherKey, i) != SmtHasher.bit(key, i)) {
                        return Result.INVALID;
                    }
                }
                hasher.leaf(other, proof.balance(), proof.nonce(), h);
            }
        }
        final byte[] siblings = proof.siblingsView();
        for (int level = depth - 1; level >= 0; level--) {
            final int at = level * Hash.LENGTH;
            if (SmtHasher.bit(key, level) == 0) {
                hasher.node(h, 0, siblings, at, h);
            } else {
                hasher.node(siblings, at, h, 0, h);
            }
        }
        if (!Arrays.equals(h, root.toByteArray())) {
            return Result.INVALID;
        }
        return proof.kind() == Proof.Kind.INCLUSION
            ? new Result(true, true, proof.balance(), proof.nonce())
            : Result.ABSENT;
    }

    /**
     * Decodes then verifies.
     *
     * @throws io.kairos.engine.core.ValidationException if the bytes are not a canonical proof
     */
    public static Result verify(final Hash root, final Address address, final byte[] encodedProof) {
        return verify(root, address, Proof.decode(encodedProof));
    }

    /** True when {@code proof} shows {@code address} holds exactly this balance and nonce. */
    public static boolean verifyInclusion(final Hash root, final Address address, final long balance,
                                          final long nonce, final Proof proof) {
        final Result r = verify(root, address, proof);
        return r.valid() && r.present() && r.balance() == balance && r.nonce() == nonce;
    }

    /** True when {@code proof} shows {@code address} has no account. */
    public static boolean verifyExclusion(final Hash root, final Address address, final Proof proof) {
        final Result r = verify(root, address, proof);
        return r.valid() && !r.present();
    }
}
