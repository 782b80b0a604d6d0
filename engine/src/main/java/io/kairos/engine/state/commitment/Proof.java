package io.kairos.engine.state.commitment;

import io.kairos.engine.core.Address;
import io.kairos.engine.core.Hash;
import io.kairos.engine.core.ValidationError;
import io.kairos.engine.core.ValidationException;

import java.util.Arrays;

/**
 * A proof that an address has a given account in the state tree, or has none, checked by
 * {@link ProofVerifier} against a root alone.
 *
 * <p>A proof is the path from the root towards the address's key: one sibling hash per level, top
 * down, ending in a terminal that is the account itself ({@link Kind#INCLUSION}), an empty subtree
 * ({@link Kind#EXCLUSION_EMPTY}), or the one other account that occupies the subtree the key would
 * fall into ({@link Kind#EXCLUSION_LEAF}).
 *
 * <p>Canonical encoding (all integers little-endian), at most {@link #MAX_ENCODED_LENGTH} bytes:
 * <pre>
 *   version u8 (= 1) | kind u8 (0 inclusion, 1 exclusion-empty, 2 exclusion-leaf) | depth u16 (0..256)
 *   | bitmap ceil(depth/8) bytes: bit i (byte i/8, bit i%8 from the least significant) set when
 *     sibling i is not the empty-subtree hash; unused high bits of the last byte are zero
 *   | the non-empty siblings, 32 bytes each, top down
 *   | terminal: inclusion: balance u64 | nonce u64; exclusion-empty: nothing;
 *     exclusion-leaf: address[20] | balance u64 | nonce u64
 * </pre>
 * A sibling equal to the empty-subtree hash must be sent as a clear bitmap bit, so each proof has
 * exactly one encoding.
 *
 * <p>Immutable and thread-safe.
 */
public final class Proof {
    /** What the proof ends in. */
    public enum Kind {
        INCLUSION(0),
        EXCLUSION_EMPTY(1),
        EXCLUSION_LEAF(2);

        private final int code;

        Kind(final int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static final int VERSION = 1;
    /** Keys are 256 bits, so no path is longer. */
    public static final int MAX_DEPTH = SmtHasher.KEY_BITS;
    private static final int HEADER = 4;
    public static final int MAX_ENCODED_LENGTH =
        HEADER + MAX_DEPTH / 8 + MAX_DEPTH * Hash.LENGTH + SmtHasher.VALUE_LENGTH;

    private final Kind kind;
    private final int depth;
    /** depth * 32 bytes, sibling at depth i (the child of the node at depth i that is off the path). */
    private final byte[] siblings;
    private final Address otherAddress;
    private final long balance;
    private final long nonce;

    Proof(final Kind kind, final byte[] siblings, final Address otherAddress, final long balance,
          final long nonce) {
        this.kind = kind;
        this.depth = siblings.length / Hash.LENGTH;
        this.siblings = siblings;
        this.otherAddress = otherAddress;
        this.balance = balance;
        this.nonce = nonce;
    }

    public Kind kind() {
        return kind;
    }

    /** The number of siblings, which is the depth of the terminal below the root. */
    public int depth() {
        return depth;
    }

    /** The sibling at depth {@code level}, 0 being the root's child. */
    public Hash sibling(final int level) {
        if (level < 0 || level >= depth) {
            throw new IndexOutOfBoundsException("level " + level + " of a proof of depth " + depth);
        }
        return Hash.of(Arrays.copyOfRange(siblings, level * Hash.LENGTH, (level + 1) * Hash.LENGTH));
    }

    byte[] siblingsView() {
        return siblings;
    }

    /** The account's balance for an inclusion proof, the other account's for exclusion-leaf, else 0. */
    public long balance() {
        return balance;
    }

    /** The account's nonce for an inclusion proof, the other account's for exclusion-leaf, else 0. */
    public long nonce() {
        return nonce;
    }

    /** The account found in the key's place for {@link Kind#EXCLUSION_LEAF}; null otherwise. */
    public Address otherAddress() {
        return otherAddress;
    }

    public int encodedLength() {
        int length = HEADER + bitmapLength(depth) + nonEmptySiblings() * Hash.LENGTH;
        length += switch (kind) {
            case INCLUSION -> 2 * Long.BYTES;
            case EXCLUSION_EMPTY -> 0;
            case EXCLUSION_LEAF -> SmtHasher.VALUE_LENGTH;
        };
        return length;
    }

    public byte[] encode() {
        final byte[] out = new byte[encodedLength()];
        out[0] = (byte) VERSION;
        out[1] = (byte) kind.code;
        out[2] = (byte) depth;
        out[3] = (byte) (depth >>> 8);
        final int bitmapAt = HEADER;
        int p = HEADER + bitmapLength(depth);
        for (int i = 0; i < depth; i++) {
            if (!isEmpty(siblings, i * Hash.LENGTH)) {
                out[bitmapAt + (i >>> 3)] |= (byte) (1 << (i & 7));
                System.arraycopy(siblings, i * Hash.LENGTH, out, p, Hash.LENGTH);
                p += Hash.LENGTH;
            }
        }
        switch (kind) {
            case INCLUSION -> {
                SmtHasher.putLongLe(out, p, balance);
                SmtHasher.putLongLe(out, p + Long.BYTES, nonce);
            }
            case EXCLUSION_EMPTY -> {
            }
            case EXCLUSION_LEAF -> {
                otherAddress.copyTo(out, p);
                SmtHasher.putLongLe(out, p + Address.LENGTH, balance);
                SmtHasher.putLongLe(out, p + Address.LENGTH + Long.BYTES, nonce);
            }
        }
        return out;
    }

    /**
     * Parses the canonical encoding.
     *
     * @throws ValidationException TRUNCATED, OVERSIZED, UNKNOWN_VERSION, UNKNOWN_TYPE (kind),
     *     INVALID_VALUE (depth over 256), RESERVED_NOT_ZERO (unused bitmap bits),
     *     INVALID_ENCODING (an empty-subtree hash sent as a sibling), INVALID_AMOUNT (negative balance
     *     or nonce), TRAILING_BYTES
     */
    public static Proof decode(final byte[] in) {
        if (in == null) {
            throw new ValidationException(ValidationError.TRUNCATED, "no proof bytes");
        }
        if (in.length > MAX_ENCODED_LENGTH) {
            throw new ValidationException(ValidationError.OVERSIZED,
                "a state proof is at most " + MAX_ENCODED_LENGTH + " bytes, got " + in.length);
        }
        need(in, 0, HEADER, "the 4-byte proof header");
        if ((in[0] & 0xFF) != VERSION) {
            throw new ValidationException(ValidationError.UNKNOWN_VERSION,
                "state proof version " + VERSION + " expected, got " + (in[0] & 0xFF));
        }
        final Kind kind = switch (in[1] & 0xFF) {
            case 0 -> Kind.INCLUSION;
            case 1 -> Kind.EXCLUSION_EMPTY;
            case 2 -> Kind.EXCLUSION_LEAF;
            default -> throw new ValidationException(ValidationError.UNKNOWN_TYPE,
                "proof kind 0, 1 or 2 expected, got " + (in[1] & 0xFF));
        };
        final int depth = (in[2] & 0xFF) | (in[3] & 0xFF) << 8;
        if (depth > MAX_DEPTH) {
            throw new ValidationException(ValidationError.INVALID_VALUE,
                "proof depth is at most " + MAX_DEPTH + ", got " + depth);
        }
        final int bitmapLength = bitmapLength(depth);
        need(in, HEADER, bitmapLength, "the sibling bitmap of " + bitmapLength + " bytes");
        if (depth % 8 != 0 && (in[HEADER + bitmapLength - 1] & 0xFF) >>> (depth % 8) != 0) {
            throw new ValidationException(ValidationError.RESERVED_NOT_ZERO,
                "bitmap bits past depth " + depth + " must be zero");
        }
        final byte[] siblings = new byte[depth * Hash.LENGTH];
        int p = HEADER + bitmapLength;
        for (int i = 0; i < depth; i++) {
            final int at = i * Hash.LENGTH;
            if ((in[HEADER + (i >>> 3)] >>> (i & 7) & 1) != 0) {
                need(in, p, Hash.LENGTH, "sibling " + i);
                System.arraycopy(in, p, siblings, at, Hash.LENGTH);
                if (isEmpty(siblings, at)) {
                    throw new ValidationException(ValidationError.INVALID_ENCODING,
                        "sibling " + i + " is the empty-subtree hash, which the bitmap must encode");
                }
                p += Hash.LENGTH;
            } else {
                System.arraycopy(SmtHasher.EMPTY, 0, siblings, at, Hash.LENGTH);
            }
        }
        Address other = null;
        long balance = 0;
        long nonce = 0;
        switch (kind) {
            case INCLUSION -> {
                need(in, p, 2 * Long.BYTES, "the account's balance and nonce");
                balance = SmtHasher.getLongLe(in, p);
                nonce = SmtHasher.getLongLe(in, p + Long.BYTES);
                p += 2 * Long.BYTES;
            }
            case EXCLUSION_EMPTY -> {
            }
            case EXCLUSION_LEAF -> {
                need(in, p, SmtHasher.VALUE_LENGTH, "the other account's address, balance and nonce");
                other = Address.of(Arrays.copyOfRange(in, p, p + Address.LENGTH));
                balance = SmtHasher.getLongLe(in, p + Address.LENGTH);
                nonce = SmtHasher.getLongLe(in, p + Address.LENGTH + Long.BYTES);
                p += SmtHasher.VALUE_LENGTH;
            }
        }
        if (balance < 0 || nonce < 0) {
            throw new ValidationException(ValidationError.INVALID_AMOUNT,
                "balance and nonce are non-negative, got " + balance + " and " + nonce);
        }
        if (p != in.length) {
            throw new ValidationException(ValidationError.TRAILING_BYTES,
                (in.length - p) + " bytes after a complete state proof");
        }
        return new Proof(kind, siblings, other, balance, nonce);
    }

    private static void need(final byte[] in, final int offset, final int length, final String what) {
        if (in.length - offset < length) {
            throw new ValidationException(ValidationError.TRUNCATED,
                "state proof ends at byte " + in.length + " before " + what);
        }
    }

    private static int bitmapLength(final int depth) {
        return (depth + 7) >>> 3;
    }

    private int nonEmptySiblings() {
        int n = 0;
        for (int i = 0; i < depth; i++) {
            if (!isEmpty(siblings, i * Hash.LENGTH)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isEmpty(final byte[] hashes, final int offset) {
        return Arrays.equals(hashes, offset, offset + Hash.LENGTH, SmtHasher.EMPTY, 0, Hash.LENGTH);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Proof p && Arrays.equals(encode(), p.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "Proof[" + kind + ", depth " + depth + "]";
    }
}
