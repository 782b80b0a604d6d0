package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.Hashing;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The state tree's hash functions, each SHA-256 behind its own tag (US-ASCII bytes then a zero byte).
 * The tags live here rather than in {@link Hashing.Domain} so that the tree's format is versioned
 * with the tree; they share the {@code kairos/} prefix, so no Kairos hash input of another kind can
 * start with the same bytes.
 * <ul>
 *   <li>key = SHA-256("kairos/smt-key/v1\0" || address[20])</li>
 *   <li>leaf = SHA-256("kairos/smt-leaf/v1\0" || address[20] || balance u64 LE || nonce u64 LE)</li>
 *   <li>node = SHA-256("kairos/smt-node/v1\0" || left[32] || right[32])</li>
 *   <li>empty = SHA-256("kairos/smt-empty/v1\0")</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance per owner; it reuses its digest and scratch buffer.
 */
final class SmtHasher {
    static final int KEY_BITS = 256;
    static final int VALUE_LENGTH = Address.LENGTH + Long.BYTES + Long.BYTES;

    private static final byte[] KEY_TAG = tag("kairos/smt-key/v1");
    private static final byte[] LEAF_TAG = tag("kairos/smt-leaf/v1");
    private static final byte[] NODE_TAG = tag("kairos/smt-node/v1");
    private static final byte[] EMPTY_TAG = tag("kairos/smt-empty/v1");

    /** The hash standing for a subtree with no accounts, at any depth; also the empty tree's root. */
    static final byte[] EMPTY = emptyHash();

    private final MessageDigest md;
    private final byte[] value = new byte[VALUE_LENGTH];

    SmtHasher(final MessageDigest md) {
        this.md = md;
    }

    SmtHasher() {
        this(Hashing.newSha256());
    }

    private static byte[] tag(final String text) {
        final byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        final byte[] tag = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, tag, 0, ascii.length);
        return tag;
    }

    private static byte[] emptyHash() {
        final MessageDigest md = Hashing.newSha256();
        md.update(EMPTY_TAG);
        return md.digest();
    }

    static Hash emptyRoot() {
        return Hash.of(EMPTY);
    }

    void key(final Address address, final byte[] out) {
        md.reset();
        md.update(KEY_TAG);
        address.copyTo(value, 0);
        md.update(value, 0, Address.LENGTH);
        finish(out, 0);
    }

    void leaf(final Address address, final long balance, final long nonce, final byte[] out) {
        address.copyTo(value, 0);
        putLongLe(value, Address.LENGTH, balance);
        putLongLe(value, Address.LENGTH + Long.BYTES, nonce);
        md.reset();
        md.update(LEAF_TAG);
        md.update(value, 0, VALUE_LENGTH);
        finish(out, 0);
    }

    /** {@code out} may be the same array as {@code left} or {@code right}: both are read first. */
    void node(final byte[] left, final int leftOff, final byte[] right, final int rightOff, final byte[] out) {
        md.reset();
        md.update(NODE_TAG);
        md.update(left, leftOff, Hash.LENGTH);
        md.update(right, rightOff, Hash.LENGTH);
        finish(out, 0);
    }

    private void finish(final byte[] out, final int offset) {
        try {
            md.digest(out, offset, Hash.LENGTH);
        } catch (final DigestException e) {
            throw new IllegalStateException("a 32-byte buffer is too small for SHA-256", e);
        }
    }

    /** Bit {@code index} of a 256-bit key, most significant bit of byte 0 first. */
    static int bit(final byte[] key, final int index) {
        return (key[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    static void putLongLe(final byte[] dst, final int offset, final long v) {
        for (int i = 0; i < Long.BYTES; i++) {
            dst[offset + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLongLe(final byte[] src, final int offset) {
        long v = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            v = (v << 8) | (src[offset + i] & 0xFFL);
        }
        return v;
    }
}
