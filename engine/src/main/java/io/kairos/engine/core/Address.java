package io.kairos.engine.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * An immutable 20-byte account address. Addresses of keys are derived by
 * {@link io.kairos.engine.crypto.SignatureScheme#address(byte[])}, which hashes the scheme tag with the
 * key so that the same key bytes under two schemes never give the same address.
 * Text form: {@code 0x} and 40 lower-case hex digits.
 */
public final class Address implements Comparable<Address> {
    public static final int LENGTH = 20;
    public static final Address ZERO = new Address(new byte[LENGTH]);

    private final byte[] bytes;

    private Address(final byte[] bytes) {
        this.bytes = bytes;
    }

    public static Address of(final byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH,
                "an address is " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new Address(bytes.clone());
    }

    /** The first 20 bytes of {@code digest}. */
    public static Address fromDigest(final byte[] digest) {
        if (digest.length < LENGTH) {
            throw new ValidationException(ValidationError.WRONG_LENGTH, "digest shorter than an address");
        }
        return new Address(Arrays.copyOf(digest, LENGTH));
    }

    public static Address read(final DirectBuffer buffer, final int offset) {
        final byte[] b = new byte[LENGTH];
        buffer.getBytes(offset, b);
        return new Address(b);
    }

    /**
     * Parses {@code 0x} plus 40 hex digits (the prefix is required so that an address is never
     * mistaken for another hex field).
     */
    public static Address fromHex(final String text) {
        if (text == null || !(text.startsWith("0x") || text.startsWith("0X"))) {
            throw new ValidationException(ValidationError.INVALID_ENCODING,
                "an address is written 0x followed by 40 hex digits, got: " + text);
        }
        return of(Hex.decode(text));
    }

    public void write(final MutableDirectBuffer buffer, final int offset) {
        buffer.putBytes(offset, bytes);
    }

    public void copyTo(final byte[] dst, final int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String toHex() {
        return Hex.encodePrefixed(bytes);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Address a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(final Address o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
