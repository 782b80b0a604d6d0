package io.kairos.engine.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 with domain separation. Every hash Kairos defines starts with a tag naming what is hashed
 * (see {@link Domain}), so that bytes valid as one structure can never be passed off as another.
 * The JDK's SHA-256 is used: it runs on the CPU's SHA extensions where present.
 *
 * <p>Not thread-safe per instance; {@link #sha256()} hands each thread its own digest.
 */
public final class Hashing {
    /** The domain tags, each hashed as its US-ASCII bytes followed by a zero byte. */
    public enum Domain {
        TRANSACTION("kairos/tx/v1"),
        TRANSACTION_SIGNING("kairos/tx-sign/v1"),
        BLOCK_HEADER("kairos/block/v1"),
        MERKLE_LEAF("kairos/merkle-leaf/v1"),
        MERKLE_NODE("kairos/merkle-node/v1"),
        ADDRESS("kairos/address/v1"),
        GENESIS("kairos/genesis/v1");

        private final byte[] tag;

        Domain(final String tag) {
            final byte[] ascii = tag.getBytes(StandardCharsets.US_ASCII);
            this.tag = new byte[ascii.length + 1];
            System.arraycopy(ascii, 0, this.tag, 0, ascii.length);
        }

        /** The tag bytes including the terminating zero. */
        public byte[] tag() {
            return tag.clone();
        }

        void feed(final MessageDigest md) {
            md.update(tag);
        }
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashing::newSha256);

    private Hashing() {
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** This thread's digest, reset. */
    public static MessageDigest sha256() {
        final MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    /** SHA-256(tag(domain) || data[offset, offset+length)). */
    public static Hash hash(final Domain domain, final byte[] data, final int offset, final int length) {
        final MessageDigest md = sha256();
        domain.feed(md);
        md.update(data, offset, length);
        return Hash.wrap(md.digest());
    }

    public static Hash hash(final Domain domain, final byte[] data) {
        return hash(domain, data, 0, data.length);
    }

    /** SHA-256(tag(domain) || parts[0] || parts[1] || ...). */
    public static Hash hash(final Domain domain, final byte[]... parts) {
        final MessageDigest md = sha256();
        domain.feed(md);
        for (final byte[] p : parts) {
            md.update(p);
        }
        return Hash.wrap(md.digest());
    }

    /** Starts a digest already fed with the domain tag, for callers that stream many parts. */
    public static MessageDigest begin(final Domain domain) {
        final MessageDigest md = sha256();
        domain.feed(md);
        return md;
    }

    /** Finishes a digest from {@link #begin(Domain)}. */
    public static Hash finish(final MessageDigest md) {
        return Hash.wrap(md.digest());
    }
}
