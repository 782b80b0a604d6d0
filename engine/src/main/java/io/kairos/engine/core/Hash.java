package io.kairos.engine.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/** An immutable 32-byte SHA-256 digest. Equality and ordering are by bytes (unsigned, big-endian). */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    private final byte[] bytes;

    private Hash(final byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of exactly 32 bytes. */
    public static Hash of(final byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "a hash is " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new Hash(bytes.clone());
    }

    /** Takes ownership of the array (no copy); for digests the caller has just computed. */
    static Hash wrap(final byte[] bytes) {
        return new Hash(bytes);
    }

    public static Hash read(final DirectBuffer buffer, final int offset) {
        final byte[] b = new byte[LENGTH];
        buffer.getBytes(offset, b);
        return new Hash(b);
    }

    public static Hash fromHex(final String hex) {
        return of(Hex.decode(hex));
    }

    public void write(final MutableDirectBuffer buffer, final int offset) {
        buffer.putBytes(offset, bytes);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the digest into {@code dst} at {@code offset}. */
    public void copyTo(final byte[] dst, final int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public boolean isZero() {
        return Arrays.equals(bytes, ZERO.bytes);
    }

    public String toHex() {
        return Hex.encodePrefixed(bytes);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(final Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
